// Test databases: every storage test runs once per backend, against a real
// SQLite file and a real PostgreSQL (CESP_TEST_PG, started by
// scripts/pg-test-server.sh). Without CESP_TEST_PG the PostgreSQL variants
// FAIL, unless CESP_ALLOW_NO_PG=1 says that skipping them is intended.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "cesp/storage/database.h"

namespace cesp::storage::testing {

// A unique, empty directory removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// "sqlite" or "postgresql": use with GENERATE(as<std::string>{}, "sqlite", "postgresql").
class TestDatabase {
 public:
  // Fails the test (REQUIRE) if the backend is not available; check
  // available() first when CESP_ALLOW_NO_PG=1 may be set.
  explicit TestDatabase(const std::string& backend);
  ~TestDatabase();
  bool available() const { return !uri_.empty(); }
  // A fresh, empty database: a SQLite file or a PostgreSQL schema of its own.
  const std::string& uri() const { return uri_; }
  std::shared_ptr<Database> open() const;
  const std::filesystem::path& dir() const { return dir_.path(); }

 private:
  TempDir dir_;
  std::string uri_;
  std::string admin_uri_;
  std::string schema_;
};

}  // namespace cesp::storage::testing

// Declares `db` for the current backend or returns from the test case when
// PostgreSQL is absent and CESP_ALLOW_NO_PG=1.
#define CESP_TEST_DATABASE(db, backend)               \
  ::cesp::storage::testing::TestDatabase db(backend); \
  if (!db.available()) return
