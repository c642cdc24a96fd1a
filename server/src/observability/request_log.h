// One JSON line per request on a stream (stderr by default), for log
// collectors. Only metadata is written: never bodies, headers, passwords or
// tokens (sessions appear as the account id).
#pragma once

#include <iosfwd>
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

class RequestLog {
 public:
  explicit RequestLog(std::ostream& out) : out_(out) {}
  void write(const RequestLogEntry& entry);

 private:
  std::ostream& out_;
  std::mutex mutex_;
};

}  // namespace cesp::server
