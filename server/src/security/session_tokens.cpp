#include "security/session_tokens.h"

#include <openssl/rand.h>

#include <array>
#include <mutex>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"
#include "cesp/storage/database.h"

namespace cesp::server {
namespace {

// last_seen is written at most this often per session: a database write on
// every request would cost more than the idle deadline is worth.
constexpr std::int64_t kTouchEverySeconds = 60;

const std::vector<storage::Migration>& migrations() {
  static const std::vector<storage::Migration> list = {
      {1, "sessions",
       "CREATE TABLE sessions (\n"
       "  token_digest TEXT PRIMARY KEY,\n"
       "  account_id TEXT NOT NULL,\n"
       "  login TEXT NOT NULL,\n"
       "  role TEXT NOT NULL,\n"
       "  candidate_id TEXT NOT NULL,\n"
       "  ufr TEXT NOT NULL,\n"
       "  region TEXT NOT NULL,\n"
       "  created_at BIGINT NOT NULL,\n"
       "  last_seen BIGINT NOT NULL\n"
       ");\n"
       "CREATE INDEX sessions_by_account ON sessions (account_id);\n"
       "CREATE INDEX sessions_by_last_seen ON sessions (last_seen);\n"},
  };
  return list;
}

std::int64_t seconds(SessionStore::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string base64url(const unsigned char* data, std::size_t size) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < size; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3F];
  return out;
}

}  // namespace

std::string token_digest(const std::string& token) { return sha256_hex(token); }

SessionStore::SessionStore(std::shared_ptr<storage::Database> db, SessionLimits limits)
    : db_(std::move(db)), limits_(limits) {
  db_->migrate("sessions", migrations());
}

std::string SessionStore::open(const Principal& who, Clock::time_point now) {
  std::array<unsigned char, 32> secret{};
  if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1)
    throw Error(ErrorCode::internal, "rand");
  std::string token = base64url(secret.data(), secret.size());
  const std::int64_t t = seconds(now);
  // Opening a session is rare enough to also sweep the expired ones.
  db_->execute("DELETE FROM sessions WHERE last_seen < ? OR created_at < ?",
               {t - limits_.idle.count(), t - limits_.absolute.count()});
  db_->execute(
      "INSERT INTO sessions (token_digest, account_id, login, role, candidate_id, ufr, region, created_at, "
      "last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {token_digest(token), who.account_id, who.login, std::string(to_string(who.role)), who.candidate_id,
       who.ufr, who.region, t, t});
  return token;
}

std::optional<Principal> SessionStore::find(const std::string& token, Clock::time_point now) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  const std::string digest = token_digest(token);
  const std::int64_t t = seconds(now);
  if (limits_.cache_ttl.count() > 0) {
    std::shared_lock lock(cache_mutex_);
    if (auto it = cache_.find(digest); it != cache_.end()) {
      const Cached& c = it->second;
      if (t >= c.cached_at && t - c.cached_at < limits_.cache_ttl.count() &&
          t - c.last_seen <= limits_.idle.count() && t - c.created <= limits_.absolute.count()) {
        return c.who;
      }
    }
  }
  auto row = db_->query_one(
      "SELECT account_id, login, role, candidate_id, ufr, region, created_at, last_seen FROM sessions "
      "WHERE token_digest = ?",
      {digest});
  if (!row) {
    forget(digest);
    return std::nullopt;
  }
  const std::int64_t created = row->integer(6);
  std::int64_t last_seen = row->integer(7);
  if (t - last_seen > limits_.idle.count() || t - created > limits_.absolute.count()) {
    db_->execute("DELETE FROM sessions WHERE token_digest = ?", {digest});
    forget(digest);
    return std::nullopt;
  }
  if (t - last_seen >= kTouchEverySeconds) {
    db_->execute("UPDATE sessions SET last_seen = ? WHERE token_digest = ?", {t, digest});
    last_seen = t;
  }
  Principal who{row->text(0), row->text(1), parse_role(row->text(2)),
                row->text(3), row->text(4), row->text(5)};
  if (limits_.cache_ttl.count() > 0) {
    std::unique_lock lock(cache_mutex_);
    if (cache_.size() >= 100000) cache_.clear();  // bound memory; entries are cheap to rebuild
    cache_[digest] = Cached{who, created, last_seen, t};
  }
  return who;
}

void SessionStore::forget(const std::string& digest) {
  std::unique_lock lock(cache_mutex_);
  cache_.erase(digest);
}

bool SessionStore::revoke(const std::string& token) {
  const std::string digest = token_digest(token);
  const bool existed = db_->execute("DELETE FROM sessions WHERE token_digest = ?", {digest}) > 0;
  forget(digest);
  return existed;
}

int SessionStore::revoke_account(const std::string& account_id) {
  const auto revoked = db_->execute("DELETE FROM sessions WHERE account_id = ?", {account_id});
  std::unique_lock lock(cache_mutex_);
  std::erase_if(cache_, [&](const auto& entry) { return entry.second.who.account_id == account_id; });
  return static_cast<int>(revoked);
}

}  // namespace cesp::server
