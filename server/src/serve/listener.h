// How HttpServer listens and stops: the listening socket (plain or TLS), the
// request thread pool, the HTTP queue gauges, and the graceful stop. Kept
// apart from http_server.cpp, which composes the application.
#pragma once

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <chrono>
#include <memory>

#include "cesp/server/http_server.h"

namespace cesp::server {

class Metrics;

// Binds and listens on options.host:options.port, over TLS when
// options.tls_certificate_file is set. Throws Error(usage) for a bad
// certificate or key (see tls_context.h) and Error(unavailable) when the
// port cannot be opened.
Poco::Net::ServerSocket open_listener(const ServerOptions& options);

// The request threads: Poco's default pool is capped at 16 threads, so
// max_threads above that needs a pool of its own.
std::unique_ptr<Poco::ThreadPool> make_request_pool(const ServerOptions& options);

// http_queued_connections, http_active_connections, http_busy_threads.
// The gauges read `server`: remove them (clear_http_gauges) before it goes.
void add_http_gauges(Metrics& metrics, const Poco::Net::HTTPServer& server);
void clear_http_gauges(Metrics& metrics);

// Stops accepting, closes idle keep-alive connections, lets running requests
// finish for up to `grace`, then cuts the connections still open, and waits
// until every request thread has returned (after which the handlers' shared
// state may be destroyed).
void stop_gracefully(Poco::Net::HTTPServer& server, Poco::ThreadPool& pool, std::chrono::milliseconds grace);

}  // namespace cesp::server
