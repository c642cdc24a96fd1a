// `cesp serve` as a Poco ServerApplication: optional Unix daemon (--daemon,
// --pidfile, handled by Poco), the HttpServer started in main(), then a wait
// for SIGINT, SIGTERM or SIGQUIT, and a graceful stop: no new connections,
// running requests get ServerOptions::shutdown_grace to finish.
#pragma once

#include <functional>
#include <string>

#include "cesp/server/http_server.h"

namespace cesp::server {

struct ProcessOptions {
  bool daemon = false;  // fork, detach, stdio to /dev/null, chdir / (paths must be absolute)
  std::string pidfile;  // written after daemonizing, removed at exit
};

struct ServeHooks {
  // Called once the server listens (print the URL, the demo accounts...).
  std::function<void(const HttpServer&)> started;
  // Called when a termination signal arrived, before the graceful stop.
  std::function<void()> stopping;
};

// Runs the server until a termination signal; returns 0 after a clean stop.
// Throws what starting the server threw (cesp::Error), so the CLI maps it
// to its exit code, or Error(usage) when Poco refuses the process options
// (e.g. an unwritable pidfile).
int run_server_application(const ServerOptions& options, const ProcessOptions& process,
                           const ServeHooks& hooks);

}  // namespace cesp::server
