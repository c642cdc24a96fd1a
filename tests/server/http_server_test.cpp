#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <sstream>

#include "cesp/core/error.h"
#include "cesp/core/version.h"
#include "cesp/server/http_server.h"

using namespace cesp::server;

namespace {

struct Reply {
  int status;
  Poco::JSON::Object::Ptr json;
};

Reply request(int port, const std::string& method, const std::string& path) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  session.sendRequest(req);
  Poco::Net::HTTPResponse res;
  std::istream& body = session.receiveResponse(res);
  std::string text;
  Poco::StreamCopier::copyToString(body, text);
  CHECK(res.getContentType() == "application/json; charset=utf-8");
  return {static_cast<int>(res.getStatus()), Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>()};
}

ServerOptions test_options() {
  ServerOptions options;
  options.port = 0;
  options.data_dir = std::string(CESP_BINARY_DIR) + "/test-data/http";
  return options;
}

}  // namespace

TEST_CASE("The server answers /healthz on an ephemeral port", "[http]") {
  HttpServer server(test_options());
  server.start();
  REQUIRE(server.port() > 0);
  Reply r = request(server.port(), "GET", "/healthz");
  CHECK(r.status == 200);
  CHECK(r.json->getValue<std::string>("status") == "ok");
  CHECK(r.json->getValue<std::string>("version") == cesp::kVersion);
}

TEST_CASE("Unknown routes get a JSON error with a stable code", "[http]") {
  HttpServer server(test_options());
  server.start();
  Reply r = request(server.port(), "GET", "/no/such/route");
  CHECK(r.status == 404);
  auto error = r.json->getObject("error");
  REQUIRE(error);
  CHECK(error->getValue<std::string>("code") == "not_found");
  CHECK_FALSE(error->getValue<std::string>("message").empty());

  Reply wrong_method = request(server.port(), "POST", "/healthz");
  CHECK(wrong_method.status == 400);
}

TEST_CASE("Starting on a port already in use is a clear error", "[http]") {
  HttpServer first(test_options());
  first.start();
  ServerOptions clash = test_options();
  clash.port = first.port();
  HttpServer second(clash);
  CHECK_THROWS_AS(second.start(), cesp::Error);
}
