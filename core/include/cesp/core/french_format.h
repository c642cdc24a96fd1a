// French presentation of dates and amounts, as printed in contracts and shown
// in the web UI. Output is UTF-8.
#pragma once

#include <cstdint>
#include <string>

#include "cesp/core/date.h"

namespace cesp {

// Amounts are held in euro cents to avoid floating-point rounding.
using Cents = std::int64_t;

// "22 novembre 2026"; the first of the month is written "1er novembre 2026".
std::string format_date_fr(const Date& date);
// "1 200,00 €" with a narrow no-break space (U+202F) as thousands separator and
// a no-break space (U+00A0) before the euro sign, as French typography wants.
std::string format_amount_fr(Cents amount);
// French month name, 1..12 ("janvier".."décembre").
std::string month_name_fr(int month);

}  // namespace cesp
