#include "cesp/core/date.h"

#include <chrono>
#include <cstdio>

#include "cesp/core/error.h"

namespace cesp {
namespace {

namespace chr = std::chrono;

chr::year_month_day to_ymd(int y, int m, int d) {
  return chr::year_month_day{chr::year{y}, chr::month{static_cast<unsigned>(m)},
                             chr::day{static_cast<unsigned>(d)}};
}

bool parse_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

}  // namespace

Date::Date(int year, int month, int day) : year_(year), month_(month), day_(day) {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31 ||
      !to_ymd(year, month, day).ok()) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    throw Error(ErrorCode::invalid_date, buf);
  }
}

Date Date::parse_iso(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !parse_digits(text, 0, 4, y) ||
      !parse_digits(text, 5, 2, m) || !parse_digits(text, 8, 2, d)) {
    throw Error(ErrorCode::invalid_date, std::string(text));
  }
  return Date(y, m, d);
}

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year_, month_, day_);
  return buf;
}

long Date::days_since_epoch() const {
  return chr::sys_days{to_ymd(year_, month_, day_)}.time_since_epoch().count();
}

Date Date::from_days_since_epoch(long days) {
  chr::year_month_day ymd{chr::sys_days{chr::days{days}}};
  return Date(static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day())));
}

Date Date::plus_days(long days) const { return from_days_since_epoch(days_since_epoch() + days); }

Date Date::plus_months(int months) const {
  int index = year_ * 12 + (month_ - 1) + months;
  int y = index / 12;
  int m = index % 12 + 1;
  unsigned last = static_cast<unsigned>(chr::year_month_day_last{
      chr::year{y}, chr::month_day_last{chr::month{static_cast<unsigned>(
                        m)}}}.day());
  int d = day_ > static_cast<int>(last) ? static_cast<int>(last) : day_;
  return Date(y, m, d);
}

long days_between(const Date& a, const Date& b) { return b.days_since_epoch() - a.days_since_epoch(); }

int whole_months_between(const Date& a, const Date& b) {
  if (b <= a) return 0;
  int months = (b.year() - a.year()) * 12 + (b.month() - a.month());
  if (a.plus_months(months) > b) --months;
  return months < 0 ? 0 : months;
}

int age_on(const Date& birth, const Date& day) {
  int age = day.year() - birth.year();
  if (day.month() < birth.month() || (day.month() == birth.month() && day.day() < birth.day())) --age;
  return age;
}

AcademicYear::AcademicYear(int first_year) : first_year_(first_year) {
  if (first_year < 1900 || first_year > 2199) {
    throw Error(ErrorCode::invalid_academic_year, std::to_string(first_year));
  }
}

AcademicYear AcademicYear::parse(std::string_view text) {
  int first = 0, second = 0;
  if (text.size() != 9 || text[4] != '-' || !parse_digits(text, 0, 4, first) ||
      !parse_digits(text, 5, 4, second) || second != first + 1) {
    throw Error(ErrorCode::invalid_academic_year, std::string(text));
  }
  return AcademicYear(first);
}

AcademicYear AcademicYear::containing(const Date& day) {
  return AcademicYear(day.month() >= 9 ? day.year() : day.year() - 1);
}

std::string AcademicYear::text() const {
  return std::to_string(first_year_) + "-" + std::to_string(first_year_ + 1);
}

Date AcademicYear::start() const { return Date(first_year_, 9, 1); }
Date AcademicYear::end() const { return Date(first_year_ + 1, 8, 31); }

}  // namespace cesp
