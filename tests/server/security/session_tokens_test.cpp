#include "security/session_tokens.h"

#include <catch2/catch.hpp>

#include <set>

#include "cesp/storage/database.h"

#include "support/databases.h"

using namespace cesp::server;
using namespace std::chrono_literals;

namespace {

Principal someone(const std::string& id, Role role = Role::agent) {
  Principal p;
  p.account_id = id;
  p.login = id + "@example.fr";
  p.role = role;
  if (role == Role::ufr) p.ufr = "UFR-X";
  return p;
}

}  // namespace

TEST_CASE("A token finds its session until revoked", "[sessions]") {
  for (const auto& uri : cesp::test::fresh_database_uris("sessions")) {
    INFO(uri);
    SessionStore store(cesp::storage::Database::open(uri));
    const std::string token = store.open(someone("a1", Role::ufr));
    CHECK(token.size() == 43);  // 32 bytes, base64url without padding
    auto found = store.find(token);
    REQUIRE(found);
    CHECK(found->account_id == "a1");
    CHECK(found->role == Role::ufr);
    CHECK(found->ufr == "UFR-X");
    CHECK(store.revoke(token));
    CHECK_FALSE(store.find(token));
    CHECK_FALSE(store.revoke(token));
  }
}

TEST_CASE("Sessions survive a restart and are shared between instances", "[sessions]") {
  for (const auto& uri : cesp::test::fresh_database_uris("sessions_shared")) {
    INFO(uri);
    const std::string token = SessionStore(cesp::storage::Database::open(uri)).open(someone("a1"));
    SessionStore other_instance(cesp::storage::Database::open(uri));
    REQUIRE(other_instance.find(token));
    CHECK(other_instance.find(token)->account_id == "a1");
  }
}

TEST_CASE("Tokens are unique and only their digest is stored", "[sessions]") {
  auto db =
      cesp::storage::Database::open("sqlite:" + cesp::test::fresh_dir("sessions_unique") + "/db.sqlite");
  SessionStore store(db);
  std::set<std::string> tokens;
  for (int i = 0; i < 200; ++i) tokens.insert(store.open(someone("a")));
  CHECK(tokens.size() == 200);
  for (const auto& row : db->query("SELECT token_digest FROM sessions")) {
    CHECK_FALSE(tokens.count(row.text(0)));
    CHECK(row.text(0).size() == 64);
  }
  CHECK_FALSE(store.find("not-a-token"));
  CHECK_FALSE(store.find(""));
  CHECK_FALSE(store.find(std::string(1000, 'A')));
}

TEST_CASE("Sessions expire when idle and after an absolute limit", "[sessions]") {
  SessionStore store(
      cesp::storage::Database::open("sqlite:" + cesp::test::fresh_dir("sessions_expiry") + "/db.sqlite"),
      SessionLimits{10min, 1h});
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
  SessionStore store(
      cesp::storage::Database::open("sqlite:" + cesp::test::fresh_dir("sessions_revoke") + "/db.sqlite"));
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

TEST_CASE("Recently read sessions are cached; revocations elsewhere apply within the TTL", "[sessions]") {
  const std::string uri = "sqlite:" + cesp::test::fresh_dir("sessions_cache") + "/db.sqlite";
  SessionStore here(cesp::storage::Database::open(uri), SessionLimits{30min, 12h, 5s});
  SessionStore elsewhere(cesp::storage::Database::open(uri), SessionLimits{30min, 12h, 5s});
  const auto t0 = SessionStore::Clock::now();
  const std::string token = here.open(someone("a"), t0);
  REQUIRE(here.find(token, t0));  // now cached here

  CHECK(elsewhere.revoke(token));
  CHECK(here.find(token, t0 + 2s));        // still cached: the documented window
  CHECK_FALSE(here.find(token, t0 + 6s));  // past the TTL: the database says revoked

  const std::string second = here.open(someone("b"), t0);
  REQUIRE(here.find(second, t0));
  CHECK(here.revoke(second));
  CHECK_FALSE(here.find(second, t0 + 1s));  // revoked on this instance: at once

  const std::string third = here.open(someone("c"), t0);
  REQUIRE(here.find(third, t0));
  CHECK(here.revoke_account("c") == 1);
  CHECK_FALSE(here.find(third, t0 + 1s));
}
