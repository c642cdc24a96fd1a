#include "cesp/server/http_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cesp/core/error.h"
#include "cesp/ocr/isolated_checker.h"
#include "cesp/server/error_mapping.h"
#include "cesp/storage/archive.h"
#include "cesp/storage/archive_setup.h"
#include "cesp/storage/database.h"

#include "accounts/sql_account_store.h"
#include "api/api_context.h"
#include "demo_seed.h"
#include "embedded/default_rules_json.h"
#include "http/exchange.h"
#include "serve/listener.h"
#include "workflow/journal_sealer.h"
#include "workflow/signing_services.h"
#include "workflow/today.h"

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

// The largest request body we read to the end only to be able to answer an
// early error cleanly (the biggest upload the API accepts).
constexpr std::size_t kMaxDrainBytes = 64u << 20;

void send_error(Exchange& exchange, const Error& error) {
  if (exchange.sent()) return;
  try {
    exchange.discard_unread_body(kMaxDrainBytes);
  } catch (...) {
    // The client went away; the answer below will fail quietly too.
  }
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
      auto who = context_.sessions->find(exchange.bearer_token());
      if (!who) throw Error(ErrorCode::unauthenticated);
      exchange.set_principal(*who);
    }
    match.route->handler(exchange);
    if (!exchange.sent()) throw Error(ErrorCode::internal, "route sans réponse: " + match.route->pattern);
    // A route that answers without reading the body (e.g. an optional `{}`)
    // would leave it on a kept-alive connection, to be parsed as the start
    // of the next request.
    exchange.drain_after_response(kMaxDrainBytes);
  }

  ApiContext& context_;
};

std::shared_ptr<const DossierRules> load_rules(const std::string& path) {
  if (path.empty())
    return std::make_shared<const DossierRules>(DossierRules::parse(embedded::default_rules_json()));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::io_error, "règles: " + path);
  std::stringstream text;
  text << in.rdbuf();
  return std::make_shared<const DossierRules>(DossierRules::parse(text.str()));
}

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
  std::unique_ptr<std::ostream> log_file;  // outlives the context that writes to it
  std::unique_ptr<ApiContext> context;
  std::unique_ptr<Poco::ThreadPool> pool;  // outlives the server that runs on it
  std::unique_ptr<Poco::Net::HTTPServer> server;
  std::unique_ptr<JournalSealer> sealer;
  int bound_port = 0;
};

HttpServer::HttpServer(ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  ServerOptions& o = impl_->options;
  std::error_code ec;
  std::filesystem::create_directories(o.data_dir, ec);
  if (ec) throw Error(ErrorCode::io_error, o.data_dir + ": " + ec.message());
  if (o.database_uri.empty()) o.database_uri = "sqlite:" + o.data_dir + "/cesp.sqlite";

  // The database pool fails at once when exhausted (503 database_unavailable
  // under load): one connection per request thread, plus a few for the
  // journal sealer and transactions that nest a query.
  storage::DatabaseOptions database_options;
  database_options.max_connections = static_cast<std::size_t>(std::max(1, o.max_threads)) + 4;
  auto database = storage::Database::open(o.database_uri, database_options);
  if (!o.log_file.empty()) impl_->log_file = open_log_file(o.log_file);
  auto& context = *(impl_->context = std::make_unique<ApiContext>(
                        impl_->log_file ? *impl_->log_file : std::clog, parse_log_format(o.log_format)));
  context.accounts = open_sql_account_store(database);
  context.sessions = std::make_shared<SessionStore>(database);
  context.campaigns = std::make_shared<CampaignStore>(database);
  context.rules = load_rules(o.rules_file);
  context.pieces = std::make_shared<PieceStore>(database);
  context.data_dir = o.data_dir;
  context.signing = open_signing_services(o);  // before the archive: it creates the dev PKI with its URLs
  storage::ArchiveLocation archive_location{o.data_dir, o.database_uri};
  archive_location.tsa_url = o.tsa_url;  // journal seals use the same authority as signatures
  archive_location.trust_anchors = o.tsa_trust_anchors;
  archive_location.blob_backend = storage::parse_blob_backend(o.blob_backend);
  context.archive = storage::open_archive(archive_location);
  context.archive->recover();  // blobs of uploads a crash left without metadata
  ocr::IsolationOptions isolation;
  isolation.executable = o.worker_executable;
  isolation.workers = o.ocr_workers;
  context.checker = std::make_shared<ocr::IsolatedChecker>(isolation);
  if (o.demo) seed_demo(*context.accounts, *context.campaigns, today_in_france());
  register_system_routes(context);
  register_session_routes(context);
  register_campaign_routes(context);
  register_piece_routes(context);
  register_pki_routes(context);
  register_archive_routes(context);
  register_web_routes(context);
  register_dossier_list_routes(context);
  open_contract_workflow(context, database);  // contracts: stores, renderer, signing
  register_contract_routes(context);
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  if (impl_->server) return;
  Poco::Net::ServerSocket socket = open_listener(impl_->options);  // plain or TLS
  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(impl_->options.max_threads);
  params->setMaxQueued(impl_->options.max_queued);
  params->setKeepAlive(true);
  impl_->bound_port = socket.address().port();
  // Port 0: only now is the URL known that certificates point their OCSP/CRL to.
  reopen_signing_services(*impl_->context->signing, impl_->options, impl_->bound_port);
  impl_->pool = make_request_pool(impl_->options);
  impl_->server =
      std::make_unique<Poco::Net::HTTPServer>(new Factory(*impl_->context), *impl_->pool, socket, params);
  impl_->server->start();
  add_http_gauges(impl_->context->metrics, *impl_->server);
  impl_->sealer = std::make_unique<JournalSealer>(impl_->context->archive, impl_->options.seal_interval);
}

void HttpServer::stop() {
  if (!impl_->server) return;
  stop_gracefully(*impl_->server, *impl_->pool, impl_->options.shutdown_grace);
  clear_http_gauges(impl_->context->metrics);
  impl_->server.reset();
  impl_->sealer.reset();  // after the last request, so its journal entries get sealed
}

std::vector<std::pair<std::string, std::string>> HttpServer::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& route : impl_->context->router.routes()) out.emplace_back(route.method, route.pattern);
  return out;
}

int HttpServer::port() const { return impl_->bound_port; }

std::string HttpServer::base_url() const {
  const char* scheme = impl_->options.tls_certificate_file.empty() ? "http://" : "https://";
  return scheme + impl_->options.host + ":" + std::to_string(impl_->bound_port);
}

}  // namespace cesp::server
