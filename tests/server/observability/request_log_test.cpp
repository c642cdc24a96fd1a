#include "observability/request_log.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "cesp/core/error.h"
#include "cesp/server/http_server.h"

#include "support/demo_server.h"

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

TEST_CASE("The text format is one readable line per request", "[log]") {
  std::ostringstream out;
  RequestLog log(out, LogFormat::text);
  log.write({"r-3", "GET", "/api/v1/me", 200, 0.25, "acc-7", ""});
  CHECK_THAT(out.str(), Catch::EndsWith(" r-3 GET /api/v1/me 200 0.250ms account=acc-7\n"));
  CHECK_THROWS_AS(parse_log_format("xml"), cesp::Error);
}

TEST_CASE("Passwords and session tokens never reach the request log", "[log][http]") {
  cesp::server::ServerOptions options = cesp::test::DemoServer::options("log-secrets");
  options.log_file = options.data_dir + "/logs/requests.log";
  cesp::server::HttpServer server(options);
  server.start();
  using cesp::test::http;
  const std::string password = "demo-candidat";
  auto login = http(server.port(), "POST", "/api/v1/session",
                    R"({"login": "candidat@demo.cesp", "password": ")" + password + R"("})");
  REQUIRE(login.status == 201);
  const std::string token = login.json()->getValue<std::string>("token");
  CHECK(http(server.port(), "GET", "/api/v1/me", "", token).status == 200);
  CHECK(http(server.port(), "POST", "/api/v1/session",
             R"({"login": "candidat@demo.cesp", "password": "wrong-secret-guess"})")
            .status == 401);
  CHECK(http(server.port(), "GET", "/no/such/" + token + "?password=" + password).status == 404);
  CHECK(http(server.port(), "DELETE", "/api/v1/session", "", token).status / 100 == 2);
  server.stop();

  std::ifstream in(options.log_file);
  std::stringstream captured;
  captured << in.rdbuf();
  const std::string text = captured.str();
  CHECK(std::count(text.begin(), text.end(), '\n') == 5);
  CHECK_THAT(text, Catch::Contains("\"route\":\"/api/v1/session\""));
  CHECK_THAT(text, Catch::Contains("\"request_id\":"));
  // The demo account id "demo-candidate" contains the password as a prefix.
  const std::string without_ids = std::regex_replace(text, std::regex("demo-candidate"), "ID");
  CHECK_THAT(without_ids, !Catch::Contains(password));
  CHECK_THAT(text, !Catch::Contains("wrong-secret-guess"));
  CHECK_THAT(text, !Catch::Contains(token));
  CHECK_THAT(text, !Catch::Contains(token.substr(0, 12)));
  CHECK_THAT(text, !Catch::Contains("candidat@demo.cesp"));  // logins are personal data: account ids only
}
