#include "cesp/core/error.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using cesp::Error;
using cesp::ErrorCode;

TEST_CASE("Errors carry a stable code, two messages and context", "[error]") {
  Error e(ErrorCode::quota_exhausted, "UFR-MED-LYON / medecine");
  CHECK(e.code_name() == "quota_exhausted");
  CHECK(e.category() == cesp::ErrorCategory::conflict);
  CHECK(e.message_fr() == "Le nombre de contrats offerts est atteint.");
  CHECK(e.message_en() == "The number of contracts offered is used up.");
  CHECK(std::string(e.what()) ==
        "quota_exhausted: The number of contracts offered is used up. (UFR-MED-LYON / medecine)");
}

TEST_CASE("Custom messages replace the defaults", "[error]") {
  Error e(ErrorCode::usage, "option inconnue", "unknown option");
  CHECK(e.message_fr() == "option inconnue");
  CHECK(std::string(e.what()) == "usage: unknown option");
}

TEST_CASE("Code names round-trip and are unique", "[error]") {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < cesp::kErrorCodeCount; ++i) {
    auto code = static_cast<ErrorCode>(i);
    std::string name(cesp::code_name(code));
    INFO(name);
    CHECK(seen.insert(name).second);
    ErrorCode parsed = ErrorCode::internal;
    REQUIRE(cesp::parse_code_name(name, parsed));
    CHECK(parsed == code);
    CHECK_FALSE(cesp::default_message_fr(code).empty());
    CHECK_FALSE(cesp::default_message_en(code).empty());
  }
  ErrorCode untouched = ErrorCode::usage;
  CHECK_FALSE(cesp::parse_code_name("no_such_code", untouched));
  CHECK(untouched == ErrorCode::usage);
}
