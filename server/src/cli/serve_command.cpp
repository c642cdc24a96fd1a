#include <ostream>

#include "cesp/core/error.h"
#include "cesp/server/http_server.h"

#include "cli/commands.h"
#include "cli/long_running.h"
#include "demo_seed.h"

namespace cesp::server {

CommandSpec serve_command() {
  CommandSpec spec;
  spec.name = "serve";
  spec.summary = "run the HTTP server (embedded default: SQLite and files under --data-dir)";
  spec.options = {
      {"port", "N", "port to listen on (default 8080; 0 picks a free one)"},
      {"host", "ADDR", "address to bind (default 127.0.0.1)"},
      {"data-dir", "DIR", "where the embedded database, blobs and dev PKI live (default ./data)"},
      {"database", "URI",
       "metadata database (default sqlite:DIR/cesp.sqlite; or postgresql:host=... dbname=...)"},
      {"demo", "", "create one demo account per role (public passwords, printed at start)"},
  };
  spec.run = [](const Args& args, CommandContext& ctx) {
    ServerOptions options;
    options.port = port_option(args, "port", 8080);
    options.host = args.value_or("host", "127.0.0.1");
    options.data_dir = args.value_or("data-dir", "data");
    options.database_uri = args.value_or("database", "");
    options.demo = args.has("demo");

    TerminationSignals signals;
    HttpServer server(options);
    server.start();
    ctx.out << "cesp: serveur démarré sur " << server.base_url() << "/ (données: " << options.data_dir
            << ")\n"
            << "cesp: arrêt avec Ctrl-C\n";
    if (options.demo) {
      ctx.out << "cesp: comptes de démonstration (mots de passe publics, ne pas utiliser en production):\n";
      for (const auto& demo : demo_credentials()) {
        ctx.out << "  " << to_string(demo.role) << std::string(12 - to_string(demo.role).size(), ' ')
                << demo.login << " / " << demo.password << "  (" << demo.description << ")\n";
      }
    }
    ctx.out << std::flush;
    signals.wait();
    ctx.out << "cesp: arrêt demandé, fin des requêtes en cours...\n" << std::flush;
    server.stop();
    return 0;
  };
  return spec;
}

}  // namespace cesp::server
