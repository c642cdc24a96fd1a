// `cesp bench archive`: see cesp/storage/archive_bench.h and bench/RESULTS.md.
#include <iostream>
#include <ostream>

#include "cesp/core/error.h"
#include "cesp/storage/archive_bench.h"

#include "cli/commands.h"

namespace cesp::server {
namespace {

std::int64_t positive(const Args& args, const std::string& name, std::int64_t fallback) {
  const std::string text = args.value_or(name, std::to_string(fallback));
  try {
    std::size_t used = 0;
    const long long value = std::stoll(text, &used);
    if (used == text.size() && value > 0) return value;
  } catch (const std::exception&) {
  }
  throw Error(ErrorCode::usage, "--" + name + " attend un entier positif",
              "--" + name + " expects a positive integer", text);
}

}  // namespace

CommandSpec bench_archive_command() {
  CommandSpec spec;
  spec.name = "archive";
  spec.summary = "archive: fixity audit throughput (MB/s) and lookup latency at 1 million records";
  spec.description =
      "Builds --records metadata records (10 per beneficiary, each journaled) and times --lookups\n"
      "random beneficiary lookups; then archives --audit-mb of 16 MiB blobs and times a full audit\n"
      "(warm page cache). Prints {\"records\", \"audit_mb_per_s\", \"lookup_p50_ms\", \"lookup_p99_ms\", "
      "...}.";
  spec.options = {
      {"records", "N", "metadata records (default 1000000)"},
      {"audit-mb", "MB", "blob megabytes for the audit measurement (default 1024)"},
      {"lookups", "N", "lookups timed (default 5000)"},
      {"database", "URI", "metadata database for the lookup part (default: SQLite in --dir)"},
      {"dir", "DIR", "keep the data sets here (reused by later runs); default: a temporary directory"},
      {"json", "", "print only the JSON result"},
  };
  spec.run = [](const Args& args, CommandContext& ctx) {
    storage::ArchiveBenchOptions options;
    options.records = positive(args, "records", options.records);
    options.audit_mb = positive(args, "audit-mb", options.audit_mb);
    options.lookups = positive(args, "lookups", options.lookups);
    options.database_uri = args.value_or("database", "");
    options.dir = args.value_or("dir", "");
    const auto result = storage::run_archive_bench(options, ctx.err);
    ctx.out << result.to_json() << "\n";
    return 0;
  };
  return spec;
}

}  // namespace cesp::server
