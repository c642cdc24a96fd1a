// Slows down password guessing. After a few failures for the same login (or
// from the same address), further attempts are refused until a delay that
// doubles with each failure has passed; a success clears the login's record.
// Refusals happen before the password is even hashed, so a flood of guesses
// costs the server nothing.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace cesp::server {

struct ThrottlePolicy {
  int free_attempts = 5;                       // failures allowed before any delay
  std::chrono::seconds first_delay{2};         // after the first counted failure
  std::chrono::seconds max_delay{15 * 60};     // cap on the doubling delay
  std::chrono::seconds forget_after{60 * 60};  // a quiet key is forgotten
};

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LoginThrottle(ThrottlePolicy policy = {}) : policy_(policy) {}

  // How long the caller must wait before trying this key again (0 = may try).
  std::chrono::seconds wait_for(const std::string& key, Clock::time_point now = Clock::now());
  void record_failure(const std::string& key, Clock::time_point now = Clock::now());
  void record_success(const std::string& key);

 private:
  struct Record {
    int failures = 0;
    Clock::time_point last_failure;
  };

  std::chrono::seconds delay_after(int failures) const;

  ThrottlePolicy policy_;
  std::mutex mutex_;
  std::map<std::string, Record> records_;
};

}  // namespace cesp::server
