#include "security/session_tokens.h"

#include <catch2/catch.hpp>

#include <set>

using namespace cesp::server;
using namespace std::chrono_literals;

namespace {
Principal someone(const std::string& id) {
  Principal p;
  p.account_id = id;
  p.role = Role::agent;
  return p;
}
}  // namespace

TEST_CASE("A token finds its session until revoked", "[sessions]") {
  SessionStore store;
  const std::string token = store.open(someone("a1"));
  CHECK(token.size() == 43);  // 32 bytes, base64url without padding
  auto found = store.find(token);
  REQUIRE(found);
  CHECK(found->account_id == "a1");
  CHECK(store.revoke(token));
  CHECK_FALSE(store.find(token));
  CHECK_FALSE(store.revoke(token));
}

TEST_CASE("Tokens are unique and unguessable strings", "[sessions]") {
  SessionStore store;
  std::set<std::string> tokens;
  for (int i = 0; i < 200; ++i) tokens.insert(store.open(someone("a")));
  CHECK(tokens.size() == 200);
  CHECK_FALSE(store.find("not-a-token"));
  CHECK_FALSE(store.find(""));
  CHECK_FALSE(store.find(std::string(1000, 'A')));
}

TEST_CASE("Sessions expire when idle and after an absolute limit", "[sessions]") {
  SessionStore store(SessionLimits{10min, 1h});
  const auto t0 = SessionStore::Clock::now();
  const std::string token = store.open(someone("a"), t0);
  CHECK(store.find(token, t0 + 9min));
  CHECK(store.find(token, t0 + 18min));  // activity at 9 min moved the idle deadline
  CHECK_FALSE(store.find(token, t0 + 29min));

  const std::string busy = store.open(someone("b"), t0);
  for (auto t = t0 + 5min; t < t0 + 60min; t += 5min) REQUIRE(store.find(busy, t));
  CHECK_FALSE(store.find(busy, t0 + 61min));
}

TEST_CASE("All sessions of an account can be revoked at once", "[sessions]") {
  SessionStore store;
  const auto t1 = store.open(someone("a"));
  const auto t2 = store.open(someone("a"));
  const auto t3 = store.open(someone("b"));
  CHECK(store.revoke_account("a") == 2);
  CHECK_FALSE(store.find(t1));
  CHECK_FALSE(store.find(t2));
  CHECK(store.find(t3));
}

TEST_CASE("Token digests are hex SHA-256", "[sessions]") {
  CHECK(token_digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
