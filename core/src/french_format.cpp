#include "cesp/core/french_format.h"

#include <array>
#include <cstdlib>

#include "cesp/core/error.h"

namespace cesp {
namespace {

constexpr std::array<const char*, 12> kMonths = {"janvier",   "février", "mars",     "avril",
                                                 "mai",       "juin",    "juillet",  "août",
                                                 "septembre", "octobre", "novembre", "décembre"};

constexpr const char* kNarrowNoBreakSpace = "\u202F";
constexpr const char* kNoBreakSpace = "\u00A0";

}  // namespace

std::string month_name_fr(int month) {
  if (month < 1 || month > 12) throw Error(ErrorCode::invalid_date, "month " + std::to_string(month));
  return kMonths[static_cast<std::size_t>(month - 1)];
}

std::string format_date_fr(const Date& date) {
  std::string day = date.day() == 1 ? "1er" : std::to_string(date.day());
  return day + " " + month_name_fr(date.month()) + " " + std::to_string(date.year());
}

std::string format_amount_fr(Cents amount) {
  const bool negative = amount < 0;
  const unsigned long long magnitude =
      negative ? 0ULL - static_cast<unsigned long long>(amount) : static_cast<unsigned long long>(amount);
  const std::string units = std::to_string(magnitude / 100);
  const unsigned cents = static_cast<unsigned>(magnitude % 100);

  std::string grouped;
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (i > 0 && (units.size() - i) % 3 == 0) grouped += kNarrowNoBreakSpace;
    grouped += units[i];
  }
  std::string result = negative ? "-" : "";
  result += grouped;
  result += ',';
  result += static_cast<char>('0' + cents / 10);
  result += static_cast<char>('0' + cents % 10);
  result += kNoBreakSpace;
  result += "€";
  return result;
}

}  // namespace cesp
