#include "cesp/server/http_server.h"

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include <sstream>

#include "cesp/core/error.h"
#include "cesp/core/version.h"
#include "cesp/server/error_mapping.h"

namespace cesp::server {
namespace {

using Poco::Net::HTTPRequestHandler;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

void send_json(HTTPServerResponse& response, int status, const Poco::JSON::Object& body) {
  std::ostringstream text;
  body.stringify(text);
  const std::string payload = text.str();
  response.setStatus(static_cast<HTTPServerResponse::HTTPStatus>(status));
  response.setContentType("application/json; charset=utf-8");
  response.setContentLength(static_cast<std::streamsize>(payload.size()));
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Cache-Control", "no-store");
  response.send() << payload;
}

void send_error(HTTPServerResponse& response, const Error& error) {
  Poco::JSON::Object detail;
  detail.set("code", std::string(error.code_name()));
  detail.set("message", error.message_fr());
  Poco::JSON::Object body;
  body.set("error", detail);
  send_json(response, http_status(error.code()), body);
}

// One handler for every request: it routes, and it never lets an exception
// escape (an escaping exception would leave the client with no answer).
class RoutingHandler final : public HTTPRequestHandler {
 public:
  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    try {
      route(request, response);
    } catch (const Error& e) {
      send_error(response, e);
    } catch (...) {
      if (!response.sent()) send_error(response, Error(ErrorCode::internal));
    }
  }

 private:
  static void route(HTTPServerRequest& request, HTTPServerResponse& response) {
    const std::string path = Poco::URI(request.getURI()).getPath();
    if (path == "/healthz") {
      if (request.getMethod() != "GET") throw Error(ErrorCode::usage, "GET attendu");
      Poco::JSON::Object body;
      body.set("status", "ok");
      body.set("version", std::string(kVersion));
      send_json(response, 200, body);
      return;
    }
    throw Error(ErrorCode::not_found, path);
  }
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override { return new RoutingHandler; }
};

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  std::unique_ptr<Poco::Net::HTTPServer> server;
  int bound_port = 0;
};

HttpServer::HttpServer(ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  if (impl_->server) return;
  Poco::Net::ServerSocket socket;
  try {
    socket.bind(Poco::Net::SocketAddress(impl_->options.host, static_cast<Poco::UInt16>(impl_->options.port)),
                /*reuseAddress=*/true, /*reusePort=*/false);  // reusePort would let two servers share a port
    socket.listen(128);
  } catch (const Poco::Exception& e) {
    throw Error(ErrorCode::unavailable, "Impossible d'ouvrir le port " + std::to_string(impl_->options.port),
                "Cannot listen on port " + std::to_string(impl_->options.port), e.displayText());
  }
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(impl_->options.max_threads);
  params->setMaxQueued(impl_->options.max_queued);
  params->setKeepAlive(true);
  impl_->bound_port = socket.address().port();
  impl_->server = std::make_unique<Poco::Net::HTTPServer>(new Factory, socket, params);
  impl_->server->start();
}

void HttpServer::stop() {
  if (!impl_->server) return;
  impl_->server->stopAll(true);
  impl_->server.reset();
}

int HttpServer::port() const { return impl_->bound_port; }

std::string HttpServer::base_url() const {
  return "http://" + impl_->options.host + ":" + std::to_string(impl_->bound_port);
}

}  // namespace cesp::server
