#include <filesystem>
#include <ostream>

#include "cesp/core/error.h"
#include "cesp/server/http_server.h"

#include "cli/commands.h"
#include "config/server_config.h"
#include "demo_seed.h"
#include "serve/serve_application.h"

namespace cesp::server {
namespace {

// Command-line options that are shorthands for a configuration key.
struct Shorthand {
  const char* option;
  const char* key;
};
constexpr Shorthand kShorthands[] = {
    {"host", "server.host"},         {"port", "server.port"},
    {"data-dir", "server.data_dir"}, {"public-url", "server.public_url"},
    {"database", "database.uri"},    {"tsa-url", "tsa.url"},
    {"ocr-workers", "ocr.workers"},  {"log-format", "log.format"},
    {"log-file", "log.file"},
};

ServerOptions effective_options(const Args& args) {
  ServerOptions options;
  if (args.has("config")) apply_config_file(options, args.value("config"));
  for (const auto& setting : args.values("set")) {
    const auto eq = setting.find('=');
    if (eq == std::string::npos) {
      throw config_error("--set attend CLÉ=VALEUR, pas « " + setting + " »",
                         "--set expects KEY=VALUE, not '" + setting + "'");
    }
    apply_setting(options, setting.substr(0, eq), setting.substr(eq + 1), "--set");
  }
  for (const auto& [option, key] : kShorthands) {
    if (args.has(option)) apply_setting(options, key, args.value(option), std::string("--") + option);
  }
  if (args.has("demo")) options.demo = true;
  validate_options(options);
  // A daemon runs from /, and absolute paths read better in logs anyway.
  for (auto* path : {&options.data_dir, &options.rules_file, &options.tls_certificate_file,
                     &options.tls_private_key_file, &options.tls_client_ca_file, &options.log_file}) {
    if (!path->empty()) *path = std::filesystem::absolute(*path).lexically_normal().string();
  }
  return options;
}

void print_banner(std::ostream& out, const HttpServer& server, const ServerOptions& options) {
  out << "cesp: serveur démarré sur " << server.base_url() << "/ (données: " << options.data_dir << ")\n"
      << "cesp: arrêt avec Ctrl-C\n";
  if (options.demo) {
    out << "cesp: comptes de démonstration (mots de passe publics, ne pas utiliser en production):\n";
    for (const auto& demo : demo_credentials()) {
      const std::string role(to_string(demo.role));
      out << "  " << role << std::string(role.size() < 12 ? 12 - role.size() : 1, ' ') << demo.login << " / "
          << demo.password << "  (" << demo.description << ")\n";
    }
  }
  out << std::flush;
}

}  // namespace

CommandSpec serve_command() {
  CommandSpec spec;
  spec.name = "serve";
  spec.summary = "run the HTTP server (embedded default: SQLite and files under --data-dir)";
  spec.description =
      "Settings come from the code's defaults, then --config FILE (INI; every key is documented in\n"
      "samples/config/cesp.ini), then --set KEY=VALUE, then the other options. SIGINT or SIGTERM stops\n"
      "accepting connections and lets running requests finish (server.shutdown_grace).";
  spec.options = {
      {"config", "FILE", "INI configuration file (unknown keys and bad values are errors)"},
      {"set", "KEY=VALUE", "override one configuration key, e.g. --set ocr.workers=4", true},
      {"port", "N", "port to listen on (default 8080; 0 picks a free one)"},
      {"host", "ADDR", "address to bind (default 127.0.0.1)"},
      {"data-dir", "DIR", "where the embedded database, blobs and dev PKI live (default ./data)"},
      {"public-url", "URL", "URL clients reach this server at (default http://HOST:PORT)"},
      {"database", "URI",
       "metadata database (default sqlite:DIR/cesp.sqlite; or postgresql:host=... dbname=...)"},
      {"tsa-url", "URL", "RFC 3161 timestamp authority (default: the built-in one)"},
      {"ocr-workers", "N", "isolated OCR worker processes (default 2)"},
      {"log-format", "json|text", "request log format (default json)"},
      {"log-file", "FILE", "append the request log to FILE instead of stderr"},
      {"demo", "", "create one demo account per role (public passwords, printed at start)"},
      {"daemon", "", "detach from the terminal (Unix daemon; use with --log-file)"},
      {"pidfile", "FILE", "write the process id to FILE, removed at exit"},
      {"print-config", "", "print the effective configuration (INI) and exit"},
  };
  spec.run = [](const Args& args, CommandContext& ctx) {
    const ServerOptions options = effective_options(args);
    if (args.has("print-config")) {
      ctx.out << to_ini(options);
      return 0;
    }
    ProcessOptions process;
    process.daemon = args.has("daemon");
    if (args.has("pidfile")) process.pidfile = std::filesystem::absolute(args.value("pidfile")).string();
    ServeHooks hooks;
    hooks.started = [&](const HttpServer& server) { print_banner(ctx.out, server, options); };
    hooks.stopping = [&] { ctx.out << "cesp: arrêt demandé, fin des requêtes en cours...\n" << std::flush; };
    return run_server_application(options, process, hooks);
  };
  return spec;
}

}  // namespace cesp::server
