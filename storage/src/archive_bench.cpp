#include "cesp/storage/archive_bench.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <ostream>
#include <random>
#include <sstream>
#include <thread>

#include "cesp/core/digest.h"
#include "cesp/storage/archive.h"
#include "cesp/storage/database.h"

namespace cesp::storage {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// CPU time of the whole process (every thread): shows what the hashing
// costs independently of other load on the machine.
double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

constexpr std::int64_t kRecordsPerBeneficiary = 10;
constexpr std::int64_t kDistinctBlobs = 1000;  // records share blobs (content-addressed dedup)

std::string beneficiary_name(std::int64_t n) { return "BEN-" + std::to_string(n); }

void populate(Archive& archive, std::int64_t records, std::ostream& log) {
  const Actor actor{"bench", "system"};
  constexpr std::int64_t kBatch = 5000;
  for (std::int64_t start = 0; start < records; start += kBatch) {
    std::vector<NewItem> batch;
    for (std::int64_t n = start; n < std::min(records, start + kBatch); ++n) {
      NewItem item;
      item.beneficiary = beneficiary_name(n / kRecordsPerBeneficiary);
      item.kind = n % 3 == 0 ? ItemKind::contract : ItemKind::piece;
      item.stage = "r" + std::to_string(n);  // distinct records even when bytes are shared
      item.content = "%PDF-1.7 bench blob " + std::to_string(n % kDistinctBlobs);
      item.label = "doc.pdf";
      batch.push_back(std::move(item));
    }
    archive.add_many(batch, actor);
    if ((start / kBatch) % 20 == 0)
      log << "bench archive: " << start + static_cast<std::int64_t>(batch.size()) << " records\n"
          << std::flush;
  }
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

}  // namespace

ArchiveBenchResult run_archive_bench(const ArchiveBenchOptions& options, std::ostream& log) {
  ArchiveBenchResult result;
  const bool temporary = options.dir.empty();
  const std::filesystem::path dir = temporary ? std::filesystem::temp_directory_path() /
                                                    ("cesp-bench-archive-" + std::to_string(::getpid()))
                                              : options.dir;
  std::filesystem::create_directories(dir);
  struct Cleanup {
    bool active;
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ec;
      if (active) std::filesystem::remove_all(dir, ec);
    }
  } cleanup{temporary, dir};

  // 1. Lookup latency at `records` records.
  {
    ArchiveOptions ao;
    ao.database = Database::open(options.database_uri.empty() ? "sqlite:" + (dir / "lookup.sqlite").string()
                                                              : options.database_uri);
    result.backend = ao.database->dialect() == Dialect::sqlite ? "sqlite" : "postgresql";
    ao.blob_dir = dir / "lookup-blobs";
    Archive archive(ao);
    const auto existing = archive.journal().last_seq();
    const auto t0 = Clock::now();
    if (existing < options.records) populate(archive, options.records - existing, log);
    if (existing < options.records) {
      result.insert_records_per_s = static_cast<double>(options.records - existing) / seconds_since(t0);
    }
    result.records = options.records;
    const std::int64_t beneficiaries = std::max<std::int64_t>(1, options.records / kRecordsPerBeneficiary);
    std::mt19937_64 rng(42);
    std::vector<double> latencies;
    for (std::int64_t i = 0; i < options.lookups; ++i) {
      const std::string name =
          beneficiary_name(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(beneficiaries)));
      const auto t = Clock::now();
      const auto items = archive.list(name);
      latencies.push_back(seconds_since(t) * 1000.0);
      if (items.empty()) throw std::runtime_error("bench: lookup found nothing for " + name);
    }
    result.lookup_p50_ms = percentile(latencies, 0.50);
    result.lookup_p99_ms = percentile(latencies, 0.99);
    result.lookup_max_ms = percentile(latencies, 1.0);
    log << "bench archive: lookups p50 " << result.lookup_p50_ms << " ms, p99 " << result.lookup_p99_ms
        << " ms\n";
  }

  // 2. Fixity audit throughput over audit_mb of blobs (16 MiB each), warm page cache.
  {
    ArchiveOptions ao;
    ao.database = Database::open("sqlite:" + (dir / "audit.sqlite").string());
    ao.blob_dir = dir / "audit-blobs";
    Archive archive(ao);
    constexpr std::int64_t kBlobBytes = 16 << 20;
    const std::int64_t blobs = std::max<std::int64_t>(1, options.audit_mb * (1 << 20) / kBlobBytes);
    std::mt19937_64 rng(7);
    std::string content(static_cast<std::size_t>(kBlobBytes), '\0');
    for (auto& c : content) c = static_cast<char>(rng());
    if (archive.journal().last_seq() < blobs) {
      for (std::int64_t b = 0; b < blobs; ++b) {
        std::memcpy(content.data(), &b, sizeof b);  // distinct bytes per blob
        NewItem item;
        item.beneficiary = "AUDIT-" + std::to_string(b);
        item.kind = ItemKind::contract;
        item.content = content;
        archive.add(item, {"bench", "system"});
      }
    }
    archive.audit();  // warm the page cache
    const double cpu_before = process_cpu_seconds();
    const AuditReport report = archive.audit();
    const double cpu = process_cpu_seconds() - cpu_before;
    if (!report.ok()) throw std::runtime_error("bench: audit found problems:\n" + report.to_text());
    result.audit_bytes = report.bytes_hashed;
    result.audit_mb_per_s = static_cast<double>(report.bytes_hashed) / 1e6 / report.seconds;
    result.audit_mb_per_cpu_s = static_cast<double>(report.bytes_hashed) / 1e6 / cpu;
    result.audit_threads = std::thread::hardware_concurrency();

    const auto t = Clock::now();
    std::int64_t hashed = 0;
    while (seconds_since(t) < 1.0) {
      sha256(content.data(), content.size());
      hashed += kBlobBytes;
    }
    result.sha256_one_core_mb_per_s = static_cast<double>(hashed) / 1e6 / seconds_since(t);
    log << "bench archive: audit " << result.audit_mb_per_s << " MB/s (SHA-256 one core "
        << result.sha256_one_core_mb_per_s << " MB/s)\n";
  }
  return result;
}

std::string ArchiveBenchResult::to_json() const {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(3);
  out << "{\"records\":" << records << ",\"audit_mb_per_s\":" << audit_mb_per_s
      << ",\"lookup_p50_ms\":" << lookup_p50_ms << ",\"lookup_p99_ms\":" << lookup_p99_ms
      << ",\"lookup_max_ms\":" << lookup_max_ms << ",\"backend\":\"" << backend
      << "\",\"insert_records_per_s\":" << insert_records_per_s << ",\"audit_bytes\":" << audit_bytes
      << ",\"audit_threads\":" << audit_threads << ",\"audit_mb_per_cpu_s\":" << audit_mb_per_cpu_s
      << ",\"sha256_one_core_mb_per_s\":" << sha256_one_core_mb_per_s << "}";
  return out.str();
}

}  // namespace cesp::storage
