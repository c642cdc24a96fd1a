#include "cesp/ocr/piece_text.h"

#include <algorithm>
#include <optional>
#include <regex>
#include <sstream>
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

// The value after the line's first colon, up to the next column of the row
// (OcrEngine::read_page joins side-by-side lines with a tab).
std::string after_label(const std::string& line) {
  const auto colon = line.find(':');
  std::string rest = colon == std::string::npos ? std::string() : line.substr(colon + 1);
  const auto start = rest.find_first_not_of(" \t");
  if (start == std::string::npos) return {};
  rest = rest.substr(start);
  return rest.substr(0, rest.find('\t'));
}

// ASCII letters in capitals (accented letters stay as printed).
std::string upper_ascii(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// Space-separated words of a line, as printed; a tab (between the columns
// of a row) is a word of its own.
std::vector<std::string> printed_words(const std::string& line) {
  std::vector<std::string> out;
  std::string word;
  for (char c : line + " ") {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
      if (c == '\t') out.emplace_back("\t");
    } else {
      word += c;
    }
  }
  return out;
}

// The words from `from` to the end of their column.
std::string joined_from(const std::vector<std::string>& words, std::size_t from) {
  std::string out;
  for (std::size_t k = from; k < words.size() && words[k] != "\t"; ++k)
    out += (out.empty() ? "" : " ") + words[k];
  return out;
}

// The value after a label that starts `line`, with or without a colon
// ("Nom : X", "Nom de naissance X"). `label` lists the label's words as
// name_words spells them, alternatives separated by '|'; each must be the
// first word of one printed word ("PRENOM" is that of "Prénom(s)"). Empty
// when the line does not start with the label or nothing follows it.
std::optional<std::string> value_after(const std::string& line,
                                       std::initializer_list<std::string_view> label) {
  const auto words = printed_words(line);
  std::size_t k = 0;
  for (std::string_view expected : label) {
    while (k < words.size() && name_words(words[k]).empty()) ++k;  // "N°" "-" ":" ...
    if (k == words.size()) return std::nullopt;
    const auto folded = name_words(words[k]);
    bool found = false;
    for (std::size_t start = 0; start <= expected.size() && !found;) {
      const std::size_t bar = std::min(expected.find('|', start), expected.size());
      found = folded.front() == expected.substr(start, bar - start);
      start = bar + 1;
    }
    if (!found) return std::nullopt;
    ++k;
  }
  while (k < words.size() && name_words(words[k]).empty()) ++k;
  return joined_from(words, k);
}

// The French label an English gloss stands for: a second witness of the
// label when OCR misreads the French one ("Non / Surname").
std::string_view french_label_of(const std::string& gloss) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kGlosses = {
      {"SURNAME", "Nom"},
      {"LAST NAME", "Nom"},
      {"FAMILY NAME", "Nom"},
      {"FIRST NAME", "Prénoms"},
      {"FIRST NAMES", "Prénoms"},
      {"FIRST NAME S", "Prénoms"},
      {"GIVEN NAME", "Prénoms"},
      {"GIVEN NAMES", "Prénoms"},
      {"GIVEN NAME S", "Prénoms"},
      {"DATE OF BIRTH", "Date de naissance"},
      {"STUDENT ID", "INE"},
      {"ACADEMIC YEAR", "Année universitaire"},
      {"ACCOUNT HOLDER", "Titulaire du compte"},
  };
  const std::string key = fold_upper(gloss);
  for (const auto& [english, french] : kGlosses)
    if (key == english) return french;
  return {};
}

// Bilingual labels keep their French part: "Nom / Surname : X" reads as
// "Nom : X" (the part between the slash and the colon holds no digit: not
// a date), or the French label its known English gloss stands for.
std::vector<std::string> french_labels(const std::vector<std::string>& lines) {
  std::vector<std::string> out;
  for (const auto& line : lines) {
    const auto colon = line.find(':'), slash = line.find('/');
    const bool gloss = colon != std::string::npos && slash < colon &&
                       std::none_of(line.begin() + static_cast<std::ptrdiff_t>(slash),
                                    line.begin() + static_cast<std::ptrdiff_t>(colon),
                                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    if (!gloss) {
      out.push_back(line);
      continue;
    }
    const auto french = french_label_of(line.substr(slash + 1, colon - slash - 1));
    out.push_back((french.empty() ? line.substr(0, slash) : std::string(french)) + line.substr(colon));
  }
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '.')) s.pop_back();
  const auto start = s.find_first_not_of(' ');
  return start == std::string::npos ? std::string() : s.substr(start);
}

// "FR76 3000 6000 0112 3456 7890 189" anywhere on a line: 27 characters once
// spaces are gone, digit positions corrected (the account number may hold letters).
std::string find_iban(const std::string& line) {
  const std::string compact = compact_iban(line);
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

// A year written as a digit or an ordinal ("2", "DEUXIEME"; "LERE": "1ère"
// with its 1 read as an l).
int year_number(const std::string& word) {
  static const std::vector<std::string> kOrdinals = {"PREMIERE",  "DEUXIEME",  "TROISIEME",
                                                     "QUATRIEME", "CINQUIEME", "SIXIEME"};
  if (word == "LERE" || word == "IERE") return 1;
  const auto ordinal = std::find(kOrdinals.begin(), kOrdinals.end(), word);
  return ordinal != kOrdinals.end() ? static_cast<int>(ordinal - kOrdinals.begin()) + 1 : std::stoi(word);
}

// The level of a cycle's code: "A" (approfondie) or "G" (générale), "M" or
// "O", the year within the cycle; none when the cycle has no such year.
std::optional<StudyLevel> cycle_level(const std::string& cycle, const std::string& discipline,
                                      int cycle_year) {
  if (cycle_year < 1 || cycle_year > 9) return std::nullopt;
  return parse_study_level("DF" + cycle + "S" + discipline + std::to_string(cycle_year),
                           discipline == "M" ? Discipline::medecine : Discipline::odontologie);
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
    for (std::string candidate : {w, i + 1 < words.size() ? w + words[i + 1] : w}) {
      if (candidate.rfind("DES", 0) == 0 || candidate.rfind("INTERN", 0) == 0) continue;
      // "DFASMI": the year's digit read as a letter; "DFASOZ2": read twice,
      // as its look-alike letter then as itself.
      if (candidate.size() == 7 && candidate.rfind("DF", 0) == 0 && digit_of(candidate[5]) == candidate[6])
        candidate.erase(5, 1);
      Discipline implied = discipline;
      if (candidate.size() == 6 && candidate.rfind("DF", 0) == 0) {
        candidate.back() = digit_of(candidate.back());
        // "DFAS02": the O of odontology read as a zero. The code names its
        // discipline, whatever the rest of the page says.
        if (candidate[4] == '0') candidate[4] = 'O';
        if (candidate[4] == 'O') implied = Discipline::odontologie;
        if (candidate[4] == 'M') implied = Discipline::medecine;
      }
      if (auto level = parse_study_level(candidate, implied)) return level;
    }
  }
  const std::string folded = fold_upper(line);
  // "DFASO? (5e année)", "DFASMP2 (5e année)": the code's digit unreadable
  // (Tesseract reads the 2 after an O of some fonts as "?", or a glyph too
  // many before it at 200 dpi), the year of study printed beside it. Only a
  // year the code's cycle has, and that a digit left in the code does not
  // contradict, gives a level.
  static const std::regex code_then_year(R"(\bDF(A|G)S(M|O)([A-Z0-9]{0,2}) (\d) ?(?:E|EME|ERE|RE)? ANNEE)");
  std::smatch m;
  if (std::regex_search(folded, m, code_then_year)) {
    const bool advanced = m[1] == "A";
    const std::string rest = m[3].str();
    const int cycle_year = advanced ? std::stoi(m[4]) - 3 : std::stoi(m[4]);
    const auto digit = std::find_if(rest.rbegin(), rest.rend(), [](char c) { return c >= '0' && c <= '9'; });
    const bool agrees = digit == rest.rend() || *digit - '0' == cycle_year;
    // The general cycle starts in the 2nd year of study (the 1st is PASS/LAS).
    if (agrees && (advanced || cycle_year >= 2))
      if (auto level = cycle_level(m[1], m[2], cycle_year)) return level;
  }
  // "2ème année du DFASM", "Étape : deuxième année du DFASO": the year of
  // the cycle, before the code.
  static const std::regex year_of_code(
      R"(\b(\d|PREMIERE|DEUXIEME|TROISIEME|LERE|IERE) ?(?:E|EME|ERE|RE)? ANNEE (?:DU |DE )?DF(A|G)S(M|O)\b)");
  if (std::regex_search(folded, m, year_of_code))
    if (auto level = cycle_level(m[2], m[3], year_number(m[1]))) return level;
  static const std::regex long_form(
      R"(FORMATION (APPROFONDIE|GENERALE) EN SCIENCES (MEDICALES|ODONTOLOGIQUES)\s*(\d)\s*(E|EME|ERE|RE) ANNEE)");
  if (std::regex_search(folded, m, long_form)) {
    const std::string code = std::string(m[1] == "APPROFONDIE" ? "DFA" : "DFG") + "S" +
                             (m[2] == "MEDICALES" ? "M" : "O") + m[3].str();
    return parse_study_level(code, m[2] == "MEDICALES" ? Discipline::medecine : Discipline::odontologie);
  }
  // "5e année d'odontologie", "quatrième année de médecine".
  static const std::regex year_form(
      R"((\d|DEUXIEME|TROISIEME|QUATRIEME|CINQUIEME|SIXIEME) ?(?:E|EME|ERE|RE)? ANNEE (?:DE |D)?(MEDECINE|ODONTOLOGIE))");
  if (std::regex_search(folded, m, year_form)) {
    const int year = year_number(m[1]);
    const bool medicine = m[2] == "MEDECINE";
    std::string code;
    if (year >= 4 && year <= (medicine ? 6 : 5))
      code = std::string(medicine ? "DFASM" : "DFASO") + std::to_string(year - 3);
    else if (year >= 1 && year <= 3)
      code = std::string(medicine ? "DFGSM" : "DFGSO") + std::to_string(year);
    else if (!medicine && year == 6)
      code = "TCC";
    if (!code.empty())
      return parse_study_level(code, medicine ? Discipline::medecine : Discipline::odontologie);
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

namespace {

// Whether `text` holds words and all of them are in `known` (folded).
bool only_words_of(const std::string& text, const std::vector<std::string>& known) {
  const auto words = name_words(text);
  return !words.empty() && std::all_of(words.begin(), words.end(), [&](const std::string& w) {
    return std::find(known.begin(), known.end(), w) != known.end();
  });
}

// Labels a RIB prints beside the holder's, in the same header row.
const std::vector<std::string> kColumnLabels = {"DOMICILIATION", "AGENCE",  "ADRESSE", "BANQUE",
                                                "ETABLISSEMENT", "GUICHET", "CODE",    "BIC",
                                                "IBAN",          "SWIFT"};

// "Titulaire du compte", "Titulaire(s)", "Intitulé du compte", "Nom du
// titulaire": the words of a holder's label.
bool names_holder_label(const std::vector<std::string>& words) {
  return std::find(words.begin(), words.end(), "TITULAIRE") != words.end() ||
         std::find(words.begin(), words.end(), "TITULAIRES") != words.end() ||
         (!words.empty() && words.front() == "INTITULE");
}

// The value under the holder's label of a header row: the same cell of the
// next row when both rows were read as cells (side by side, tab-separated),
// else the whole next row.
std::string cell_below(const std::vector<std::string>& lines, std::size_t i) {
  const auto cells_of = [](const std::string& line) {
    std::vector<std::string> cells;
    std::istringstream in(line);
    for (std::string cell; std::getline(in, cell, '\t');) cells.push_back(cell);
    return cells;
  };
  const auto labels = cells_of(lines[i]), values = cells_of(lines[i + 1]);
  if (labels.size() > 1 && labels.size() == values.size())
    for (std::size_t k = 0; k < labels.size(); ++k)
      if (names_holder_label(name_words(labels[k]))) return values[k];
  return lines[i + 1];
}

// The holder after "Titulaire du compte", "Intitulé du compte" or "Nom du
// titulaire": on the label's line, else on the next one.
std::optional<std::string> holder_after_label(const std::vector<std::string>& lines, std::size_t i) {
  const std::string& line = lines[i];
  if (!names_holder_label(name_words(line))) return std::nullopt;
  std::string holder = after_label(line);
  if (holder.empty() && line.find(':') == std::string::npos) {
    // No colon: the label's own words, then the name ("Titulaire du compte M. X").
    static const std::vector<std::string> kLabelWords = {
        "NOM", "DU", "DES", "TITULAIRE", "TITULAIRES", "S", "COMPTE", "INTITULE", "DE"};
    const auto printed = printed_words(line);
    std::size_t k = 0;
    const auto label_word = [&](const std::string& word) {
      const auto folded = name_words(word);
      return std::all_of(folded.begin(), folded.end(), [](const std::string& w) {
        return std::find(kLabelWords.begin(), kLabelWords.end(), w) != kLabelWords.end();
      });
    };
    while (k < printed.size() && label_word(printed[k])) ++k;
    holder = joined_from(printed, k);
  }
  // "Titulaire du compte   Domiciliation" over "MME X   LA BANQUE": a row
  // of labels, the values on the row below.
  if ((holder.empty() || only_words_of(holder, kColumnLabels)) && i + 1 < lines.size())
    holder = cell_below(lines, i);
  return trim(holder);
}

// The BIC after its label ("BIC : X", "Code BIC X", "BIC (Bank Identifier
// Code)" with X on the next line): the first word of 8 or 11 letters and
// digits, else the first word as read (for the refusal to quote it).
std::string bic_after_label(const std::vector<std::string>& lines, std::size_t i) {
  const std::string upper = upper_ascii(lines[i]);
  std::size_t at = upper.find("BIC");
  at = at == std::string::npos ? upper.find("SWIFT") + 5 : at + 3;
  std::string rest;
  int depth = 0;  // "(Bank Identifier Code)" is a gloss, not the code
  for (char c : upper.substr(at)) {
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    if (depth == 0 && c != ')') rest += c == ':' ? ' ' : c;
  }
  auto words = printed_words(rest);
  static const std::vector<std::string> kGloss = {"CODE", "SWIFT", "/", "-", "BIC", "\t"};
  std::erase_if(
      words, [](const std::string& w) { return std::find(kGloss.begin(), kGloss.end(), w) != kGloss.end(); });
  if (words.empty() && i + 1 < lines.size()) {
    words = printed_words(upper_ascii(lines[i + 1]));
    if (!words.empty()) words.resize(1);  // the next line holds the code, nothing else
  }
  const auto letters_first = [](std::string token) {
    // Letters-only positions undo digit confusions; the rest stays as read.
    for (std::size_t k = 0; k < token.size() && k < 6; ++k) token[k] = letter_of(token[k]);
    return token;
  };
  for (const auto& w : words)
    if ((w.size() == 8 || w.size() == 11) && std::all_of(w.begin(), w.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) != 0;
        }))
      return letters_first(w);
  return words.empty() ? std::string() : letters_first(words.front());
}

// The RIB table, printed as a table ("30006 00001 12345678901 89", its last
// cells sometimes read on the next line) or as labelled values ("Code
// banque : 30006  Code guichet : 00001", "N° de compte : ...  Clé RIB : 89").
bool find_rib_table(const std::vector<std::string>& lines, RibFields& f) {
  static const std::regex table(R"((\d{5})\s+(\d{5})\s+([0-9A-Z]{11})\s+(\d{2})\b)");
  std::smatch m;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string upper;
    for (std::size_t k = i; k < std::min(lines.size(), i + 3); ++k) {
      upper += (upper.empty() ? "" : " ") + upper_ascii(lines[k]);
      if (std::regex_search(upper, m, table)) {
        f.bank_code = m[1];
        f.branch_code = m[2];
        f.account_number = m[3];
        f.rib_key = m[4];
        return true;
      }
    }
  }
  std::string all;
  for (const auto& line : lines) all += fold_upper(line) + "\n";
  static const std::regex bank(R"(\bBANQUE (\d{5})\b)"), branch(R"(\bGUICHET (\d{5})\b)"),
      account(R"(\bCOMPTE ([0-9A-Z]{11})\b)"), key(R"(\bCLE(?: RIB)? (\d{2})\b)");
  std::smatch b, g, a, k;
  if (!std::regex_search(all, b, bank) || !std::regex_search(all, g, branch) ||
      !std::regex_search(all, a, account) || !std::regex_search(all, k, key))
    return false;
  f.bank_code = b[1];
  f.branch_code = g[1];
  f.account_number = a[1];
  f.rib_key = k[1];
  return true;
}

// An IBAN printed without spaces is sometimes read with one glyph too many
// ("FRO08..." for "FR08..."). Dropping one character is taken only when the
// result's mod 97 holds and its BBAN is the table's, read apart and valid
// under its own clé RIB: two readings of the account then agree, and a
// wrongly printed IBAN cannot become a valid one by losing a glyph it never had.
std::string iban_matching_table(const std::vector<std::string>& lines, const RibFields& f, std::string read) {
  const std::string bban = f.bank_code + f.branch_code + f.account_number + f.rib_key;
  const int key = rib_key(f.bank_code, f.branch_code, f.account_number);
  if (key <= 0 || f.rib_key != (key < 10 ? "0" : "") + std::to_string(key)) return read;
  for (const auto& line : lines) {
    const std::string compact = compact_iban(line);
    for (std::size_t at = compact.find("FR"); at != std::string::npos; at = compact.find("FR", at + 1)) {
      if (at + 28 > compact.size()) break;
      const std::string window = compact.substr(at, 28);
      for (std::size_t drop = 2; drop < window.size(); ++drop) {
        std::string iban = window.substr(0, drop) + window.substr(drop + 1);
        for (std::size_t i = 2; i < 4; ++i) iban[i] = digit_of(iban[i]);
        if (iban.compare(4, std::string::npos, bban) == 0 && iban_checksum_valid(iban)) return iban;
      }
    }
  }
  return read;
}

// The date on a birth line, "14/03/2001", "2001-03-14" (letters read for
// digits corrected) or in words, "4 mars 2001", "1er mai 2001"; ISO or empty.
std::string birth_date_on(const std::string& line) {
  static const std::regex numeric(R"((\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}))");
  static const std::regex words(
      R"((\d{1,2})(?:ER)? (JANVIER|FEVRIER|MARS|AVRIL|MAI|JUIN|JUILLET|AOUT|SEPTEMBRE|OCTOBRE|NOVEMBRE|DECEMBRE) (\d{4}))");
  static const std::vector<std::string> kMonths = {"JANVIER",   "FEVRIER", "MARS",     "AVRIL",
                                                   "MAI",       "JUIN",    "JUILLET",  "AOUT",
                                                   "SEPTEMBRE", "OCTOBRE", "NOVEMBRE", "DECEMBRE"};
  std::string digits;
  for (char c : line) digits += std::isalpha(static_cast<unsigned char>(c)) ? digit_of(c) : c;
  std::smatch m;
  int day = 0, month = 0, year = 0;
  const std::string folded = fold_upper(line);
  static const std::regex iso(R"((\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2}))");
  if (std::regex_search(digits, m, numeric)) {
    day = std::stoi(m[1]);
    month = std::stoi(m[2]);
    year = std::stoi(m[3]);
  } else if (std::regex_search(digits, m, iso)) {
    year = std::stoi(m[1]);
    month = std::stoi(m[2]);
    day = std::stoi(m[3]);
  } else if (std::regex_search(folded, m, words)) {
    day = std::stoi(m[1]);
    month = static_cast<int>(std::find(kMonths.begin(), kMonths.end(), m[2].str()) - kMonths.begin()) + 1;
    year = std::stoi(m[3]);
  } else {
    return {};
  }
  try {
    return Date(year, month, day).iso();
  } catch (const Error&) {
    return {};
  }
}

}  // namespace

RibFields parse_rib_text(const std::vector<std::string>& printed) {
  auto lines = french_labels(printed);
  // A dotted or slashed zero (monospaced fonts) is read "@", which no IBAN,
  // table or holder holds: it is read back as the zero it is, and the
  // checksums still decide.
  for (auto& line : lines) std::replace(line.begin(), line.end(), '@', '0');
  RibFields f;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    const std::string folded = fold_upper(line);
    if (f.holder.empty())
      if (auto holder = holder_after_label(lines, i)) f.holder = *holder;
    if (f.bank.empty() && (folded.rfind("BANQUE", 0) == 0 || folded.rfind("ETABLISSEMENT", 0) == 0) &&
        line.find(':') != std::string::npos)
      f.bank = trim(after_label(line));
    if (f.iban.empty() &&
        (folded.find("IBAN") != std::string::npos || folded.find("FR") != std::string::npos))
      f.iban = find_iban(line);
    if (f.bic.empty() &&
        (folded.find("BIC") != std::string::npos || folded.find("SWIFT") != std::string::npos))
      f.bic = bic_after_label(lines, i);
  }
  if (find_rib_table(lines, f) && !iban_checksum_valid(f.iban))
    f.iban = iban_matching_table(lines, f, f.iban);
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

namespace {

// Words of the labels about the student a certificate prints.
const std::vector<std::string> kStudentLabels = {
    "NOM", "DE", "NAISSANCE", "FAMILLE", "USAGE",  "DUSAGE", "PRENOM",   "PRENOMS", "S", "NE", "E",
    "NEE", "LE", "DATE",      "INE",     "NUMERO", "N",      "ETUDIANT", "LIEU",    "A", "ET"};

}  // namespace

CertificateFields parse_certificate_text(const std::vector<std::string>& printed) {
  const auto lines = french_labels(printed);
  CertificateFields f;
  std::string all;
  for (const auto& line : lines) all += fold_upper(line) + "\n";
  const bool odonto = all.find("ODONTO") != std::string::npos || all.find("DFASO") != std::string::npos ||
                      all.find("DFGSO") != std::string::npos;
  f.discipline = odonto ? "odontologie" : "medecine";
  static const std::regex year_re(R"((20\d\d)\s*[-/]\s*(20\d\d))");
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
    // Labels with or without a colon; a value holding a colon is another
    // label's line ("Nom de l'établissement : ..."), and one made of label
    // words only is the rest of a header row.
    const auto labelled = [&](std::initializer_list<std::string_view> label) -> std::string {
      const auto value = value_after(line, label);
      return value && value->find(':') == std::string::npos && !only_words_of(*value, kStudentLabels)
                 ? trim(*value)
                 : std::string();
    };
    // A header row ("Nom de naissance  Prénom(s)  Né(e) le  INE") over the
    // student's row: the date and the INE are told by their shapes, the
    // words before them are the name, held against the candidate as one.
    const auto header = name_words(line);
    const auto has = [&](std::string_view word) {
      return std::find(header.begin(), header.end(), word) != header.end();
    };
    if (f.surname.empty() && f.full_name.empty() && i + 1 < lines.size() && has("NOM") &&
        (has("PRENOM") || has("PRENOMS")) && only_words_of(line, kStudentLabels)) {
      const auto values = printed_words(lines[i + 1]);
      std::size_t first_number = 0;
      while (first_number < values.size() &&
             std::none_of(values[first_number].begin(), values[first_number].end(),
                          [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }))
        ++first_number;
      std::string name;
      for (std::size_t k = 0; k < first_number; ++k) name += (name.empty() ? "" : " ") + values[k];
      f.full_name = trim(name);
      if (f.birth_date.empty() && (has("NE") || has("NAISSANCE"))) f.birth_date = birth_date_on(lines[i + 1]);
      // The INE under its header, or, when OCR dropped that header cell, a
      // value of the row shaped as an INE.
      for (std::size_t k = first_number; k < values.size() && f.ine.empty(); ++k)
        if (values[k].size() >= 9 && std::isdigit(static_cast<unsigned char>(values[k][0])) &&
            values[k].find('/') == std::string::npos) {
          const std::string token = ine_token(joined_from(values, k));  // "060307428 PR": letters apart
          if (has("INE") || ine_format_valid(token)) f.ine = token;
        }
    }
    if (f.surname.empty() && f.full_name.empty()) {
      for (auto label : {std::initializer_list<std::string_view>{"NOM", "ET", "PRENOM|PRENOMS"},
                         {"NOM", "PRENOM|PRENOMS"},
                         {"PRENOM|PRENOMS", "ET", "NOM"},
                         {"PRENOM|PRENOMS", "NOM"}})
        if (f.full_name.empty()) f.full_name = labelled(label);
      if (f.full_name.empty())
        for (auto label : {std::initializer_list<std::string_view>{"NOM", "DE", "NAISSANCE"},
                           {"NOM", "DE", "FAMILLE"},
                           {"NOM", "PATRONYMIQUE"},
                           {"NOM", "DUSAGE"},
                           {"NOM"}})
          if (f.surname.empty()) f.surname = labelled(label);
    }
    if (f.given_names.empty() && f.full_name.empty()) f.given_names = labelled({"PRENOM|PRENOMS"});
    static const std::regex born(R"((^| )(NE|NEE|NE E)( LE)?( |$))");
    if (f.birth_date.empty() &&
        (std::regex_search(folded, born) || folded.find("NAISSANCE") != std::string::npos))
      f.birth_date = birth_date_on(line);
    // "INE" as a word of the label ("N° INE", "Identifiant national étudiant
    // (INE)"), not inside "Inès" on the given-names line.
    const auto words = printed_words(line);
    for (std::size_t k = 0; f.ine.empty() && k < std::min<std::size_t>(words.size(), 5); ++k) {
      const auto folded_word = name_words(words[k]);
      if (std::find(folded_word.begin(), folded_word.end(), "INE") == folded_word.end()) continue;
      std::size_t value = k + 1;
      while (value < words.size() && name_words(words[value]).empty()) ++value;
      if (value < words.size()) f.ine = ine_token(joined_from(words, value));
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
  // An S of a blurred photo read as 8, which is another class than S's (5):
  // taken only where the record has the letter, never between two digits.
  std::string aligned = read;
  if (aligned.size() == printed.size())
    for (std::size_t k = 0; k < aligned.size(); ++k)
      if (aligned[k] == '8' && printed[k] == 'S') aligned[k] = 'S';
  const std::string a = look_alike_classes(aligned), b = look_alike_classes(printed);
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
