#include "observability/request_log.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace cesp::server;

TEST_CASE("Each request is one JSON line with metadata only", "[log]") {
  std::ostringstream out;
  RequestLog log(out);
  log.write({"r-1", "POST", "/api/v1/session", 401, 12.5, "", "unauthenticated"});
  log.write({"r-2", "GET", "/api/v1/me", 200, 0.25, "acc-7", ""});
  const std::string text = out.str();
  CHECK(std::count(text.begin(), text.end(), '\n') == 2);
  CHECK_THAT(text, Catch::Contains("\"request_id\":\"r-1\""));
  CHECK_THAT(text, Catch::Contains("\"status\":401"));
  CHECK_THAT(text, Catch::Contains("\"error\":\"unauthenticated\""));
  CHECK_THAT(text, Catch::Contains("\"account\":\"acc-7\""));
  CHECK_THAT(text, Catch::Contains("\"duration_ms\":12.500"));
}
