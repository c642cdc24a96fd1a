#include "test_databases.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <random>

namespace cesp::storage::testing {
namespace {

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(rd() % 100000);
}

}  // namespace

TempDir::TempDir() {
  path_ = std::filesystem::temp_directory_path() / ("cesp-storage-test-" + unique_suffix());
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

TestDatabase::TestDatabase(const std::string& backend) {
  if (backend == "sqlite") {
    uri_ = "sqlite:" + (dir_.path() / "test.sqlite").string();
    return;
  }
  REQUIRE(backend == "postgresql");
  const char* pg = std::getenv("CESP_TEST_PG");
  if (!pg || !*pg) {
    const char* allow = std::getenv("CESP_ALLOW_NO_PG");
    if (allow && std::string(allow) == "1") {
      WARN("CESP_TEST_PG not set: PostgreSQL variant skipped (CESP_ALLOW_NO_PG=1)");
      return;
    }
    FAIL(
        "CESP_TEST_PG is not set: the PostgreSQL variant of this test needs a real server. Run "
        "scripts/test.sh, or eval \"$(scripts/pg-test-server.sh start)\" first; set CESP_ALLOW_NO_PG=1 to "
        "skip "
        "on purpose.");
  }
  admin_uri_ = pg;
  schema_ = "t_" + unique_suffix();
  Database::open(admin_uri_)->execute("CREATE SCHEMA " + schema_);
  uri_ = admin_uri_ + " options=-csearch_path=" + schema_;
}

TestDatabase::~TestDatabase() {
  if (schema_.empty()) return;
  try {
    Database::open(admin_uri_)->execute("DROP SCHEMA " + schema_ + " CASCADE");
  } catch (...) {
  }
}

std::shared_ptr<Database> TestDatabase::open() const { return Database::open(uri_); }

}  // namespace cesp::storage::testing
