#include <catch2/catch.hpp>

#include "cesp/server/http_server.h"

#include "support/demo_server.h"

using namespace cesp::server;
using cesp::test::http;

namespace {

std::string login_body(const std::string& login, const std::string& password) {
  return "{\"login\": \"" + login + "\", \"password\": \"" + password + "\"}";
}

}  // namespace

TEST_CASE("Log in, read me, log out", "[session]") {
  cesp::test::DemoServer s("session");
  auto login = http(s.port(), "POST", "/api/v1/session", login_body("Agent@Demo.CESP ", "demo-agent"));
  REQUIRE(login.status == 201);
  const std::string token = login.json()->getValue<std::string>("token");
  CHECK(token.size() == 43);
  CHECK(login.json()->getObject("account")->getValue<std::string>("role") == "agent");

  auto me = http(s.port(), "GET", "/api/v1/me", "", token);
  CHECK(me.status == 200);
  CHECK(me.json()->getValue<std::string>("login") == "agent@demo.cesp");
  CHECK_FALSE(me.json()->has("password_hash"));

  CHECK(http(s.port(), "DELETE", "/api/v1/session", "", token).status == 204);
  CHECK(http(s.port(), "GET", "/api/v1/me", "", token).status == 401);
}

TEST_CASE("Wrong passwords and unknown logins get the same answer", "[session]") {
  cesp::test::DemoServer s("session");
  auto wrong = http(s.port(), "POST", "/api/v1/session", login_body("agent@demo.cesp", "nope"));
  auto unknown = http(s.port(), "POST", "/api/v1/session", login_body("nobody@demo.cesp", "nope"));
  CHECK(wrong.status == 401);
  CHECK(unknown.status == 401);
  CHECK(wrong.body == unknown.body);
}

TEST_CASE("Malformed login bodies are 400", "[session]") {
  cesp::test::DemoServer s("session");
  auto not_json = http(s.port(), "POST", "/api/v1/session", "login=agent");
  CHECK(not_json.status == 400);
  CHECK(not_json.error_code() == "invalid_json");
  auto missing = http(s.port(), "POST", "/api/v1/session", "{\"login\": \"agent@demo.cesp\"}");
  CHECK(missing.status == 400);
  CHECK(missing.error_code() == "missing_field");
  auto huge = http(s.port(), "POST", "/api/v1/session", "{\"login\": \"" + std::string(20000, 'a') + "\"}");
  CHECK(huge.status == 413);  // the login body limit is 16 KiB
}

TEST_CASE("Repeated failures are throttled with Retry-After", "[session]") {
  cesp::test::DemoServer s("session");
  int last = 0;
  cesp::test::Reply reply;
  for (int i = 0; i < 7; ++i) {
    reply =
        http(s.port(), "POST", "/api/v1/session", login_body("ufr@demo.cesp", "guess" + std::to_string(i)));
    last = reply.status;
  }
  CHECK(last == 429);
  CHECK(reply.error_code() == "too_many_attempts");
  CHECK_FALSE(reply.headers["Retry-After"].empty());
  // Even the right password waits until the delay has passed.
  CHECK(http(s.port(), "POST", "/api/v1/session", login_body("ufr@demo.cesp", "demo-ufr")).status == 429);
}

TEST_CASE("Every route is documented in the OpenAPI file", "[openapi]") {
  cesp::test::DemoServer s("session");
  auto doc = http(s.port(), "GET", "/api/v1/openapi.json");
  REQUIRE(doc.status == 200);
  auto paths = doc.json()->getObject("paths");
  REQUIRE(paths);
  for (const auto& [method, pattern] : s.server.routes()) {
    INFO(method << " " << pattern);
    auto item = paths->getObject(pattern);
    REQUIRE(item);
    std::string lower;
    for (char c : method) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(item->has(lower));
  }
}
