#include "cesp/server/cli.h"

#include <catch2/catch.hpp>

#include <sstream>

#include "cesp/core/version.h"

using cesp::server::run_cli;

namespace {

struct Run {
  int code;
  std::string out;
  std::string err;
};

Run cli(std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = run_cli(args, out, err);
  return {code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("cesp --help lists every command of the table", "[cli]") {
  Run r = cli({"--help"});
  CHECK(r.code == 0);
  for (const auto& command : cesp::server::command_table()) {
    CHECK_THAT(r.out, Catch::Contains("  " + command.name));
  }
}

TEST_CASE("cesp with no command prints help and fails as a usage error", "[cli]") {
  Run r = cli({});
  CHECK(r.code == 2);
  CHECK_THAT(r.out, Catch::Contains("Usage: cesp COMMAND"));
}

TEST_CASE("cesp version prints the project version", "[cli]") {
  Run r = cli({"version"});
  CHECK(r.code == 0);
  CHECK(r.out == std::string("cesp ") + cesp::kVersion + "\n");
  CHECK(cli({"--version"}).out == r.out);
}

TEST_CASE("Command help comes from the declaration", "[cli]") {
  Run r = cli({"serve", "--help"});
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("Usage: cesp serve [OPTIONS]"));
  CHECK_THAT(r.out, Catch::Contains("--port N"));
  CHECK_THAT(r.out, Catch::Contains("--data-dir DIR"));
  CHECK(cli({"help", "serve"}).out == r.out);
}

TEST_CASE("Usage errors exit 2 with a message naming the problem", "[cli]") {
  Run unknown = cli({"frobnicate"});
  CHECK(unknown.code == 2);
  CHECK_THAT(unknown.err, Catch::Contains("commande inconnue: frobnicate"));
  CHECK_THAT(unknown.err, Catch::Contains("[usage]"));

  Run bad_option = cli({"serve", "--bogus"});
  CHECK(bad_option.code == 2);
  CHECK_THAT(bad_option.err, Catch::Contains("option inconnue --bogus"));

  Run missing_value = cli({"serve", "--port"});
  CHECK(missing_value.code == 2);
  CHECK_THAT(missing_value.err, Catch::Contains("--port attend N"));

  Run bad_port = cli({"serve", "--port", "99999"});
  CHECK(bad_port.code == 2);

  Run extra = cli({"version", "surplus"});
  CHECK(extra.code == 2);
  CHECK_THAT(extra.err, Catch::Contains("argument en trop: surplus"));

  Run twice = cli({"serve", "--port=1", "--port=2"});
  CHECK(twice.code == 2);
}

TEST_CASE("Subcommands and options are parsed from the spec", "[cli]") {
  // A private table exercises parsing independently of the real commands.
  cesp::server::CommandSpec spec;
  spec.name = "demo";
  spec.positionals = {{"FILE", "input", 1, -1}};
  spec.options = {{"tag", "T", "a tag", true}, {"json", "", "JSON output"}};
  cesp::server::Args seen;
  spec.run = [&](const cesp::server::Args& args, cesp::server::CommandContext&) {
    seen = args;
    return 0;
  };
  std::string help = cesp::server::command_help(spec, "cesp demo");
  CHECK_THAT(help, Catch::Contains("Usage: cesp demo [OPTIONS] FILE..."));
  CHECK_THAT(help, Catch::Contains("--tag T"));
  CHECK_THAT(help, Catch::Contains("(repeatable)"));
}
