#include "cesp/storage/database.h"

#include <catch2/catch.hpp>

#include <atomic>
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

// ---- Prepared-statement cache (one per pooled connection) -------------------

TEST_CASE("a repeated statement returns each call's own rows", "[storage][database][statement-cache]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_DATABASE(tdb, backend);
  auto db = tdb.open();
  db->migrate("test", kMigrations);
  for (int i = 0; i < 50; ++i) {
    db->execute("INSERT INTO things (name, n, x) VALUES (?, ?, ?)",
                {"thing " + std::to_string(i), std::int64_t{i}, i / 4.0});
  }
  auto conn = db->connect();  // one connection: every call below reuses its compiled statement
  for (int i = 0; i < 50; ++i) {
    auto row = conn.query_one("SELECT n, x FROM things WHERE name = ?", {"thing " + std::to_string(i)});
    REQUIRE(row);
    CHECK(row->integer(0) == i);
    CHECK(row->real(1) == i / 4.0);
    // A NULL where the previous call bound text: bindings do not leak between calls.
    CHECK_FALSE(conn.query_one("SELECT n FROM things WHERE name = ?", {Value{}}));
  }
  CHECK(conn.query("SELECT name FROM things WHERE n < ? ORDER BY n", {std::int64_t{3}}).size() == 3);
  CHECK(conn.query("SELECT name FROM things WHERE n < ? ORDER BY n", {std::int64_t{7}}).size() == 7);
  CHECK(conn.execute("UPDATE things SET x = ? WHERE n >= ?", {1.0, std::int64_t{40}}) == 10);
  CHECK(conn.execute("UPDATE things SET x = ? WHERE n >= ?", {2.0, std::int64_t{45}}) == 5);
  // Computed columns come back typed; the getters stay lenient.
  auto avg = conn.query_one("SELECT AVG(x), COUNT(*) FROM things WHERE n >= ?", {std::int64_t{45}});
  CHECK(avg->real(0) == 2.0);
  CHECK(avg->text(0) == "2");
  CHECK(avg->text(1) == "5");
  // Empty values stay empty, not NULL.
  db->execute("INSERT INTO things (name, data) VALUES (?, ?)", {std::string(""), Bytes{}});
  auto empty = db->query_one("SELECT name, data FROM things WHERE name = ?", {std::string("")});
  REQUIRE(empty);
  CHECK(empty->text(0).empty());
  CHECK_FALSE(empty->is_null(1));
  CHECK(empty->bytes(1).empty());
}

TEST_CASE("a failed statement leaves the connection and its cache usable",
          "[storage][database][statement-cache]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_DATABASE(tdb, backend);
  DatabaseOptions options;
  options.max_connections = 1;  // every call below runs on the same connection
  auto db = Database::open(tdb.uri(), options);
  db->migrate("test", kMigrations);
  const std::string insert = "INSERT INTO things (name, n) VALUES (?, ?)";
  db->execute(insert, {std::string("a"), std::int64_t{1}});
  CHECK(code_of([&] {
          db->execute(insert, {std::string("a"), std::int64_t{2}});
        }) == ErrorCode::already_exists);
  CHECK(code_of([&] { db->execute("SELECT nope FROM things"); }) == ErrorCode::database_error);
  CHECK(code_of([&] {
          db->execute(insert, {Value{}, std::int64_t{2}});
        }) == ErrorCode::already_exists);  // NOT NULL
  db->execute(insert, {std::string("b"), std::int64_t{2}});
  // A constraint violation inside a transaction rolls it back whole.
  CHECK(code_of([&] {
          db->transact([&](Transaction& tx) {
            tx.execute(insert, {std::string("c"), std::int64_t{3}});
            tx.execute(insert, {std::string("a"), std::int64_t{4}});
          });
        }) == ErrorCode::already_exists);
  db->transact([&](Transaction& tx) { tx.execute(insert, {std::string("d"), std::int64_t{4}}); });
  CHECK(db->query_one("SELECT COUNT(*) FROM things")->integer(0) == 3);
  CHECK(db->query("SELECT name FROM things WHERE name = ?", {std::string("c")}).empty());
}

TEST_CASE("cached statements follow schema changes", "[storage][database][statement-cache]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_DATABASE(tdb, backend);
  auto db = tdb.open();
  db->migrate("test", kMigrations);
  db->execute("INSERT INTO things (name) VALUES (?)", {std::string("a")});
  const std::string select_all = "SELECT * FROM things WHERE name = ?";
  {
    auto first = db->connect();
    auto second = db->connect();  // two pooled connections, both compile the query
    CHECK(first.query_one(select_all, {std::string("a")})->size() == 5);
    CHECK(second.query_one(select_all, {std::string("a")})->size() == 5);
  }
  // Through migrate(): every pooled connection drops what it compiled.
  auto more = kMigrations;
  more.push_back({3, "more", "ALTER TABLE things ADD COLUMN extra TEXT;"});
  db->migrate("test", more);
  {
    auto first = db->connect();
    auto second = db->connect();
    CHECK(first.query_one(select_all, {std::string("a")})->size() == 6);
    CHECK(second.query_one(select_all, {std::string("a")})->size() == 6);
    // Behind the cache's back (another process migrating): recompiled on use.
    second.execute("ALTER TABLE things ADD COLUMN later BIGINT");
    CHECK(first.query_one(select_all, {std::string("a")})->size() == 7);
  }
}

TEST_CASE("pooled connections serve concurrent readers and writers", "[storage][database][statement-cache]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_DATABASE(tdb, backend);
  auto db = tdb.open();
  db->migrate("test", kMigrations);
  for (int i = 0; i < 20; ++i) {
    db->execute("INSERT INTO things (name, n) VALUES (?, ?)", {"t" + std::to_string(i), std::int64_t{i}});
  }
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        const int k = (i * 7 + t) % 20;
        auto row = db->query_one("SELECT n FROM things WHERE name = ?", {"t" + std::to_string(k)});
        if (!row || row->integer(0) != k) ++wrong;
        if (i % 10 == 0) {
          db->transact([&](Transaction& tx) {
            tx.execute("UPDATE counter SET v = v + ? WHERE k = ?", {std::int64_t{1}, std::string("c")});
          });
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(wrong == 0);
  CHECK(db->query_one("SELECT v FROM counter WHERE k = ?", {std::string("c")})->integer(0) == 60);
}

TEST_CASE("an exhausted pool fails at once and recovers", "[storage][database][statement-cache]") {
  CESP_TEST_DATABASE(tdb, "sqlite");
  DatabaseOptions options;
  options.max_connections = 2;
  auto db = Database::open(tdb.uri(), options);
  {
    auto a = db->connect();
    auto b = db->connect();
    CHECK(code_of([&] { db->connect(); }) == ErrorCode::database_unavailable);
  }
  CHECK(db->query_one("SELECT 1")->integer(0) == 1);
}

TEST_CASE("SQLite runs every statement of a multi-statement text", "[storage][database][statement-cache]") {
  CESP_TEST_DATABASE(tdb, "sqlite");
  auto db = tdb.open();
  db->migrate("test", kMigrations);
  const std::string text =
      "INSERT INTO things (name) VALUES (?); INSERT INTO things (name) VALUES ('second');";
  db->execute(std::string_view(text).substr(0, text.size() - 1),
              {std::string("first")});  // not NUL-terminated
  CHECK(db->query_one("SELECT COUNT(*) FROM things")->integer(0) == 2);
}
