#include "observability/request_log.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <ostream>

#include "cesp/core/json_text.h"

namespace cesp::server {
namespace {

std::string utc_now_iso() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[96];  // sized for any int values, to keep -Wformat-truncation quiet
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
  return buf;
}

}  // namespace

void RequestLog::write(const RequestLogEntry& e) {
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.3f", e.duration_ms);
  std::string line = "{\"ts\":" + json_quote(utc_now_iso()) + ",\"level\":\"" +
                     (e.status >= 500 ? "error" : "info") + "\",\"request_id\":" + json_quote(e.request_id) +
                     ",\"method\":" + json_quote(e.method) +
                     ",\"route\":" + json_quote(e.route.substr(0, 200)) +
                     ",\"status\":" + std::to_string(e.status) + ",\"duration_ms\":" + duration;
  if (!e.account_id.empty()) line += ",\"account\":" + json_quote(e.account_id);
  if (!e.error_code.empty()) line += ",\"error\":" + json_quote(e.error_code);
  line += "}\n";
  std::lock_guard lock(mutex_);
  out_ << line << std::flush;
}

}  // namespace cesp::server
