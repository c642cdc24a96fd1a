#include "iban.h"

#include <cctype>

namespace cesp::templates {

std::string normalized_iban(std::string_view text) {
  std::string iban;
  for (char c : text) {
    if (c == ' ') continue;
    if (!std::isalnum(static_cast<unsigned char>(c))) return {};
    iban += char(std::toupper(static_cast<unsigned char>(c)));
  }
  if (iban.size() < 15 || iban.size() > 34) return {};
  if (!std::isalpha(static_cast<unsigned char>(iban[0])) ||
      !std::isalpha(static_cast<unsigned char>(iban[1])) ||
      !std::isdigit(static_cast<unsigned char>(iban[2])) ||
      !std::isdigit(static_cast<unsigned char>(iban[3]))) {
    return {};
  }
  // Move the first four characters to the end, letters become 10..35, mod 97 must be 1.
  const std::string rotated = iban.substr(4) + iban.substr(0, 4);
  int remainder = 0;
  for (char c : rotated) {
    const int value = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : c - 'A' + 10;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder == 1 ? iban : std::string();
}

}  // namespace cesp::templates
