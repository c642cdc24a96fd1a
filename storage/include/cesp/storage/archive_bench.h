// `cesp bench archive`: fixity-audit throughput and lookup latency at scale.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>

namespace cesp::storage {

struct ArchiveBenchOptions {
  std::int64_t records = 1000000;  // metadata records (items, each journaled)
  std::int64_t audit_mb = 1024;    // blob bytes re-hashed by the audit measurement
  std::int64_t lookups = 5000;     // beneficiary lookups timed
  std::string database_uri;        // empty: SQLite in dir
  std::filesystem::path dir;       // empty: a temporary directory, removed afterwards
};

struct ArchiveBenchResult {
  std::string backend;  // "sqlite" / "postgresql"
  std::int64_t records = 0;
  double insert_records_per_s = 0;
  double lookup_p50_ms = 0, lookup_p99_ms = 0, lookup_max_ms = 0;
  std::int64_t audit_bytes = 0;
  double audit_mb_per_s = 0;            // full audit (SHA-256 of every blob + metadata checks)
  double sha256_one_core_mb_per_s = 0;  // the peer: OpenSSL SHA-256 over memory, one thread
  unsigned audit_threads = 0;
  double audit_mb_per_cpu_s = 0;  // bytes per second of process CPU time (all threads)
  std::string to_json() const;
};

// Builds the data sets and measures; progress lines go to `log`.
ArchiveBenchResult run_archive_bench(const ArchiveBenchOptions& options, std::ostream& log);

}  // namespace cesp::storage
