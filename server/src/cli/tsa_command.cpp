// `cesp tsa`: the development RFC 3161 TSA (plus the dev PKI's OCSP, CRLs and
// CA certificates) over HTTP. The RFC 3161/OCSP logic is in signing/; this
// file only carries bytes between Poco's HTTP server and DevEndpoints.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <csignal>
#include <ostream>

#include "cesp/core/error.h"
#include "cesp/signing/dev_endpoints.h"

#include "cli/commands.h"
#include "cli/long_running.h"

namespace cesp::server {
namespace {

using namespace Poco::Net;
constexpr std::streamsize kMaxBody = 64 * 1024;

class EndpointHandler : public HTTPRequestHandler {
 public:
  explicit EndpointHandler(signing::DevEndpoints& endpoints) : endpoints_(endpoints) {}
  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    try {
      std::string body;
      Poco::StreamCopier::copyToString(request.stream(), body, kMaxBody + 1);
      if (static_cast<std::streamsize>(body.size()) > kMaxBody) {
        response.setStatus(HTTPResponse::HTTP_REQUESTENTITYTOOLARGE);
        response.send();
        return;
      }
      auto reply = endpoints_.answer(request.getMethod(), request.getURI(),
                                     std::vector<unsigned char>(body.begin(), body.end()));
      if (!reply) {
        response.setStatus(HTTPResponse::HTTP_NOT_FOUND);
        response.setContentLength(0);
        response.send();
        return;
      }
      response.setContentType(reply->content_type);
      response.setContentLength(static_cast<std::streamsize>(reply->body.size()));
      response.send().write(reinterpret_cast<const char*>(reply->body.data()),
                            static_cast<std::streamsize>(reply->body.size()));
    } catch (...) {
      if (!response.sent()) {
        response.setStatus(HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
        response.setContentLength(0);
        response.send();
      }
    }
  }

 private:
  signing::DevEndpoints& endpoints_;
};

class EndpointFactory : public HTTPRequestHandlerFactory {
 public:
  explicit EndpointFactory(signing::DevEndpoints& endpoints) : endpoints_(endpoints) {}
  HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new EndpointHandler(endpoints_);
  }

 private:
  signing::DevEndpoints& endpoints_;
};

}  // namespace

CommandSpec tsa_command() {
  CommandSpec spec;
  spec.name = "tsa";
  spec.summary = "run the development RFC 3161 timestamp authority (and dev OCSP/CRL) over HTTP";
  spec.description =
      "Serves POST /tsa (application/timestamp-query), POST /ocsp, GET /crl/{root,intermediate}.crl and\n"
      "GET /ca/{root,intermediate}.der. The dev PKI lives in DIR/pki and is created on first run with\n"
      "this server's URL in its certificates (AIA, CRL distribution points). Development only:\n"
      "production signs with a real TSA URL (cesp sign --tsa URL).";
  spec.options = {
      {"port", "N", "port to listen on (default 3161; 0 picks a free one, printed on stdout)"},
      {"host", "ADDR", "address to bind (default 127.0.0.1)"},
      {"data-dir", "DIR", "where the dev PKI lives (default ./data)"},
  };
  spec.run = [](const Args& args, CommandContext& ctx) {
    const std::string host = args.value_or("host", "127.0.0.1");
    ServerSocket socket(SocketAddress(host, static_cast<Poco::UInt16>(port_option(args, "port", 3161))));
    const std::string base_url = "http://" + host + ":" + std::to_string(socket.address().port());
    signing::DevPkiOptions options;
    options.base_url = base_url;
    auto pki =
        signing::create_dev_pki(std::filesystem::path(args.value_or("data-dir", "data")) / "pki", options);
    signing::DevEndpoints endpoints(pki);

    TerminationSignals signals;
    auto* params = new HTTPServerParams;
    params->setMaxThreads(8);
    HTTPServer server(new EndpointFactory(endpoints), socket, params);
    server.start();
    ctx.out << "cesp tsa: " << base_url << "/tsa\n"
            << "cesp tsa: PKI de développement: " << pki.dir.string() << " (certificats émis pour "
            << (pki.base_url.empty() ? std::string("aucune URL") : pki.base_url) << ")\n"
            << "cesp tsa: arrêt avec Ctrl-C\n"
            << std::flush;
    signals.wait();
    server.stopAll(true);
    return 0;
  };
  return spec;
}

}  // namespace cesp::server
