// Calendar dates and academic years, with the arithmetic the CESP rules need.
// Pure values: no clock is read here (callers pass "today").
#pragma once

#include <compare>
#include <string>
#include <string_view>

namespace cesp {

// A valid proleptic Gregorian date. Construction validates; an invalid date
// cannot exist.
class Date {
 public:
  // Throws Error(invalid_date) unless year/month/day is a real date in 1900..2200.
  Date(int year, int month, int day);
  // Parses exactly "YYYY-MM-DD"; throws Error(invalid_date) otherwise.
  static Date parse_iso(std::string_view text);

  int year() const { return year_; }
  int month() const { return month_; }
  int day() const { return day_; }

  std::string iso() const;  // "2026-11-22"
  // Days since 1970-01-01 (negative before).
  long days_since_epoch() const;
  static Date from_days_since_epoch(long days);

  Date plus_days(long days) const;
  // Same day n months later (n may be negative); clamped to the month's last
  // day, so 31 January + 1 month is 28 or 29 February.
  Date plus_months(int months) const;

  auto operator<=>(const Date&) const = default;

 private:
  int year_;
  int month_;
  int day_;
};

// Days from a to b (positive when b is later).
long days_between(const Date& a, const Date& b);
// Whole calendar months from a to b, counting a month only once its day is
// reached (1 Sept -> 31 Aug next year is 11, -> 1 Sept is 12). 0 if b <= a.
int whole_months_between(const Date& a, const Date& b);
// Age in whole years on a given day.
int age_on(const Date& birth, const Date& day);

// An academic year such as 2025-2026, starting on 1 September.
class AcademicYear {
 public:
  explicit AcademicYear(int first_year);
  // Parses "2025-2026" (the two years must follow each other).
  static AcademicYear parse(std::string_view text);
  // The academic year a date falls in (September to August).
  static AcademicYear containing(const Date& day);

  int first_year() const { return first_year_; }
  std::string text() const;  // "2025-2026"
  Date start() const;        // 1 September of the first year
  Date end() const;          // 31 August of the second year

  auto operator<=>(const AcademicYear&) const = default;

 private:
  int first_year_;
};

}  // namespace cesp
