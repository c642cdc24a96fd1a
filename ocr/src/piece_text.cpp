#include "cesp/ocr/piece_text.h"

#include <regex>
#include <string_view>
#include <utility>

#include "cesp/core/candidate.h"
#include "cesp/core/date.h"
#include "cesp/core/error.h"
#include "cesp/ocr/bank.h"
#include "cesp/ocr/names.h"

namespace cesp::ocr {
namespace {

char digit_of(char c) {
  switch (c) {
    case 'O':
    case 'o':
    case 'Q':
    case 'D': return '0';
    case 'I':
    case 'l':
    case 'L':
    case '|': return '1';
    case 'Z':
    case 'z': return '2';
    case 'S':
    case 's': return '5';
    case 'G': return '6';
    case 'B': return '8';
    default: return c;
  }
}

char letter_of(char c) {
  switch (c) {
    case '0': return 'O';
    case '1': return 'I';
    case '5': return 'S';
    case '8': return 'B';
    case '2': return 'Z';
    default: return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
}

std::string after_label(const std::string& line) {
  const auto colon = line.find(':');
  std::string rest = colon == std::string::npos ? std::string() : line.substr(colon + 1);
  const auto start = rest.find_first_not_of(" \t");
  return start == std::string::npos ? std::string() : rest.substr(start);
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '.')) s.pop_back();
  const auto start = s.find_first_not_of(' ');
  return start == std::string::npos ? std::string() : s.substr(start);
}

// "FR76 3000 6000 0112 3456 7890 189" anywhere on a line: 27 characters once
// spaces are gone, digit positions corrected (the account number may hold letters).
std::string find_iban(const std::string& line) {
  std::string compact;
  for (char c : line)
    if (c != ' ' && c != '.' && c != '-')
      compact += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::size_t at = compact.find("FR"); at != std::string::npos; at = compact.find("FR", at + 1)) {
    if (at + 27 > compact.size()) break;
    std::string iban = compact.substr(at, 27);
    for (std::size_t i = 2; i < 14; ++i) iban[i] = digit_of(iban[i]);
    for (std::size_t i = 25; i < 27; ++i) iban[i] = digit_of(iban[i]);
    bool shape = true;
    for (std::size_t i = 2; i < 27 && shape; ++i)
      shape = std::isalnum(static_cast<unsigned char>(iban[i])) != 0;
    for (std::size_t i = 2; i < 14 && shape; ++i)
      shape = std::isdigit(static_cast<unsigned char>(iban[i])) != 0;
    if (shape) return iban;
  }
  return {};
}

// The INE as read after its label: 9 or 10 digits then letters. Digit
// positions first; Tesseract's misreadings of the letters of sans-serif
// fonts, seen on generated certificates:
//   - a 'J' read as ')', ']', '/' or '|' at the end, or as ')', ']' or '/'
//     before the last letter;
//   - a 'J' read as two glyphs, ")J" or "]J" or "|J";
//   - a '7' read in front of a 'T' or a 'Z' (their top bar) when that makes
//     one character too many.
// The INE has no check character we verify (format only): the price is that
// an INE printed 12 characters long with "7T" or "7Z" in its letters would
// pass, which no issued INE is.
std::string ine_token(const std::string& text) {
  std::string token;
  for (char c : text)
    if (c != ' ') token += c;
  const auto j_like = [](char c) { return c == ')' || c == ']' || c == '/' || c == '|'; };
  for (std::size_t k = 9; k + 1 < token.size(); ++k)
    if (j_like(token[k]) && token[k + 1] == 'J') token.erase(k, 1);
  if (token.size() == 12)
    for (std::size_t k = 9; k + 1 < token.size(); ++k)
      if (token[k] == '7' && (token[k + 1] == 'T' || token[k + 1] == 'Z')) {
        token.erase(k, 1);
        break;
      }
  if (!token.empty() && j_like(token.back())) token.back() = 'J';
  if (token.size() == 11 && token[9] != '|' && j_like(token[9]) &&
      std::isupper(static_cast<unsigned char>(token[10])))
    token[9] = 'J';  // not '|': in a 10-digit INE that is a '1'
  for (std::size_t k = 0; k < token.size() && k < 9; ++k) token[k] = digit_of(token[k]);
  if (!token.empty()) token.back() = letter_of(token.back());
  return token;
}

// Characters Tesseract confuses on INEs, by the class standing for them.
char look_alike_class(char c) {
  static const std::pair<std::string_view, char> kClasses[] = {{"ODQUC", '0'}, {"ILJ|)]/!", '1'}, {"Z7", '2'},
                                                               {"S", '5'},     {"G", '6'},        {"B", '8'},
                                                               {"A", '4'},     {"F", 'E'}};
  for (const auto& [members, standing_for] : kClasses)
    if (members.find(c) != std::string_view::npos) return standing_for;
  return c;
}

std::string look_alike_classes(const std::string& text) {
  std::string out;
  for (char c : fold_upper(text))
    if (c != ' ') out += look_alike_class(c);
  return out;
}

const std::regex& bic_pattern() {
  static const std::regex re("\\b([A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\\b");
  return re;
}

// The level named on a line: a code ("DFASM2", "DFASM 2", "DES" in
// capitals, "interne") or the long French wording ("... formation
// approfondie en sciences médicales, 2e année").
std::optional<StudyLevel> find_level(const std::string& line, Discipline discipline) {
  const auto words = name_words(line);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    // "DES" only as a word of its own in capitals (not the article "des",
    // not "DE SCOLARITE" glued together); "interne"/"internat" likewise whole.
    if (w == "DES") {
      if (line.find("DES") != std::string::npos) return parse_study_level("DES", discipline);
      continue;
    }
    if (w == "INTERNE" || w == "INTERNAT") return parse_study_level("INTERNE", discipline);
    if (w.rfind("DES", 0) == 0 || w.rfind("INTERN", 0) == 0) continue;
    for (const std::string& candidate : {w, i + 1 < words.size() ? w + words[i + 1] : w}) {
      if (candidate.rfind("DES", 0) == 0 || candidate.rfind("INTERN", 0) == 0) continue;
      if (auto level = parse_study_level(candidate, discipline)) return level;
    }
  }
  const std::string folded = fold_upper(line);
  static const std::regex long_form(
      R"(FORMATION (APPROFONDIE|GENERALE) EN SCIENCES (MEDICALES|ODONTOLOGIQUES)\s*(\d)\s*(E|EME|ERE|RE) ANNEE)");
  std::smatch m;
  if (std::regex_search(folded, m, long_form)) {
    const std::string code = std::string(m[1] == "APPROFONDIE" ? "DFA" : "DFG") + "S" +
                             (m[2] == "MEDICALES" ? "M" : "O") + m[3].str();
    return parse_study_level(code, m[2] == "MEDICALES" ? Discipline::medecine : Discipline::odontologie);
  }
  if (folded.find("DIPLOME D ETUDES SPECIALISEES") != std::string::npos)
    return parse_study_level("DES", discipline);
  return std::nullopt;
}

}  // namespace

std::string fold_upper(const std::string& utf8) {
  std::string out;
  for (const auto& word : name_words(utf8)) out += (out.empty() ? "" : " ") + word;
  return out;
}

RibFields parse_rib_text(const std::vector<std::string>& lines) {
  RibFields f;
  static const std::regex table(R"((\d{5})\s+(\d{5})\s+([0-9A-Z]{11})\s+(\d{2})\b)");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    const std::string folded = fold_upper(line);
    if (f.holder.empty() && folded.find("TITULAIRE") != std::string::npos) {
      f.holder = after_label(line);
      if (f.holder.empty() && i + 1 < lines.size()) f.holder = lines[i + 1];
      f.holder = trim(f.holder);
    }
    if (f.bank.empty() && (folded.rfind("BANQUE", 0) == 0 || folded.rfind("ETABLISSEMENT", 0) == 0) &&
        line.find(':') != std::string::npos)
      f.bank = trim(after_label(line));
    if (f.iban.empty() &&
        (folded.find("IBAN") != std::string::npos || folded.find("FR") != std::string::npos))
      f.iban = find_iban(line);
    if (f.bic.empty() &&
        (folded.find("BIC") != std::string::npos || folded.find("SWIFT") != std::string::npos)) {
      std::string rest = after_label(line);
      if (rest.empty()) rest = line.substr(line.find("BIC") == std::string::npos ? 0 : line.find("BIC") + 3);
      std::string token;
      for (char c : rest) {
        if (c == ' ') {
          if (!token.empty()) break;
          continue;
        }
        token += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      // Letters-only positions undo digit confusions; the rest stays as read.
      for (std::size_t k = 0; k < token.size() && k < 6; ++k) token[k] = letter_of(token[k]);
      f.bic = token;
    }
    std::smatch m;
    std::string upper = line;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (f.bank_code.empty() && std::regex_search(upper, m, table)) {
      f.bank_code = m[1];
      f.branch_code = m[2];
      f.account_number = m[3];
      f.rib_key = m[4];
    }
  }
  if (f.bic.empty()) {
    for (const auto& line : lines) {
      std::smatch m;
      if (std::regex_search(line, m, bic_pattern()) && bic_format_valid(m[1].str()) &&
          m[1].str().substr(4, 2) == "FR") {
        f.bic = m[1];
        break;
      }
    }
  }
  return f;
}

CertificateFields parse_certificate_text(const std::vector<std::string>& lines) {
  CertificateFields f;
  std::string all;
  for (const auto& line : lines) all += fold_upper(line) + "\n";
  const bool odonto = all.find("ODONTO") != std::string::npos || all.find("DFASO") != std::string::npos ||
                      all.find("DFGSO") != std::string::npos;
  f.discipline = odonto ? "odontologie" : "medecine";
  static const std::regex year_re(R"((20\d\d)\s*[-/]\s*(20\d\d))");
  static const std::regex date_re(R"((\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}))");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    const std::string folded = fold_upper(line);
    if (f.institution.empty() && folded.find("UNIVERSIT") != std::string::npos) f.institution = trim(line);
    if (f.faculty.empty() && (folded.rfind("UFR", 0) == 0 || folded.rfind("FACULTE", 0) == 0))
      f.faculty = trim(line);
    std::smatch m;
    if (std::regex_search(line, m, year_re) && std::stoi(m[2]) == std::stoi(m[1]) + 1 &&
        (f.academic_year.empty() || folded.find("ANNEE") != std::string::npos))
      f.academic_year = m[1].str() + "-" + m[2].str();
    if (f.surname.empty() && folded.rfind("NOM ", 0) == 0 && line.find(':') != std::string::npos)
      f.surname = trim(after_label(line));
    if (f.given_names.empty() && folded.rfind("PRENOM", 0) == 0) f.given_names = trim(after_label(line));
    if (f.birth_date.empty() &&
        (folded.rfind("NE ", 0) == 0 || folded.find("NAISSANCE") != std::string::npos ||
         folded.rfind("NEE ", 0) == 0 || folded.rfind("NE E", 0) == 0)) {
      std::string digits;
      for (char c : line) digits += std::isalpha(static_cast<unsigned char>(c)) ? digit_of(c) : c;
      if (std::regex_search(digits, m, date_re)) {
        try {
          f.birth_date = Date(std::stoi(m[3]), std::stoi(m[2]), std::stoi(m[1])).iso();
        } catch (const Error&) {
        }
      }
    }
    // "INE" as a word of the label (not inside "Inès" on the given-names line).
    const std::string label = fold_upper(line.substr(0, line.find(':')));
    if (f.ine.empty() && (" " + label + " ").find(" INE ") != std::string::npos &&
        line.find(':') != std::string::npos) {
      f.ine = ine_token(after_label(line));
    }
    if (f.level.empty()) {
      auto level = find_level(line, odonto ? Discipline::odontologie : Discipline::medecine);
      if (level) {
        f.level = level->code;
        f.year_of_study = level->year_of_study;
        f.internship = level->internship;
        f.level_text = trim(line);
      }
    }
  }
  return f;
}

bool ine_reads_as(const std::string& read, const std::string& printed) {
  const std::string a = look_alike_classes(read), b = look_alike_classes(printed);
  if (b.empty()) return false;
  if (a == b) return true;
  // `longer` is `shorter` with one character more, anywhere.
  const auto one_more = [](const std::string& longer, const std::string& shorter) {
    if (longer.size() != shorter.size() + 1) return false;
    for (std::size_t k = 0; k < longer.size(); ++k)
      if (longer.compare(0, k, shorter, 0, k) == 0 &&
          longer.compare(k + 1, std::string::npos, shorter, k, std::string::npos) == 0)
        return true;
    return false;
  };
  // One character too few (two glyphs read as one: "JZ" as "7"): a reading
  // one short of an INE is never a well-formed INE, so it cannot be another
  // student's INE read right.
  return one_more(a, b) || one_more(b, a);
}

}  // namespace cesp::ocr
