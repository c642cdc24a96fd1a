#include "security/session_tokens.h"

#include <openssl/rand.h>

#include <array>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"

namespace cesp::server {
namespace {

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

std::string SessionStore::open(const Principal& who, Clock::time_point now) {
  std::array<unsigned char, 32> secret{};
  if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1)
    throw Error(ErrorCode::internal, "rand");
  std::string token = base64url(secret.data(), secret.size());
  std::lock_guard lock(mutex_);
  by_digest_[token_digest(token)] = Session{who, now, now};
  return token;
}

std::optional<Principal> SessionStore::find(const std::string& token, Clock::time_point now) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  const std::string digest = token_digest(token);
  std::lock_guard lock(mutex_);
  auto it = by_digest_.find(digest);
  if (it == by_digest_.end()) return std::nullopt;
  Session& session = it->second;
  if (now - session.last_seen > limits_.idle || now - session.created > limits_.absolute) {
    by_digest_.erase(it);
    return std::nullopt;
  }
  session.last_seen = now;
  return session.who;
}

bool SessionStore::revoke(const std::string& token) {
  std::lock_guard lock(mutex_);
  return by_digest_.erase(token_digest(token)) > 0;
}

int SessionStore::revoke_account(const std::string& account_id) {
  std::lock_guard lock(mutex_);
  int revoked = 0;
  for (auto it = by_digest_.begin(); it != by_digest_.end();) {
    if (it->second.who.account_id == account_id) {
      it = by_digest_.erase(it);
      ++revoked;
    } else {
      ++it;
    }
  }
  return revoked;
}

}  // namespace cesp::server
