// The result of an archive integrity audit (Archive::audit).
//
// Finding kinds (stable, for scripts): blob_missing, blob_corrupt,
// blob_size_mismatch, blob_untracked, item_record_altered,
// item_not_journaled, item_missing, journal_entry_altered,
// journal_chain_broken, journal_gap, seal_chain_broken, seal_root_mismatch,
// seal_token_invalid, seal_range_invalid, disposal_not_journaled.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cesp::storage {

struct AuditFinding {
  std::string kind;    // see above
  std::string object;  // "blob:<sha256>", "item:<id>", "journal:<seq>", "seal:<id>"
  std::string detail;  // human-readable, English
};

struct AuditReport {
  std::string blob_store;  // BlobStore::describe()
  std::int64_t items = 0;
  std::int64_t blobs_checked = 0;
  std::int64_t bytes_hashed = 0;
  std::int64_t journal_entries = 0;
  std::int64_t seals = 0;
  std::int64_t unsealed_entries = 0;  // entries after the last seal
  double seconds = 0;
  std::vector<AuditFinding> findings;
  std::vector<std::string> notes;  // not findings: e.g. interrupted writes awaiting recovery

  bool ok() const { return findings.empty(); }
  // A report for people: counts, then one line per finding.
  std::string to_text() const;
  std::string to_json() const;
};

// Called with (blobs done, blobs total) from the auditing thread.
using AuditProgress = std::function<void(std::int64_t done, std::int64_t total)>;

}  // namespace cesp::storage
