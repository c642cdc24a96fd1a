#include "security/login_throttle.h"

#include <algorithm>

namespace cesp::server {

std::chrono::seconds LoginThrottle::delay_after(int failures) const {
  const int counted = failures - policy_.free_attempts;
  if (counted <= 0) return std::chrono::seconds{0};
  const int doublings = std::min(counted - 1, 20);
  auto delay = policy_.first_delay * (1LL << doublings);
  return std::min<std::chrono::seconds>(delay, policy_.max_delay);
}

std::chrono::seconds LoginThrottle::wait_for(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = records_.find(key);
  if (it == records_.end()) return std::chrono::seconds{0};
  if (now - it->second.last_failure > policy_.forget_after) {
    records_.erase(it);
    return std::chrono::seconds{0};
  }
  auto ready_at = it->second.last_failure + delay_after(it->second.failures);
  if (now >= ready_at) return std::chrono::seconds{0};
  return std::chrono::ceil<std::chrono::seconds>(ready_at - now);
}

void LoginThrottle::record_failure(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  // Bound memory under a flood of distinct keys: drop records gone quiet.
  if (records_.size() > 100000) {
    std::erase_if(records_,
                  [&](const auto& entry) { return now - entry.second.last_failure > policy_.forget_after; });
  }
  Record& record = records_[key];
  ++record.failures;
  record.last_failure = now;
}

void LoginThrottle::record_success(const std::string& key) {
  std::lock_guard lock(mutex_);
  records_.erase(key);
}

}  // namespace cesp::server
