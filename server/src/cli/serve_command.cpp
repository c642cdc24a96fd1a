#include <csignal>
#include <ostream>

#include "cesp/core/error.h"
#include "cesp/server/http_server.h"
#include "cli/commands.h"
#include "demo_seed.h"

namespace cesp::server {
namespace {

int parse_port(const std::string& text) {
  try {
    std::size_t used = 0;
    int port = std::stoi(text, &used);
    if (used == text.size() && port >= 0 && port <= 65535) return port;
  } catch (const std::exception&) {
  }
  throw Error(ErrorCode::usage, "port invalide: " + text, "invalid port: " + text);
}

// Blocks until SIGINT or SIGTERM; the signals are blocked in every thread
// (the mask is inherited by the server's threads started afterwards).
void block_termination_signals(sigset_t& set) {
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

}  // namespace

CommandSpec serve_command() {
  CommandSpec spec;
  spec.name = "serve";
  spec.summary = "run the HTTP server (embedded default: SQLite and files under --data-dir)";
  spec.options = {
      {"port", "N", "port to listen on (default 8080; 0 picks a free one)"},
      {"host", "ADDR", "address to bind (default 127.0.0.1)"},
      {"data-dir", "DIR", "where the embedded database, blobs and dev PKI live (default ./data)"},
      {"database", "URI", "metadata database (default sqlite:DIR/cesp.sqlite; or postgresql:host=... dbname=...)"},
      {"demo", "", "create one demo account per role (public passwords, printed at start)"},
  };
  spec.run = [](const Args& args, CommandContext& ctx) {
    ServerOptions options;
    options.port = parse_port(args.value_or("port", "8080"));
    options.host = args.value_or("host", "127.0.0.1");
    options.data_dir = args.value_or("data-dir", "data");
    options.database_uri = args.value_or("database", "");
    options.demo = args.has("demo");

    sigset_t signals;
    block_termination_signals(signals);
    HttpServer server(options);
    server.start();
    ctx.out << "cesp: serveur démarré sur " << server.base_url() << "/ (données: " << options.data_dir
            << ")\n"
            << "cesp: arrêt avec Ctrl-C\n";
    if (options.demo) {
      ctx.out << "cesp: comptes de démonstration (mots de passe publics, ne pas utiliser en production):\n";
      for (const auto& demo : demo_credentials()) {
        ctx.out << "  " << to_string(demo.role) << std::string(12 - to_string(demo.role).size(), ' ') << demo.login
                << " / " << demo.password << "  (" << demo.description << ")\n";
      }
    }
    ctx.out << std::flush;
    int received = 0;
    sigwait(&signals, &received);
    ctx.out << "cesp: arrêt demandé, fin des requêtes en cours...\n" << std::flush;
    server.stop();
    return 0;
  };
  return spec;
}

}  // namespace cesp::server
