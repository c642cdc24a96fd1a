#include "http/router.h"

#include <catch2/catch.hpp>

#include "cesp/core/error.h"

using namespace cesp::server;

namespace {

Router sample_router() {
  Router r;
  r.add({"GET", "/api/v1/contracts/{id}", {}});
  r.add({"GET", "/api/v1/contracts/{id}/pdf", {}});
  r.add({"POST", "/api/v1/contracts/{id}/signatures", {}});
  r.add({"GET", "/api/v1/me", {}});
  return r;
}

cesp::ErrorCode failure(const Router& r, const std::string& method, const std::string& path) {
  try {
    r.match(method, path);
  } catch (const cesp::Error& e) {
    return e.code();
  }
  FAIL("matched " << method << " " << path);
  return cesp::ErrorCode::internal;
}

}  // namespace

TEST_CASE("Placeholders capture one segment", "[router]") {
  Router r = sample_router();
  auto m = r.match("GET", "/api/v1/contracts/CESP-2025-1/pdf");
  REQUIRE(m.route);
  CHECK(m.route->pattern == "/api/v1/contracts/{id}/pdf");
  CHECK(m.params.at("id") == "CESP-2025-1");
  CHECK(r.match("GET", "/api/v1/contracts/42/").params.at("id") == "42");
  CHECK(r.match("GET", "/api/v1/me").params.empty());
}

TEST_CASE("Unknown paths and wrong methods are told apart", "[router]") {
  Router r = sample_router();
  CHECK(failure(r, "GET", "/api/v1/contracts") == cesp::ErrorCode::not_found);
  CHECK(failure(r, "GET", "/api/v1/contracts/1/pdf/extra") == cesp::ErrorCode::not_found);
  CHECK(failure(r, "DELETE", "/api/v1/contracts/1") == cesp::ErrorCode::method_not_allowed);
  CHECK(failure(r, "GET", "/") == cesp::ErrorCode::not_found);
}

TEST_CASE("A route cannot be declared twice", "[router]") {
  Router r = sample_router();
  CHECK_THROWS_AS(r.add({"GET", "/api/v1/me", {}}), cesp::Error);
  CHECK(path_segments("//a///b/") == std::vector<std::string>{"a", "b"});
}
