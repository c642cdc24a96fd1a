#include "cesp/server/http_server.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "cesp/core/error.h"
#include "cesp/core/version.h"

#include "support/http_client.h"

using namespace cesp::server;
using cesp::test::http;

namespace {

ServerOptions test_options() {
  ServerOptions options;
  options.port = 0;
  options.data_dir = cesp::test::fresh_dir("http");
  return options;
}

}  // namespace

TEST_CASE("The server answers /healthz on an ephemeral port", "[http]") {
  HttpServer server(test_options());
  server.start();
  REQUIRE(server.port() > 0);
  auto r = http(server.port(), "GET", "/healthz");
  CHECK(r.status == 200);
  CHECK(r.headers["Content-Type"] == "application/json; charset=utf-8");
  CHECK(r.json()->getValue<std::string>("status") == "ok");
  CHECK(r.json()->getValue<std::string>("version") == cesp::kVersion);
  CHECK_FALSE(r.headers["X-Request-Id"].empty());
}

TEST_CASE("Unknown routes and wrong methods get JSON errors with stable codes", "[http]") {
  HttpServer server(test_options());
  server.start();
  auto r = http(server.port(), "GET", "/no/such/route");
  CHECK(r.status == 404);
  CHECK(r.error_code() == "not_found");
  CHECK_FALSE(r.json()->getObject("error")->getValue<std::string>("message").empty());

  auto wrong_method = http(server.port(), "PUT", "/healthz");
  CHECK(wrong_method.status == 405);
  CHECK(wrong_method.error_code() == "method_not_allowed");
}

TEST_CASE("A body the route ignores does not leak into the next request on the connection", "[http]") {
  HttpServer server(test_options());
  server.start();
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(server.port()));
  session.setKeepAlive(true);
  session.setTimeout(Poco::Timespan(5, 0));
  auto exchange = [&](const std::string& method, const std::string& path, const std::string& body) {
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    if (!body.empty()) {
      request.setContentType("application/json");
      request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    std::ostringstream text;
    Poco::StreamCopier::copyStream(in, text);
    return static_cast<int>(response.getStatus());
  };
  // /metrics is a GET that reads no body: a client that sends one anyway
  // must still get the next answer on the same connection.
  CHECK(exchange("GET", "/metrics", R"({"unused": true})") == 200);
  CHECK(exchange("GET", "/healthz", "") == 200);
  CHECK(exchange("GET", "/healthz", "") == 200);
}

TEST_CASE("Protected routes need a session", "[http]") {
  HttpServer server(test_options());
  server.start();
  auto r = http(server.port(), "GET", "/api/v1/me");
  CHECK(r.status == 401);
  CHECK(r.error_code() == "unauthenticated");
  CHECK(http(server.port(), "GET", "/api/v1/me", "", "forged-token").status == 401);
}

TEST_CASE("Metrics count requests by route", "[http]") {
  HttpServer server(test_options());
  server.start();
  http(server.port(), "GET", "/healthz");
  auto r = http(server.port(), "GET", "/metrics");
  CHECK(r.status == 200);
  CHECK_THAT(r.body,
             Catch::Contains("cesp_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"));
}

TEST_CASE("Starting on a port already in use is a clear error", "[http]") {
  HttpServer first(test_options());
  first.start();
  ServerOptions clash = test_options();
  clash.port = first.port();
  HttpServer second(clash);
  try {
    second.start();
    FAIL("second server started on a taken port");
  } catch (const cesp::Error& e) {
    CHECK(e.code() == cesp::ErrorCode::unavailable);
  }
}
