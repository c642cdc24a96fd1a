#include "cesp/core/date.h"

#include <catch2/catch.hpp>

#include "cesp/core/error.h"

using cesp::AcademicYear;
using cesp::Date;

TEST_CASE("Date parses and prints ISO dates", "[date]") {
  Date d = Date::parse_iso("2026-11-22");
  CHECK(d.year() == 2026);
  CHECK(d.month() == 11);
  CHECK(d.day() == 22);
  CHECK(d.iso() == "2026-11-22");
  CHECK(Date::parse_iso("2024-02-29").iso() == "2024-02-29");
}

TEST_CASE("Date refuses impossible or malformed dates", "[date]") {
  for (const char* bad : {"2023-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "26-11-22", "2026/11/22",
                          "2026-11-2", "", "abcd-ef-gh", "1850-01-01"}) {
    INFO(bad);
    try {
      Date::parse_iso(bad);
      FAIL("accepted");
    } catch (const cesp::Error& e) {
      CHECK(e.code() == cesp::ErrorCode::invalid_date);
    }
  }
}

TEST_CASE("Month arithmetic clamps to the end of the month", "[date]") {
  CHECK(Date(2025, 1, 31).plus_months(1).iso() == "2025-02-28");
  CHECK(Date(2024, 1, 31).plus_months(1).iso() == "2024-02-29");
  CHECK(Date(2025, 9, 1).plus_months(24).iso() == "2027-09-01");
  CHECK(Date(2025, 3, 15).plus_months(-3).iso() == "2024-12-15");
  CHECK(Date(2025, 12, 31).plus_days(1).iso() == "2026-01-01");
}

TEST_CASE("Whole months count a month only once its day is reached", "[date]") {
  CHECK(cesp::whole_months_between(Date(2025, 9, 1), Date(2026, 8, 31)) == 11);
  CHECK(cesp::whole_months_between(Date(2025, 9, 1), Date(2026, 9, 1)) == 12);
  CHECK(cesp::whole_months_between(Date(2025, 9, 1), Date(2025, 9, 1)) == 0);
  CHECK(cesp::whole_months_between(Date(2026, 9, 1), Date(2025, 9, 1)) == 0);
  CHECK(cesp::whole_months_between(Date(2025, 1, 31), Date(2025, 2, 28)) == 1);
}

TEST_CASE("Age and day differences", "[date]") {
  CHECK(cesp::age_on(Date(2000, 11, 23), Date(2026, 11, 22)) == 25);
  CHECK(cesp::age_on(Date(2000, 11, 22), Date(2026, 11, 22)) == 26);
  CHECK(cesp::days_between(Date(2026, 1, 1), Date(2026, 1, 31)) == 30);
  CHECK(Date::from_days_since_epoch(0).iso() == "1970-01-01");
}

TEST_CASE("Academic years run from September to August", "[date]") {
  AcademicYear y = AcademicYear::parse("2025-2026");
  CHECK(y.first_year() == 2025);
  CHECK(y.text() == "2025-2026");
  CHECK(y.start().iso() == "2025-09-01");
  CHECK(y.end().iso() == "2026-08-31");
  CHECK(AcademicYear::containing(Date(2026, 8, 31)).text() == "2025-2026");
  CHECK(AcademicYear::containing(Date(2026, 9, 1)).text() == "2026-2027");
  CHECK_THROWS_AS(AcademicYear::parse("2025-2027"), cesp::Error);
  CHECK_THROWS_AS(AcademicYear::parse("2025/2026"), cesp::Error);
}
