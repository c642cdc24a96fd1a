#include "workflow/today.h"

#include <chrono>

namespace cesp::server {
namespace {

// Last Sunday of a month, as days since the epoch.
long last_sunday(int year, int month) {
  const Date last = Date(year, month, 1).plus_months(1).plus_days(-1);
  const long days = last.days_since_epoch();
  const long weekday = ((days % 7) + 7 + 4) % 7;  // 1970-01-01 was a Thursday (4); Sunday = 0
  return days - weekday;
}

}  // namespace

Date today_in_france() {
  // g++ 12 has no std::chrono time zones; the EU rule is simple enough:
  // UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of
  // October 01:00 UTC, UTC+1 otherwise.
  const auto now = std::chrono::system_clock::now();
  const long seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const Date utc_day = Date::from_days_since_epoch(seconds / 86400);
  const long summer_start = last_sunday(utc_day.year(), 3) * 86400 + 3600;
  const long summer_end = last_sunday(utc_day.year(), 10) * 86400 + 3600;
  const long offset = (seconds >= summer_start && seconds < summer_end) ? 7200 : 3600;
  return Date::from_days_since_epoch((seconds + offset) / 86400);
}

}  // namespace cesp::server
