// Database URIs for tests that must pass on both backends: a fresh SQLite
// file, and a fresh database on the real PostgreSQL that scripts/test.sh
// starts (CESP_TEST_PG). Without CESP_TEST_PG the caller fails, unless
// CESP_ALLOW_NO_PG=1 says a PostgreSQL-less run is intended.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "cesp/storage/database.h"

#include "support/http_client.h"

namespace cesp::test {

inline std::string fresh_postgres_uri(const std::string& base_uri, const std::string& name) {
  std::random_device rd;
  const std::string db_name = "t_" + name + "_" + std::to_string(rd());
  cesp::storage::Database::open(base_uri)->execute("CREATE DATABASE " + db_name);  // name is ours, not input
  const auto at = base_uri.find("dbname=");
  REQUIRE(at != std::string::npos);
  const auto end = base_uri.find(' ', at);
  return base_uri.substr(0, at) + "dbname=" + db_name +
         (end == std::string::npos ? "" : base_uri.substr(end));
}

inline std::vector<std::string> fresh_database_uris(const std::string& name) {
  std::vector<std::string> uris = {"sqlite:" + fresh_dir(name) + "/db.sqlite"};
  if (const char* pg = std::getenv("CESP_TEST_PG"); pg && *pg) {
    uris.push_back(fresh_postgres_uri(pg, name));
  } else if (const char* allow = std::getenv("CESP_ALLOW_NO_PG"); !allow || std::string(allow) != "1") {
    FAIL("CESP_TEST_PG is not set: run through scripts/test.sh, or set CESP_ALLOW_NO_PG=1");
  }
  return uris;
}

}  // namespace cesp::test
