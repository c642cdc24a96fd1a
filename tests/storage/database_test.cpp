#include "cesp/storage/database.h"

#include <catch2/catch.hpp>

#include <thread>

#include "cesp/core/error.h"

#include "test_databases.h"

using cesp::Error;
using cesp::ErrorCode;
using namespace cesp::storage;

namespace {

const std::vector<Migration> kMigrations = {
    {1, "create things",
     "CREATE TABLE things (id {id}, name TEXT NOT NULL UNIQUE, n BIGINT, x DOUBLE PRECISION, data {blob});"},
    {2, "counter",
     "CREATE TABLE counter (k TEXT PRIMARY KEY, v BIGINT NOT NULL);\nINSERT INTO counter VALUES ('c', 0);"},
};

ErrorCode code_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.code();
  }
  FAIL("no cesp::Error thrown");
  return ErrorCode::internal;
}

}  // namespace

TEST_CASE("dialect placeholders are rewritten outside quotes only", "[storage][database]") {
  CHECK(to_dialect_placeholders("SELECT ? , '?' , \"a?\" , ?", Dialect::postgresql) ==
        "SELECT $1 , '?' , \"a?\" , $2");
  CHECK(to_dialect_placeholders("SELECT ?", Dialect::sqlite) == "SELECT ?");
  CHECK(to_dialect_ddl("x {blob}, y {id}", Dialect::sqlite) == "x BLOB, y INTEGER PRIMARY KEY");
  CHECK(to_dialect_ddl("x {blob}", Dialect::postgresql) == "x BYTEA");
}

TEST_CASE("a malformed URI is refused", "[storage][database]") {
  CHECK(code_of([] { Database::open("mysql:whatever"); }) == ErrorCode::invalid_argument);
  CHECK(code_of([] { Database::open("postgresql:host=127.0.0.1 port=1 dbname=x connect_timeout=2"); }) ==
        ErrorCode::database_unavailable);
}

TEST_CASE("values round-trip through bound parameters on both backends", "[storage][database]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_DATABASE(tdb, backend);
  auto db = tdb.open();
  CHECK(db->dialect() == (backend == "sqlite" ? Dialect::sqlite : Dialect::postgresql));
  db->migrate("test", kMigrations);
  CHECK(db->schema_version("test") == 2);
  db->migrate("test", kMigrations);  // idempotent
  CHECK(db->schema_version("test") == 2);

  Bytes data = {0, 1, 2, 0xff, 0, '\'', '\\', 0x80};
  const std::string hostile = "O'Brien\"; DROP TABLE things; -- ?";
  auto id_row = db->query_one("INSERT INTO things (name, n, x, data) VALUES (?, ?, ?, ?) RETURNING id",
                              {hostile, std::int64_t{1} << 40, 2.5, data});
  REQUIRE(id_row);
  const std::int64_t id = id_row->integer(0);
  db->execute("INSERT INTO things (name, n, x, data) VALUES (?, ?, ?, ?)",
              {std::string("null"), Value{}, Value{}, Value{}});

  auto row = db->query_one("SELECT name, n, x, data, id FROM things WHERE id = ?", {id});
  REQUIRE(row);
  CHECK(row->text(0) == hostile);
  CHECK(row->integer(1) == (std::int64_t{1} << 40));
  CHECK(row->real(2) == 2.5);
  CHECK(row->bytes(3) == data);
  CHECK(row->integer(4) == id);

  auto nulls = db->query_one("SELECT n, x, data FROM things WHERE name = ?", {std::string("null")});
  REQUIRE(nulls);
  CHECK(nulls->is_null(0));
  CHECK(nulls->is_null(1));
  CHECK(nulls->is_null(2));
  CHECK(db->query("SELECT id FROM things WHERE name = ?", {std::string("absent")}).empty());
  CHECK(db->query_one("SELECT COUNT(*) FROM things")->integer(0) == 2);
  CHECK(db->execute("DELETE FROM things WHERE name = ?", {std::string("null")}) == 1);

  CHECK(code_of([&] { db->execute("INSERT INTO things (name) VALUES (?)", {hostile}); }) ==
        ErrorCode::already_exists);
  CHECK(code_of([&] { db->execute("SELECT * FROM no_such_table"); }) == ErrorCode::database_error);
}

TEST_CASE("a transaction commits on return and rolls back on throw", "[storage][database]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_DATABASE(tdb, backend);
  auto db = tdb.open();
  db->migrate("test", kMigrations);
  db->transact(
      [](Transaction& tx) { tx.execute("INSERT INTO things (name) VALUES (?)", {std::string("kept")}); });
  CHECK_THROWS_AS(db->transact([](Transaction& tx) {
    tx.execute("INSERT INTO things (name) VALUES (?)", {std::string("dropped")});
    throw std::runtime_error("abort");
  }),
                  std::runtime_error);
  const auto n =
      db->transact([](Transaction& tx) { return tx.query_one("SELECT COUNT(*) FROM things")->integer(0); });
  CHECK(n == 1);
  CHECK(db->query("SELECT name FROM things WHERE name = ?", {std::string("dropped")}).empty());
}

TEST_CASE("serialized read-modify-write transactions do not lose updates", "[storage][database]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_DATABASE(tdb, backend);
  auto db = tdb.open();
  db->migrate("test", kMigrations);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        db->transact([](Transaction& tx) {
          tx.serialize("counter");
          auto v = tx.query_one("SELECT v FROM counter WHERE k = 'c'")->integer(0);
          tx.execute("UPDATE counter SET v = ? WHERE k = 'c'", {v + 1});
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(db->query_one("SELECT v FROM counter WHERE k = 'c'")->integer(0) == 100);
}

TEST_CASE("a schema newer than the program is refused", "[storage][database]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_DATABASE(tdb, backend);
  auto db = tdb.open();
  db->migrate("test", kMigrations);
  const std::vector<Migration> older(kMigrations.begin(), kMigrations.begin() + 1);
  CHECK(code_of([&] { db->migrate("test", older); }) == ErrorCode::schema_too_new);
  CHECK(db->schema_version("other") == 0);
}

TEST_CASE("SQLite databases run in WAL mode with synchronous FULL", "[storage][database]") {
  CESP_TEST_DATABASE(tdb, "sqlite");
  auto db = tdb.open();
  CHECK(db->query_one("PRAGMA journal_mode")->text(0) == "wal");
  CHECK(db->query_one("PRAGMA synchronous")->integer(0) == 2);  // FULL
}
