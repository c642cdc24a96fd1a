#include "cesp/ocr/bank.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace cesp::ocr {
namespace {

bool is_upper_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Remainder mod 97 of the number written by `digits`, without overflow.
int mod97(std::string_view digits) {
  int rest = 0;
  for (char c : digits) rest = (rest * 10 + (c - '0')) % 97;
  return rest;
}

// ISO 13616: letters become two digits (A = 10 ... Z = 35).
std::string iban_digits(std::string_view rearranged) {
  std::string out;
  for (char c : rearranged) {
    if (c >= '0' && c <= '9')
      out += c;
    else
      out += std::to_string(c - 'A' + 10);
  }
  return out;
}

std::size_t country_length(std::string_view country) {
  if (country == "FR" || country == "MC") return 27;
  if (country == "DE") return 22;
  if (country == "BE") return 16;
  if (country == "ES") return 24;
  if (country == "IT") return 27;
  if (country == "GB") return 22;
  if (country == "CH" || country == "LU") return country == "CH" ? 21 : 20;
  return 0;  // others: only the general 15..34 bound applies
}

// Banque de France table for letters in an account number.
char rib_letter_digit(char c) {
  static constexpr std::string_view kTable[] = {"AJ", "BKS", "CLT", "DMU", "ENV", "FOW", "GPX", "HQY", "IRZ"};
  for (int i = 0; i < 9; ++i)
    if (kTable[i].find(c) != std::string_view::npos) return static_cast<char>('1' + i);
  return c;
}

}  // namespace

std::string compact_iban(std::string_view text) {
  std::string out;
  for (unsigned char c : text)
    if (!std::isspace(c) && c != '-' && c != '.') out += static_cast<char>(std::toupper(c));
  return out;
}

bool iban_checksum_valid(std::string_view text) {
  const std::string iban = compact_iban(text);
  if (iban.size() < 15 || iban.size() > 34) return false;
  if (!std::all_of(iban.begin(), iban.end(), is_upper_alnum)) return false;
  if (!(iban[0] >= 'A' && iban[0] <= 'Z' && iban[1] >= 'A' && iban[1] <= 'Z')) return false;
  if (!(iban[2] >= '0' && iban[2] <= '9' && iban[3] >= '0' && iban[3] <= '9')) return false;
  const std::size_t expected = country_length(std::string_view(iban).substr(0, 2));
  if (expected != 0 && iban.size() != expected) return false;
  return mod97(iban_digits(iban.substr(4) + iban.substr(0, 4))) == 1;
}

std::string iban_check_digits(std::string_view country, std::string_view bban) {
  const int check = 98 - mod97(iban_digits(std::string(bban) + std::string(country) + "00"));
  return (check < 10 ? "0" : "") + std::to_string(check);
}

int rib_key(std::string_view bank_code, std::string_view branch_code, std::string_view account_number) {
  if (bank_code.size() != 5 || branch_code.size() != 5 || account_number.size() != 11) return -1;
  if (!all_digits(bank_code) || !all_digits(branch_code)) return -1;
  std::string account;
  for (char c : account_number) {
    if (!is_upper_alnum(c)) return -1;
    account += rib_letter_digit(c);
  }
  // 89 * bank + 15 * branch + 3 * account, reduced mod 97 piecewise.
  const long sum = 89L * mod97(bank_code) + 15L * mod97(branch_code) + 3L * mod97(account);
  return 97 - static_cast<int>(sum % 97);
}

std::optional<FrenchBban> french_bban(std::string_view text) {
  const std::string iban = compact_iban(text);
  if (iban.size() != 27 || !(iban.rfind("FR", 0) == 0 || iban.rfind("MC", 0) == 0)) return std::nullopt;
  FrenchBban b;
  b.bank_code = iban.substr(4, 5);
  b.branch_code = iban.substr(9, 5);
  b.account_number = iban.substr(14, 11);
  b.rib_key = iban.substr(25, 2);
  const int key = rib_key(b.bank_code, b.branch_code, b.account_number);
  b.key_valid = key > 0 && all_digits(b.rib_key) && std::stoi(b.rib_key) == key;
  return b;
}

namespace {

// The other reading of a look-alike character, or 0.
char lookalike(char c) {
  switch (c) {
    case 'O':
    case 'Q':
    case 'D': return '0';
    case '0': return 'O';
    case 'I':
    case 'L': return '1';
    case '1': return 'I';
    case 'S': return '5';
    case '5': return 'S';
    case 'B': return '8';
    case '8': return 'B';
    case 'Z': return '2';
    case '2': return 'Z';
    case 'G': return '6';
    case '6': return 'G';
    default: return 0;
  }
}

bool iban_and_key_valid(std::string_view iban) {
  if (!iban_checksum_valid(iban)) return false;
  const auto bban = french_bban(iban);
  return bban && bban->key_valid;
}

}  // namespace

std::optional<std::string> resolve_account_lookalikes(std::string_view text) {
  const std::string iban = compact_iban(text);
  if (iban.size() != 27 || !(iban.rfind("FR", 0) == 0 || iban.rfind("MC", 0) == 0)) return std::nullopt;
  if (iban_and_key_valid(iban)) return std::nullopt;
  std::vector<std::size_t> positions;
  // Only letters are turned into digits: OCR reads a digit next to a letter
  // as a letter ("478048OM897"); the reverse would multiply the variants
  // (most digits of an account have a look-alike letter) and with them the
  // chance of a false pass.
  for (std::size_t i = 14; i < 25; ++i)
    if (iban[i] >= 'A' && iban[i] <= 'Z' && lookalike(iban[i])) positions.push_back(i);
  if (positions.empty() || positions.size() > 6) return std::nullopt;
  std::optional<std::string> found;
  for (unsigned mask = 1; mask < (1u << positions.size()); ++mask) {
    std::string variant = iban;
    for (std::size_t k = 0; k < positions.size(); ++k)
      if (mask & (1u << k)) variant[positions[k]] = lookalike(variant[positions[k]]);
    if (!iban_and_key_valid(variant)) continue;
    if (found) return std::nullopt;  // two readings validate: cannot tell
    found = std::move(variant);
  }
  return found;
}

bool validates_with_one_letter(std::string_view text) {
  const std::string iban = compact_iban(text);
  if (iban.size() != 27 || !(iban.rfind("FR", 0) == 0 || iban.rfind("MC", 0) == 0)) return false;
  if (iban_and_key_valid(iban)) return false;
  for (std::size_t i = 14; i < 25; ++i) {
    if (!(iban[i] >= '0' && iban[i] <= '9') || !lookalike(iban[i])) continue;
    std::string variant = iban;
    variant[i] = lookalike(iban[i]);
    if (iban_and_key_valid(variant)) return true;
  }
  return false;
}

bool same_account_but_lookalikes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i] && lookalike(a[i]) != b[i] && lookalike(b[i]) != a[i] &&
        !(lookalike(a[i]) && lookalike(a[i]) == lookalike(b[i])))
      return false;
  return true;
}

bool bic_format_valid(std::string_view bic) {
  if (bic.size() != 8 && bic.size() != 11) return false;
  for (std::size_t i = 0; i < bic.size(); ++i) {
    const char c = bic[i];
    if (i < 6 ? !(c >= 'A' && c <= 'Z') : !is_upper_alnum(c)) return false;
  }
  return true;
}

}  // namespace cesp::ocr
