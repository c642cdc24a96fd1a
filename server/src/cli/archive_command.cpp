// `cesp archive ...`: the tamper-evident archive (cesp/storage/archive.h).
// Thin: parse arguments, call cesp::storage, print.
#include <fstream>
#include <iostream>
#include <ostream>
#include <sstream>

#include "cesp/core/error.h"
#include "cesp/core/json_text.h"
#include "cesp/server/error_mapping.h"
#include "cesp/storage/archive_export.h"
#include "cesp/storage/archive_import.h"
#include "cesp/storage/archive_setup.h"
#include "cesp/storage/progress.h"

#include "cli/commands.h"

namespace cesp::server {
namespace {

using storage::Archive;

std::vector<OptionSpec> location_options() {
  return {
      {"data-dir", "DIR", "where the embedded database, blobs and dev PKI live (default ./data)"},
      {"database", "URI", "metadata database: sqlite:PATH or postgresql:host=H port=P dbname=D user=U"},
      {"blob-store", "KIND", "filesystem (default, DIR/blobs) or database (the `blobs` table)"},
      {"tsa-url", "URL", "RFC 3161 server for seals (default: in-process TSA of the dev PKI in DIR/pki)"},
      {"trust", "PEM", "certificate trusted for seal timestamps (default: dev PKI root)", true},
  };
}

std::vector<OptionSpec> with_location(std::vector<OptionSpec> options) {
  for (auto& o : location_options()) options.push_back(o);
  return options;
}

std::unique_ptr<Archive> open_from(const Args& args) {
  storage::ArchiveLocation location;
  location.data_dir = args.value_or("data-dir", "data");
  location.database_uri = args.value_or("database", "");
  location.blob_backend = storage::parse_blob_backend(args.value_or("blob-store", "filesystem"));
  location.tsa_url = args.value_or("tsa-url", "");
  location.trust_anchors = args.values("trust");
  return storage::open_archive(location);
}

storage::Actor actor_from(const Args& args, const std::string& default_role) {
  const char* user = std::getenv("USER");
  return {args.value_or("actor", std::string("cli:") + (user ? user : "unknown")),
          args.value_or("role", default_role)};
}

std::string item_json(const storage::Item& i) {
  std::ostringstream out;
  out << "{\"id\":" << i.id << ",\"beneficiary\":" << json_quote(i.beneficiary)
      << ",\"kind\":" << json_quote(std::string(to_string(i.kind))) << ",\"stage\":" << json_quote(i.stage)
      << ",\"label\":" << json_quote(i.label) << ",\"media_type\":" << json_quote(i.media_type)
      << ",\"document_date\":" << json_quote(i.document_date) << ",\"sha256\":\"" << i.sha256
      << "\",\"size\":" << i.size << ",\"archived_at\":\"" << i.archived_at << "\",\"retain_until\":\""
      << i.retain_until << "\",\"actor\":" << json_quote(i.actor)
      << ",\"disposed_at\":" << (i.disposed() ? "\"" + i.disposed_at + "\"" : "null")
      << ",\"details\":" << i.details_json << "}";
  return out.str();
}

CommandSpec add_command() {
  CommandSpec spec;
  spec.name = "add";
  spec.summary = "archive one item (PDF signatures are verified and recorded)";
  spec.positionals = {{"BENEFICIARY", "the beneficiary's id"},
                      {"KIND", "piece, contract, avenant, installation or validation_report"},
                      {"FILE", "the file to archive"}};
  spec.options = with_location({
      {"stage", "STAGE", "revision: draft, signed_by_candidate, countersigned, lta..."},
      {"date", "YYYY-MM-DD", "the document's own date"},
      {"actor", "ID", "who archives (default cli:$USER)"},
      {"role", "ROLE", "the actor's role (default archiviste)"},
  });
  spec.run = [](const Args& args, CommandContext& ctx) {
    const auto& p = args.positionals();
    auto archive = open_from(args);
    storage::ImportRow row{p[0], p[1], p[2], args.value_or("date", ""), args.value_or("stage", "")};
    const storage::ImportOutcome outcome =
        storage::import_one(*archive, row, "", actor_from(args, "archiviste"),
                            storage::default_pdf_signature_verifier(archive->options().tsa_trust_anchors));
    ctx.out << (outcome.result.created ? "archivé" : "déjà archivé") << ": élément " << outcome.result.item.id
            << " (" << p[0] << ", " << p[1] << ", sha256 " << outcome.result.item.sha256 << ")\n";
    if (!outcome.signature_summary.empty()) ctx.out << "  signatures: " << outcome.signature_summary << "\n";
    return kExitOk;
  };
  return spec;
}

CommandSpec list_command() {
  CommandSpec spec;
  spec.name = "list";
  spec.summary = "list a beneficiary's archived items";
  spec.positionals = {{"BENEFICIARY", "the beneficiary's id"}};
  spec.options = with_location({{"json", "", "print JSON"}});
  spec.run = [](const Args& args, CommandContext& ctx) {
    auto archive = open_from(args);
    const auto items = archive->list(args.positionals()[0]);
    if (args.has("json")) {
      ctx.out << "[";
      for (std::size_t i = 0; i < items.size(); ++i) ctx.out << (i ? ",\n " : "") << item_json(items[i]);
      ctx.out << "]\n";
      return kExitOk;
    }
    if (items.empty()) ctx.out << "aucun élément pour " << args.positionals()[0] << "\n";
    for (const auto& i : items) {
      ctx.out << i.id << "  " << i.archived_at << "  " << to_string(i.kind)
              << (i.stage.empty() ? "" : "/" + i.stage) << "  " << i.label << "  " << i.size << " o  "
              << i.sha256.substr(0, 16) << "…" << (i.disposed() ? "  [éliminé " + i.disposed_at + "]" : "")
              << "\n";
    }
    return kExitOk;
  };
  return spec;
}

CommandSpec audit_command() {
  CommandSpec spec;
  spec.name = "audit";
  spec.summary = "integrity audit: re-hash every blob, check metadata, journal chain and seals";
  spec.description = "Exit code 0 when the archive is intact, 1 when anything was found.";
  spec.options = with_location(
      {{"progress", "", "show a progress bar on stderr"},
       {"json", "", "print JSON"},
       {"recover", "", "first clean up writes interrupted over an hour ago (crash leftovers)"}});
  spec.run = [](const Args& args, CommandContext& ctx) {
    auto archive = open_from(args);
    if (args.has("recover")) {
      const int resolved = archive->recover();
      if (resolved > 0) ctx.err << "cesp: " << resolved << " écriture(s) interrompue(s) nettoyée(s)\n";
    }
    storage::ProgressBar bar(ctx.err, "audit", args.has("progress"));
    const auto report =
        archive->audit([&](std::int64_t done, std::int64_t total) { bar.update(done, total); });
    bar.finish();
    ctx.out << (args.has("json") ? report.to_json() + "\n" : report.to_text());
    return report.ok() ? kExitOk : kExitCheckFailed;
  };
  return spec;
}

CommandSpec seal_command() {
  CommandSpec spec;
  spec.name = "seal";
  spec.summary = "timestamp the Merkle root of the journal entries added since the last seal";
  spec.options = location_options();
  spec.run = [](const Args& args, CommandContext& ctx) {
    auto archive = open_from(args);
    auto seal = archive->seal();
    if (!seal) {
      ctx.out << "rien à sceller: aucune nouvelle entrée depuis le dernier sceau\n";
      return kExitOk;
    }
    ctx.out << "sceau " << seal->id << ": entrées " << seal->first_seq << " à " << seal->last_seq
            << ", racine " << seal->merkle_root << ", horodaté " << seal->sealed_at << "\n";
    return kExitOk;
  };
  return spec;
}

CommandSpec export_command() {
  CommandSpec spec;
  spec.name = "export";
  spec.summary = "evidence package of a beneficiary: documents, reports, journal excerpt with proofs";
  spec.positionals = {{"BENEFICIARY", "the beneficiary's id"}};
  spec.options = with_location({{"out", "FILE.zip", "the package to write (required)"}});
  spec.run = [](const Args& args, CommandContext& ctx) {
    auto archive = open_from(args);
    const auto summary = storage::export_beneficiary(*archive, args.positionals()[0], args.value("out"));
    ctx.out << "export " << args.value("out") << ": " << summary.items << " éléments, "
            << summary.journal_entries << " entrées du journal (" << summary.sealed_entries << " scellées)\n";
    return kExitOk;
  };
  return spec;
}

CommandSpec verify_export_command() {
  CommandSpec spec;
  spec.name = "verify-export";
  spec.summary = "check an evidence package offline (no database needed)";
  spec.positionals = {{"FILE.zip", "the package"}};
  spec.options = {
      {"trust", "PEM", "certificate trusted for the seal timestamps (default: the one in the package, noted)",
       true},
      {"json", "", "print JSON"}};
  spec.run = [](const Args& args, CommandContext& ctx) {
    const auto report = storage::verify_export(args.positionals()[0], args.values("trust"));
    ctx.out << (args.has("json") ? report.to_json() + "\n" : report.to_text());
    return report.ok() ? kExitOk : kExitCheckFailed;
  };
  return spec;
}

CommandSpec import_command() {
  CommandSpec spec;
  spec.name = "import";
  spec.summary = "import existing signed records from a CSV manifest (idempotent)";
  spec.description =
      "MANIFEST.csv has a header line and the columns beneficiary,kind,file,date[,stage]; `file` is\n"
      "relative to the manifest's directory. Each PDF's signatures are verified on the way, each\n"
      "import is journaled; running it again adds nothing new.";
  spec.positionals = {{"MANIFEST.csv", "the manifest"}};
  spec.options = with_location({
      {"actor", "ID", "who imports (default cli:$USER)"},
      {"role", "ROLE", "the actor's role (default archiviste)"},
      {"no-progress", "", "no progress bar"},
  });
  spec.run = [](const Args& args, CommandContext& ctx) {
    auto archive = open_from(args);
    storage::ProgressBar bar(ctx.err, "import", !args.has("no-progress"));
    const auto summary = storage::import_manifest(
        *archive, args.positionals()[0], actor_from(args, "archiviste"),
        storage::default_pdf_signature_verifier(archive->options().tsa_trust_anchors),
        [&](std::int64_t done, std::int64_t total) { bar.update(done, total); });
    bar.finish();
    ctx.out << summary.to_text();
    return summary.failed == 0 ? kExitOk : kExitCheckFailed;
  };
  return spec;
}

}  // namespace

CommandSpec archive_command() {
  CommandSpec spec;
  spec.name = "archive";
  spec.summary = "tamper-evident archive: add, list, audit, seal, export, verify-export, import";
  spec.subcommands = {add_command(),    list_command(),          audit_command(), seal_command(),
                      export_command(), verify_export_command(), import_command()};
  return spec;
}

}  // namespace cesp::server
