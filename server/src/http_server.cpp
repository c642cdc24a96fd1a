#include "cesp/server/http_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "accounts/sql_account_store.h"
#include "api/api_context.h"
#include "cesp/storage/database.h"
#include "demo_seed.h"
#include "cesp/core/error.h"
#include "cesp/server/error_mapping.h"
#include "http/exchange.h"

namespace cesp::server {
namespace {

using Poco::Net::HTTPRequestHandler;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

std::string next_request_id() {
  static std::atomic<unsigned long long> counter{0};
  static const auto boot = std::chrono::system_clock::now().time_since_epoch().count();
  return std::to_string(boot % 1000000007) + "-" + std::to_string(++counter);
}

void send_error(Exchange& exchange, const Error& error) {
  if (exchange.sent()) return;
  Poco::JSON::Object detail;
  detail.set("code", std::string(error.code_name()));
  detail.set("message", error.message_fr());
  Poco::JSON::Object body;
  body.set("error", detail);
  exchange.send_json(http_status(error.code()), body);
}

// One handler object per request: it authenticates, dispatches to the route
// and turns anything thrown into a JSON error; nothing escapes (an escaping
// exception would leave the client with no answer at all).
class DispatchingHandler final : public HTTPRequestHandler {
 public:
  explicit DispatchingHandler(ApiContext& context) : context_(context) {}

  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    const auto started = std::chrono::steady_clock::now();
    RequestLogEntry entry;
    entry.request_id = next_request_id();
    entry.method = request.getMethod();
    entry.route = "unmatched";
    try {
      Exchange exchange(request, response, entry.request_id);
      try {
        dispatch(exchange, entry);
      } catch (const Error& e) {
        entry.error_code = std::string(e.code_name());
        send_error(exchange, e);
      } catch (const std::exception& e) {
        entry.error_code = "internal";
        std::cerr << "cesp: request " << entry.request_id << " failed: " << e.what() << "\n";
        send_error(exchange, Error(ErrorCode::internal));
      }
      if (exchange.authenticated()) entry.account_id = exchange.principal().account_id;
      entry.status = exchange.status();
    } catch (...) {
      // The exchange itself could not be built or the connection broke while
      // answering; there is no one left to answer.
      entry.status = 500;
      entry.error_code = entry.error_code.empty() ? "internal" : entry.error_code;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    entry.duration_ms = seconds * 1000;
    context_.metrics.observe_request(entry.method, entry.route, entry.status, seconds);
    context_.log.write(entry);
  }

 private:
  void dispatch(Exchange& exchange, RequestLogEntry& entry) {
    RouteMatch match = context_.router.match(exchange.method(), exchange.path());
    entry.route = match.route->pattern;
    exchange.set_params(std::move(match.params));
    if (!match.route->public_route) {
      auto who = context_.sessions.find(exchange.bearer_token());
      if (!who) throw Error(ErrorCode::unauthenticated);
      exchange.set_principal(*who);
    }
    match.route->handler(exchange);
    if (!exchange.sent()) throw Error(ErrorCode::internal, "route sans réponse: " + match.route->pattern);
  }

  ApiContext& context_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(ApiContext& context) : context_(context) {}
  HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new DispatchingHandler(context_);
  }

 private:
  ApiContext& context_;
};

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  std::unique_ptr<ApiContext> context;
  std::unique_ptr<Poco::Net::HTTPServer> server;
  int bound_port = 0;
};

HttpServer::HttpServer(ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  ServerOptions& o = impl_->options;
  std::error_code ec;
  std::filesystem::create_directories(o.data_dir, ec);
  if (ec) throw Error(ErrorCode::io_error, o.data_dir + ": " + ec.message());
  if (o.database_uri.empty()) o.database_uri = "sqlite:" + o.data_dir + "/cesp.sqlite";

  impl_->context = std::make_unique<ApiContext>(std::clog);
  impl_->context->accounts = open_sql_account_store(storage::Database::open(o.database_uri));
  if (o.demo) seed_demo_accounts(*impl_->context->accounts);
  register_system_routes(*impl_->context);
  register_session_routes(*impl_->context);
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
  impl_->server = std::make_unique<Poco::Net::HTTPServer>(new Factory(*impl_->context), socket, params);
  impl_->server->start();
}

void HttpServer::stop() {
  if (!impl_->server) return;
  impl_->server->stopAll(true);
  impl_->server.reset();
}

std::vector<std::pair<std::string, std::string>> HttpServer::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& route : impl_->context->router.routes()) out.emplace_back(route.method, route.pattern);
  return out;
}

int HttpServer::port() const { return impl_->bound_port; }

std::string HttpServer::base_url() const {
  return "http://" + impl_->options.host + ":" + std::to_string(impl_->bound_port);
}

}  // namespace cesp::server
