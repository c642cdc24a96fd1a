// `cesp contracts extend`: extends to B-LTA every countersigned contract whose
// automatic extension failed (workflow/contract_batch.h does the work).
#include <ostream>

#include "cli/commands.h"
#include "workflow/contract_batch.h"

namespace cesp::server {
namespace {

CommandSpec extend_subcommand() {
  CommandSpec spec;
  spec.name = "extend";
  spec.summary = "extend every countersigned contract to PAdES B-LTA";
  spec.description =
      "Opens the server's database, archive and signing services (same options as `cesp serve`) and "
      "extends each contract still in state countersigned (its automatic extension failed, e.g. the TSA "
      "was down): a DSS revision then a document timestamp, archived as stage lta; the contract becomes "
      "archived. Revocation data is fetched from the certificates' URLs (with the dev PKI: the running "
      "server's /pki routes). Exit code 0 when every contract was extended, 6 otherwise.";
  spec.options = {{"data-dir", "DIR", "the server's data folder (default: data)"},
                  {"database", "URI", "metadata database (default: sqlite:<data-dir>/cesp.sqlite)"},
                  {"tsa-url", "URL", "RFC 3161 TSA (default: the built-in one)"},
                  {"public-url", "URL", "the server's public URL (as given to `cesp serve`)"}};
  spec.run = [](const Args& args, CommandContext& ctx) {
    ServerOptions options;
    options.data_dir = args.value_or("data-dir", "data");
    options.database_uri = args.value_or("database", "");
    options.tsa_url = args.value_or("tsa-url", "");
    options.public_url = args.value_or("public-url", "");
    int failed = 0;
    const auto outcomes = extend_countersigned_contracts(options, "cli:contracts-extend");
    for (const auto& o : outcomes) {
      ctx.out << o.reference << " " << (o.extended ? "lta" : "FAILED " + o.error) << "\n";
      if (!o.extended) ++failed;
    }
    ctx.out << outcomes.size() - static_cast<std::size_t>(failed) << " extended, " << failed << " failed\n";
    return failed == 0 ? 0 : 6;
  };
  return spec;
}

}  // namespace

CommandSpec contracts_command() {
  CommandSpec spec;
  spec.name = "contracts";
  spec.summary = "batch work on contracts (extension to B-LTA)";
  spec.subcommands = {extend_subcommand()};
  return spec;
}

}  // namespace cesp::server
