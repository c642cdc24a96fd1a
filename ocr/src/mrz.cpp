#include "cesp/ocr/mrz.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "cesp/core/date.h"
#include "cesp/core/error.h"

namespace cesp::ocr {
namespace {

// Letters a digits-only field may have been misread as, and back. Only
// shapes that OCR engines really confuse on OCR-B are listed.
char as_digit(char c) {
  switch (c) {
    case 'O':
    case 'Q':
    case 'D':
    case 'U': return '0';
    case 'I':
    case 'L':
    case 'T': return '1';
    case 'Z': return '2';
    case 'S': return '5';
    case 'G': return '6';
    case 'B': return '8';
    default: return c;
  }
}

char as_letter(char c) {
  switch (c) {
    case '0': return 'O';
    case '1': return 'I';
    case '2': return 'Z';
    case '4': return 'A';
    case '5': return 'S';
    case '6': return 'G';
    case '8': return 'B';
    default: return c;
  }
}

void digits_at(std::string& line, std::size_t from, std::size_t count) {
  for (std::size_t i = from; i < from + count && i < line.size(); ++i) line[i] = as_digit(line[i]);
}

void letters_at(std::string& line, std::size_t from, std::size_t count) {
  for (std::size_t i = from; i < from + count && i < line.size(); ++i) line[i] = as_letter(line[i]);
}

std::string strip_filler(std::string_view text) {
  std::string out(text);
  while (!out.empty() && out.back() == '<') out.pop_back();
  std::replace(out.begin(), out.end(), '<', ' ');
  return out;
}

// "<" runs become single spaces; leading/trailing fillers go away.
std::string words_of(std::string_view field) {
  std::string out;
  bool pending_space = false;
  for (char c : field) {
    if (c == '<') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

// A lone letter after the last name and before the closing fillers
// ("HELOISE<X<<<<") is a misread filler, not a name: ICAO names have no
// one-letter words there. A cut name (no fillers after it) is kept whole.
std::string drop_stray_letter(std::string_view field) {
  std::string out(field);
  const std::size_t end = out.find_last_not_of('<');
  if (end == std::string::npos || end < 1 || end + 3 > out.size()) return out;
  if (out[end - 1] == '<') out[end] = '<';
  return out;
}

}  // namespace

std::string repair_name_field(std::string field) {
  // '<<' read as '<X<' or '<K<' (the LSTM fills the wide gap with a letter):
  // such a trio before the first "<<", followed by a name, is the separator.
  // Same length, so the fields after it keep their places.
  std::size_t sep = field.find("<<");
  for (std::size_t i = 1; i + 2 < field.size() && i < sep; ++i)
    if (field[i - 1] == '<' && field[i + 1] == '<' && (field[i] == 'X' || field[i] == 'K') &&
        field[i + 2] != '<') {
      field[i] = '<';
      sep = i - 1;
      break;
    }
  if (sep == std::string::npos) return field;
  // After "SURNAME<<GIVEN<NAMES<<" only fillers may follow (ICAO: '<<' only
  // separates surname and given names): trailing K/X runs and stray
  // letters there are misread fillers.
  std::size_t i = sep;
  while (i < field.size() && field[i] == '<') ++i;  // the separator
  while (i < field.size() && !(field[i] == '<' && i + 1 < field.size() && field[i + 1] == '<')) ++i;
  for (; i < field.size(); ++i) field[i] = '<';
  return field;
}

namespace {

void split_names(std::string_view raw_field, MrzData& data) {
  const std::string cleaned = drop_stray_letter(raw_field);
  const std::string_view field = cleaned;
  const std::size_t sep = field.find("<<");
  if (sep == std::string_view::npos) {
    data.surname = words_of(field);
    return;
  }
  data.surname = words_of(field.substr(0, sep));
  data.given_names = words_of(field.substr(sep + 2));
}

bool check_digit_ok(std::string_view field, char digit, bool filler_means_zero = false) {
  if (digit == '<' && filler_means_zero) digit = '0';
  if (digit < '0' || digit > '9') return false;
  return mrz_check_digit(field) == digit - '0';
}

MrzData parse_td1(std::vector<std::string> l) {
  letters_at(l[0], 0, 5);
  digits_at(l[0], 14, 1);
  digits_at(l[1], 0, 7);
  digits_at(l[1], 8, 7);
  letters_at(l[1], 15, 3);
  digits_at(l[1], 29, 1);
  letters_at(l[2], 0, 30);
  MrzData d;
  d.format = MrzFormat::td1;
  d.document_code = strip_filler(l[0].substr(0, 2));
  d.issuing_state = strip_filler(l[0].substr(2, 3));
  d.document_number = strip_filler(l[0].substr(5, 9));
  d.birth_date_yymmdd = l[1].substr(0, 6);
  d.sex = l[1][7];
  d.expiry_date_yymmdd = l[1].substr(8, 6);
  d.nationality = strip_filler(l[1].substr(15, 3));
  l[2] = repair_name_field(l[2]);
  split_names(l[2], d);
  d.names_truncated = l[2].back() != '<';
  d.checks = {
      {"document_number", check_digit_ok(l[0].substr(5, 9), l[0][14])},
      {"birth_date", check_digit_ok(l[1].substr(0, 6), l[1][6])},
      {"expiry_date", check_digit_ok(l[1].substr(8, 6), l[1][14])},
      {"composite",
       check_digit_ok(l[0].substr(5, 25) + l[1].substr(0, 7) + l[1].substr(8, 7) + l[1].substr(18, 11),
                      l[1][29])},
  };
  d.lines = std::move(l);
  return d;
}

MrzData parse_td3(std::vector<std::string> l) {
  letters_at(l[0], 0, 44);
  digits_at(l[1], 9, 1);
  letters_at(l[1], 10, 3);
  digits_at(l[1], 13, 7);
  digits_at(l[1], 21, 7);
  digits_at(l[1], 43, 1);
  MrzData d;
  d.format = MrzFormat::td3;
  d.document_code = strip_filler(l[0].substr(0, 2));
  d.issuing_state = strip_filler(l[0].substr(2, 3));
  l[0] = l[0].substr(0, 5) + repair_name_field(l[0].substr(5));
  split_names(l[0].substr(5), d);
  d.names_truncated = l[0].back() != '<';
  d.document_number = strip_filler(l[1].substr(0, 9));
  d.nationality = strip_filler(l[1].substr(10, 3));
  d.birth_date_yymmdd = l[1].substr(13, 6);
  d.sex = l[1][20];
  d.expiry_date_yymmdd = l[1].substr(21, 6);
  d.checks = {
      {"document_number", check_digit_ok(l[1].substr(0, 9), l[1][9])},
      {"birth_date", check_digit_ok(l[1].substr(13, 6), l[1][19])},
      {"expiry_date", check_digit_ok(l[1].substr(21, 6), l[1][27])},
      {"personal_number", check_digit_ok(l[1].substr(28, 14), l[1][42], true)},
      {"composite", check_digit_ok(l[1].substr(0, 10) + l[1].substr(13, 7) + l[1].substr(21, 22), l[1][43])},
  };
  d.lines = std::move(l);
  return d;
}

// Old French card: line 1 "IDFRA" + surname (25) + office code (6); line 2
// document number (12: YYMM of issue, département, office, serial) + check,
// given names (14), birth date + check, sex, composite over both lines.
MrzData parse_cni_old(std::vector<std::string> l) {
  letters_at(l[0], 0, 30);
  digits_at(l[1], 0, 4);
  digits_at(l[1], 7, 6);
  letters_at(l[1], 13, 14);
  digits_at(l[1], 27, 7);
  digits_at(l[1], 35, 1);
  MrzData d;
  d.format = MrzFormat::cni_old;
  d.document_code = "ID";
  d.issuing_state = "FRA";
  d.nationality = "FRA";
  d.surname = words_of(drop_stray_letter(l[0].substr(5, 25)));
  d.given_names = words_of(drop_stray_letter(l[1].substr(13, 14)));
  d.names_truncated = l[0][29] != '<' || l[1][26] != '<';
  d.document_number = l[1].substr(0, 12);
  d.birth_date_yymmdd = l[1].substr(27, 6);
  d.sex = l[1][34];
  d.checks = {
      {"document_number", check_digit_ok(l[1].substr(0, 12), l[1][12])},
      {"birth_date", check_digit_ok(l[1].substr(27, 6), l[1][33])},
      {"composite", check_digit_ok(l[0] + l[1].substr(0, 35), l[1][35])},
  };
  d.lines = std::move(l);
  return d;
}

std::size_t expected_length(MrzFormat format) {
  switch (format) {
    case MrzFormat::td1: return 30;
    case MrzFormat::td3: return 44;
    case MrzFormat::cni_old: return 36;
  }
  return 0;
}

std::string clean_line(std::string_view raw) {
  std::string out;
  for (unsigned char c : raw) {
    if (std::isspace(c)) continue;
    c = static_cast<unsigned char>(std::toupper(c));
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<') out += static_cast<char>(c);
  }
  return out;
}

// LSTM models read a '<' as 'K' now and then, sometimes two in a row; a
// "K" or "KK" between fillers (or closing a line after one) is fillers.
// Names never have such words in an MRZ, so nothing real is lost.
std::string repair_fillers(std::string line) {
  for (std::size_t i = 1; i < line.size(); ++i) {
    if (line[i] != 'K' || line[i - 1] != '<') continue;
    std::size_t end = i;
    while (end < line.size() && line[end] == 'K') ++end;
    if (end - i <= 2 && (end == line.size() || line[end] == '<'))
      for (std::size_t k = i; k < end; ++k) line[k] = '<';
  }
  return line;
}

// The longest run of '<' in a line (its start and length).
std::pair<std::size_t, std::size_t> longest_filler_run(const std::string& line) {
  std::size_t best_start = line.size(), best_length = 0;
  for (std::size_t i = 0; i < line.size();) {
    if (line[i] != '<') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < line.size() && line[j] == '<') ++j;
    if (j - i >= best_length) {
      best_start = i;
      best_length = j - i;
    }
    i = j;
  }
  return {best_start, best_length};
}

// OCR miscounts long runs of '<'. A line within three characters of
// `length` is brought to it by shortening or lengthening its longest filler
// run: the fields on either side keep their places. Characters are never
// added or removed elsewhere, so check digits still decide.
std::string fit(std::string line, std::size_t length) {
  while (line.size() != length && line.size() + 3 >= length && line.size() <= length + 3) {
    const auto [start, run] = longest_filler_run(line);
    if (run == 0) break;
    if (line.size() > length)
      line.erase(start, 1);
    else
      line.insert(start, 1, '<');
  }
  return line;
}

bool near(std::size_t size, std::size_t length) { return size + 3 >= length && size <= length + 3; }

}  // namespace

std::string document_type_name(MrzFormat format, std::string_view issuing_state) {
  switch (format) {
    case MrzFormat::td3: return "passport";
    case MrzFormat::cni_old: return "cni_old";
    case MrzFormat::td1: return issuing_state == "FRA" ? "cni" : "id_card";
  }
  return "unknown";
}

int mrz_check_digit(std::string_view text) {
  static constexpr int kWeights[3] = {7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    int value = 0;
    if (c >= '0' && c <= '9')
      value = c - '0';
    else if (c >= 'A' && c <= 'Z')
      value = c - 'A' + 10;
    else if (c != '<')
      return -1;
    sum += value * kWeights[i % 3];
  }
  return sum % 10;
}

bool MrzData::all_checks_ok() const {
  return !checks.empty() && std::all_of(checks.begin(), checks.end(), [](const MrzCheck& c) { return c.ok; });
}

std::optional<MrzData> parse_mrz_lines(MrzFormat format, std::vector<std::string> lines) {
  const std::size_t count = format == MrzFormat::td1 ? 3 : 2;
  if (lines.size() != count) return std::nullopt;
  for (const auto& line : lines) {
    if (line.size() != expected_length(format)) return std::nullopt;
    for (char c : line)
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<')) return std::nullopt;
  }
  switch (format) {
    case MrzFormat::td1: return parse_td1(std::move(lines));
    case MrzFormat::td3: return parse_td3(std::move(lines));
    case MrzFormat::cni_old: return parse_cni_old(std::move(lines));
  }
  return std::nullopt;
}

std::optional<MrzData> parse_mrz(const std::vector<std::string>& ocr_lines) {
  std::vector<std::string> lines;
  for (const auto& raw : ocr_lines) {
    std::string line = repair_fillers(clean_line(raw));
    if (line.size() >= 20) lines.push_back(std::move(line));
  }
  // Search from the bottom: the MRZ closes the document.
  std::optional<MrzData> best;
  for (std::size_t end = lines.size(); end-- > 0;) {
    const auto try_format = [&](MrzFormat format) -> std::optional<MrzData> {
      const std::size_t count = format == MrzFormat::td1 ? 3 : 2;
      if (end + 1 < count) return std::nullopt;
      std::vector<std::string> group;
      // The names line (TD3's first, TD1's last) often loses trailing
      // fillers: no check digit covers it, so padding it is harmless.
      const std::size_t names_line = format == MrzFormat::td3 ? 0 : format == MrzFormat::td1 ? 2 : count;
      for (std::size_t i = end + 1 - count; i <= end; ++i) {
        std::string line = lines[i];
        if (i - (end + 1 - count) == names_line && line.size() >= 20 && line.size() < expected_length(format))
          line.append(expected_length(format) - line.size(), '<');
        if (!near(line.size(), expected_length(format))) return std::nullopt;
        group.push_back(fit(std::move(line), expected_length(format)));
      }
      if (format == MrzFormat::cni_old && group[0].rfind("ID", 0) != 0) return std::nullopt;
      return parse_mrz_lines(format, std::move(group));
    };
    for (MrzFormat format : {MrzFormat::td3, MrzFormat::cni_old, MrzFormat::td1}) {
      auto found = try_format(format);
      if (!found) continue;
      if (found->all_checks_ok()) return found;
      if (!best) best = std::move(found);
    }
  }
  return best;
}

std::string mrz_birth_date_iso(std::string_view yymmdd, int today_year) {
  if (yymmdd.size() != 6 || !std::all_of(yymmdd.begin(), yymmdd.end(), ::isdigit)) return {};
  const int yy = std::stoi(std::string(yymmdd.substr(0, 2)));
  int year = 2000 + yy;
  if (year > today_year) year -= 100;
  try {
    return Date(year, std::stoi(std::string(yymmdd.substr(2, 2))),
                std::stoi(std::string(yymmdd.substr(4, 2))))
        .iso();
  } catch (const Error&) {
    return {};
  }
}

std::string mrz_expiry_date_iso(std::string_view yymmdd) {
  if (yymmdd.size() != 6 || !std::all_of(yymmdd.begin(), yymmdd.end(), ::isdigit)) return {};
  try {
    return Date(2000 + std::stoi(std::string(yymmdd.substr(0, 2))),
                std::stoi(std::string(yymmdd.substr(2, 2))), std::stoi(std::string(yymmdd.substr(4, 2))))
        .iso();
  } catch (const Error&) {
    return {};
  }
}

}  // namespace cesp::ocr
