// Bearer session tokens. A token is 32 random bytes (base64url) handed to the
// client once; only its SHA-256 is kept, so a leaked session table does not
// leak usable tokens. Sessions expire (idle and absolute limits) and can be
// revoked one by one or all at once for an account.
//
// Bearer tokens in the Authorization header rather than cookies: browsers do
// not attach them to cross-site requests, so there is no CSRF surface.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "security/authorization.h"

namespace cesp::server {

struct SessionLimits {
  std::chrono::seconds idle{30 * 60};
  std::chrono::seconds absolute{12 * 60 * 60};
};

class SessionStore {
 public:
  using Clock = std::chrono::steady_clock;

  explicit SessionStore(SessionLimits limits = {}) : limits_(limits) {}

  // Opens a session and returns the token to give to the client.
  std::string open(const Principal& who, Clock::time_point now = Clock::now());
  // The session's principal, refreshing its idle deadline; nullopt when the
  // token is unknown, expired or revoked.
  std::optional<Principal> find(const std::string& token, Clock::time_point now = Clock::now());
  // Returns false when there was no such session.
  bool revoke(const std::string& token);
  // Revokes every session of an account (password change, deactivation).
  int revoke_account(const std::string& account_id);

 private:
  struct Session {
    Principal who;
    Clock::time_point created;
    Clock::time_point last_seen;
  };

  SessionLimits limits_;
  std::mutex mutex_;
  std::map<std::string, Session> by_digest_;  // key: hex SHA-256 of the token
};

// Hex SHA-256 of a token (also used to log a session without its secret).
std::string token_digest(const std::string& token);

}  // namespace cesp::server
