#include "observability/request_log.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <ostream>

#include "cesp/core/error.h"
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

std::string json_line(const RequestLogEntry& e, const char* duration) {
  std::string line = "{\"ts\":" + json_quote(utc_now_iso()) + ",\"level\":\"" +
                     (e.status >= 500 ? "error" : "info") + "\",\"request_id\":" + json_quote(e.request_id) +
                     ",\"method\":" + json_quote(e.method) +
                     ",\"route\":" + json_quote(e.route.substr(0, 200)) +
                     ",\"status\":" + std::to_string(e.status) + ",\"duration_ms\":" + duration;
  if (!e.account_id.empty()) line += ",\"account\":" + json_quote(e.account_id);
  if (!e.error_code.empty()) line += ",\"error\":" + json_quote(e.error_code);
  line += "}\n";
  return line;
}

std::string text_line(const RequestLogEntry& e, const char* duration) {
  std::string line = utc_now_iso() + " " + e.request_id + " " + e.method + " " + e.route.substr(0, 200) +
                     " " + std::to_string(e.status) + " " + duration + "ms";
  if (!e.account_id.empty()) line += " account=" + e.account_id;
  if (!e.error_code.empty()) line += " error=" + e.error_code;
  line += "\n";
  return line;
}

}  // namespace

LogFormat parse_log_format(const std::string& name) {
  if (name == "json") return LogFormat::json;
  if (name == "text") return LogFormat::text;
  throw Error(ErrorCode::usage, "format de journal inconnu : " + name + " (json ou text)",
              "unknown log format: " + name + " (json or text)");
}

std::unique_ptr<std::ostream> open_log_file(const std::string& path) {
  std::error_code ec;
  const auto folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);
  auto out = std::make_unique<std::ofstream>(path, std::ios::app | std::ios::binary);
  if (!*out) {
    throw Error(ErrorCode::io_error, "journal : impossible d'ouvrir " + path, "log: cannot open " + path);
  }
  return out;
}

void RequestLog::write(const RequestLogEntry& e) {
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.3f", e.duration_ms);
  const std::string line = format_ == LogFormat::json ? json_line(e, duration) : text_line(e, duration);
  std::lock_guard lock(mutex_);
  out_ << line << std::flush;
}

}  // namespace cesp::server
