#include "serve/listener.h"

#include <Poco/Net/SecureServerSocket.h>

#include <algorithm>
#include <future>

#include "cesp/core/error.h"

#include "observability/metrics.h"
#include "serve/tls_context.h"

namespace cesp::server {

Poco::Net::ServerSocket open_listener(const ServerOptions& options) {
  // A SecureServerSocket is a ServerSocket whose accepted connections do the
  // TLS handshake on first use; HTTPServer takes either.
  Poco::Net::ServerSocket socket = options.tls_certificate_file.empty()
                                       ? Poco::Net::ServerSocket()
                                       : Poco::Net::SecureServerSocket(make_server_tls_context(options));
  try {
    socket.bind(Poco::Net::SocketAddress(options.host, static_cast<Poco::UInt16>(options.port)),
                /*reuseAddress=*/true, /*reusePort=*/false);  // reusePort would let two servers share a port
    socket.listen(128);
  } catch (const Poco::Exception& e) {
    throw Error(ErrorCode::unavailable, "Impossible d'ouvrir le port " + std::to_string(options.port),
                "Cannot listen on port " + std::to_string(options.port), e.displayText());
  }
  return socket;
}

std::unique_ptr<Poco::ThreadPool> make_request_pool(const ServerOptions& options) {
  const int max = std::max(1, options.max_threads);
  return std::make_unique<Poco::ThreadPool>(std::min(2, max), max, /*idleTime=*/60);
}

void add_http_gauges(Metrics& metrics, const Poco::Net::HTTPServer& server) {
  metrics.set_gauge("http_queued_connections", [&server] { return double(server.queuedConnections()); });
  metrics.set_gauge("http_active_connections", [&server] { return double(server.currentConnections()); });
  metrics.set_gauge("http_busy_threads", [&server] { return double(server.currentThreads()); });
}

void clear_http_gauges(Metrics& metrics) {
  for (const char* name : {"http_queued_connections", "http_active_connections", "http_busy_threads"})
    metrics.set_gauge(name, [] { return 0.0; });
}

void stop_gracefully(Poco::Net::HTTPServer& server, Poco::ThreadPool& pool, std::chrono::milliseconds grace) {
  // stopAll(false) closes the listening socket and every idle connection,
  // and waits for each running request to answer before closing its
  // connection; it has no time limit of its own, hence the second thread.
  auto graceful = std::async(std::launch::async, [&server] { server.stopAll(false); });
  if (graceful.wait_for(grace) == std::future_status::timeout) {
    // Shut the remaining sockets down: the handlers' writes fail and they
    // return (each handler's own bounds, e.g. the OCR timeout, still apply).
    server.stopAll(true);
  }
  graceful.get();
  pool.joinAll();
}

}  // namespace cesp::server
