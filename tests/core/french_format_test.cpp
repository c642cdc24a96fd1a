#include "cesp/core/french_format.h"

#include <catch2/catch.hpp>

using cesp::Date;

TEST_CASE("Dates are written the French way", "[french]") {
  CHECK(cesp::format_date_fr(Date(2026, 11, 22)) == "22 novembre 2026");
  CHECK(cesp::format_date_fr(Date(2026, 2, 3)) == "3 février 2026");
  CHECK(cesp::format_date_fr(Date(2026, 8, 15)) == "15 août 2026");
  CHECK(cesp::format_date_fr(Date(2026, 12, 1)) == "1er décembre 2026");
}

TEST_CASE("Amounts use French separators and no-break spaces", "[french]") {
  // U+202F narrow no-break space between thousands, U+00A0 before the euro sign.
  CHECK(cesp::format_amount_fr(120000) == "1\u202F200,00\u00A0€");
  CHECK(cesp::format_amount_fr(5) == "0,05\u00A0€");
  CHECK(cesp::format_amount_fr(2880000) == "28\u202F800,00\u00A0€");
  CHECK(cesp::format_amount_fr(123456789) == "1\u202F234\u202F567,89\u00A0€");
  CHECK(cesp::format_amount_fr(-120050) == "-1\u202F200,50\u00A0€");
  CHECK(cesp::format_amount_fr(0) == "0,00\u00A0€");
}
