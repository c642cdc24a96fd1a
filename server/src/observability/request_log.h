// One line per request on a stream (stderr by default): JSON for log
// collectors (default) or plain text for a terminal. Only metadata is
// written: never bodies, headers, query strings, passwords or tokens
// (sessions appear as the account id).
#pragma once

#include <iosfwd>
#include <memory>
#include <mutex>
#include <string>

namespace cesp::server {

struct RequestLogEntry {
  std::string request_id;
  std::string method;
  std::string route;  // pattern, or the raw path when unmatched (truncated)
  int status = 0;
  double duration_ms = 0;
  std::string account_id;  // empty when anonymous
  std::string error_code;  // empty on success
};

enum class LogFormat { json, text };

// "json" or "text"; Error(usage) otherwise.
LogFormat parse_log_format(const std::string& name);

// Opens a log file for appending (creating its folder); Error(io_error)
// naming the path when it cannot.
std::unique_ptr<std::ostream> open_log_file(const std::string& path);

class RequestLog {
 public:
  explicit RequestLog(std::ostream& out, LogFormat format = LogFormat::json) : out_(out), format_(format) {}
  // Thread-safe; one whole line per call.
  void write(const RequestLogEntry& entry);

 private:
  std::ostream& out_;
  LogFormat format_;
  std::mutex mutex_;
};

}  // namespace cesp::server
