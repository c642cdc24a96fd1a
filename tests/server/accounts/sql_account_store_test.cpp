#include "accounts/sql_account_store.h"

#include <catch2/catch.hpp>

#include "cesp/core/error.h"
#include "cesp/storage/database.h"

#include "support/databases.h"

using namespace cesp::server;

namespace {

Account account(const std::string& id, const std::string& login, Role role) {
  Account a;
  a.id = id;
  a.login = login;
  a.display_name = "Test " + id;
  a.password_hash = "scrypt$10$8$1$AAAA$AAAA";
  a.role = role;
  if (role == Role::ufr) a.ufr = "UFR-X";
  return a;
}

}  // namespace

TEST_CASE("Accounts are stored and found by login or id", "[accounts]") {
  for (const auto& uri : cesp::test::fresh_database_uris("accounts")) {
    INFO(uri);
    auto store = open_sql_account_store(cesp::storage::Database::open(uri));
    store->create(account("a1", "  Marie.Curie@Example.FR ", Role::ufr));
    auto found = store->find_by_login("marie.curie@example.fr");
    REQUIRE(found);
    CHECK(found->id == "a1");
    CHECK(found->ufr == "UFR-X");
    CHECK(found->role == Role::ufr);
    CHECK(store->find_by_id("a1"));
    CHECK_FALSE(store->find_by_login("someone@else"));

    try {
      store->create(account("a2", "MARIE.CURIE@example.fr", Role::agent));
      FAIL("duplicate login accepted");
    } catch (const cesp::Error& e) {
      CHECK(e.code() == cesp::ErrorCode::already_exists);
    }

    store->update_password_hash("a1", "scrypt$new");
    CHECK(store->find_by_id("a1")->password_hash == "scrypt$new");
    CHECK_THROWS_AS(store->update_password_hash("ghost", "x"), cesp::Error);
    CHECK(store->list().size() == 1);
  }
}

TEST_CASE("Logins are normalised", "[accounts]") {
  CHECK(normalize_login("  Agent@Demo.CESP\t") == "agent@demo.cesp");
  CHECK(normalize_login("   ").empty());
}
