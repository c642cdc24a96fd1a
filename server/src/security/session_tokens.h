// Bearer session tokens. A token is 32 random bytes (base64url) handed to the
// client once; only its SHA-256 is kept, so a leaked session table does not
// leak usable tokens. Sessions expire (idle and absolute limits) and can be
// revoked one by one or all at once for an account.
//
// Sessions live in the shared metadata database, so that several server
// instances on one PostgreSQL accept each other's sessions (stateless
// servers) and a restart logs nobody out.
//
// Bearer tokens in the Authorization header rather than cookies: browsers do
// not attach them to cross-site requests, so there is no CSRF surface.
//
// Each instance keeps the sessions it has recently read in memory for
// SessionLimits::cache_ttl (5 s), so a busy client costs one database read per
// token every few seconds rather than one per request. Revocation semantics:
// revoke()/revoke_account() on an instance take effect on that instance at
// once; a revocation made by another instance (or directly in the database)
// takes effect here within cache_ttl. Idle and absolute limits are checked on
// every request, cached or not.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>

#include "security/authorization.h"

namespace cesp::storage {
class Database;
}

namespace cesp::server {

struct SessionLimits {
  std::chrono::seconds idle{30 * 60};
  std::chrono::seconds absolute{12 * 60 * 60};
  std::chrono::seconds cache_ttl{5};  // 0: every find() reads the database
};

class SessionStore {
 public:
  using Clock = std::chrono::system_clock;

  // Applies the sessions migrations.
  explicit SessionStore(std::shared_ptr<storage::Database> db, SessionLimits limits = {});

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
  struct Cached {
    Principal who;
    std::int64_t created = 0, last_seen = 0, cached_at = 0;  // seconds since the epoch
  };
  void forget(const std::string& digest);

  std::shared_ptr<storage::Database> db_;
  SessionLimits limits_;
  std::shared_mutex cache_mutex_;
  std::map<std::string, Cached> cache_;  // by token digest
};

// Hex SHA-256 of a token (also used to log a session without its secret).
std::string token_digest(const std::string& token);

}  // namespace cesp::server
