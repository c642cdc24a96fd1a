#include "cesp/server/error_mapping.h"

#include <catch2/catch.hpp>

using namespace cesp;
using namespace cesp::server;

TEST_CASE("Each category maps to one HTTP status", "[errors]") {
  CHECK(http_status(ErrorCode::usage) == 400);
  CHECK(http_status(ErrorCode::invalid_date) == 400);
  CHECK(http_status(ErrorCode::not_found) == 404);
  CHECK(http_status(ErrorCode::unauthenticated) == 401);
  CHECK(http_status(ErrorCode::forbidden) == 403);
  CHECK(http_status(ErrorCode::quota_exhausted) == 409);
  CHECK(http_status(ErrorCode::invalid_transition) == 409);
  CHECK(http_status(ErrorCode::too_large) == 413);
  CHECK(http_status(ErrorCode::unavailable) == 503);
  CHECK(http_status(ErrorCode::internal) == 500);
}

TEST_CASE("Each category maps to one exit code", "[errors]") {
  CHECK(exit_code(ErrorCode::usage) == 2);
  CHECK(exit_code(ErrorCode::internal) == 3);
  CHECK(exit_code(ErrorCode::invalid_json) == 4);
  CHECK(exit_code(ErrorCode::unavailable) == 5);
  CHECK(exit_code(ErrorCode::quota_exhausted) == 6);
  CHECK(exit_code(ErrorCode::forbidden) == 7);
  CHECK(exit_code(ErrorCode::integrity_failure) == 1);
}

TEST_CASE("Every code has a status and an exit code", "[errors]") {
  for (std::size_t i = 0; i < cesp::kErrorCodeCount; ++i) {
    auto code = static_cast<ErrorCode>(i);
    INFO(code_name(code));
    CHECK(http_status(code) >= 400);
    CHECK(exit_code(code) > 0);
  }
}
