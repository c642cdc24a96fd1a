// Evidence packages: everything an auditor needs about one beneficiary, in a
// zip that can be checked offline, years later, without the database.
//
// Layout (format "cesp-evidence-v1"):
//   README.txt                  what is inside and how to check it by hand
//   manifest.json               every other file with its SHA-256 and size
//   SHA256SUMS                  the same, in `sha256sum -c` format
//   items.json                  the items' recorded fields (record hashes recomputable)
//   documents/<id>-<kind>[-<stage>].<ext>   the archived bytes (signed PDFs...)
//   reports/validation.json     per item: checks and signature verification
//   reports/validation.txt      the same, for people (French)
//   journal/entries.json        the beneficiary's journal entries, each with its
//                               Merkle inclusion proof to the seal covering it
//   journal/seals.json          the chain of seal headers, from the first seal
//   journal/seals/<id>.tsr      RFC 3161 tokens of the seals covering the entries
//   trust/tsa-anchor-<n>.pem    the archive's TSA trust anchors (informative:
//                               an auditor should pass their own with --trust)
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "cesp/storage/archive.h"
#include "cesp/storage/audit.h"

namespace cesp::storage {

struct ExportSummary {
  std::int64_t items = 0;
  std::int64_t journal_entries = 0;
  std::int64_t sealed_entries = 0;  // the others were added after the last seal
};

// Writes the package (replacing out_zip atomically). Error(not_found) when the
// beneficiary has no item; Error(integrity_failure) if a document no longer
// matches its address (an export never ships altered bytes silently).
ExportSummary export_beneficiary(Archive& archive, const std::string& beneficiary,
                                 const std::filesystem::path& out_zip);

struct ExportVerification {
  std::string beneficiary;
  std::int64_t files = 0, items = 0, journal_entries = 0, sealed_entries = 0, seals_verified = 0;
  std::vector<AuditFinding> findings;  // kinds: package_malformed, file_hash_mismatch, file_missing,
                                       // file_unlisted, item_record_altered, item_not_journaled,
                                       // journal_entry_altered, merkle_proof_invalid,
                                       // seal_chain_broken, seal_token_invalid
  std::vector<std::string> notes;
  bool ok() const { return findings.empty(); }
  std::string to_text() const;
  std::string to_json() const;
};

// Checks a package offline. trust_anchors: PEM files trusted for the seals'
// TSA certificates; when empty, the anchors shipped in the package are used
// and a note says that this proves integrity, not independent trust.
// Never throws for a bad package (findings say what is wrong), except
// Error(not_found) when the file cannot be opened.
ExportVerification verify_export(const std::filesystem::path& zip,
                                 const std::vector<std::string>& trust_anchors);

}  // namespace cesp::storage
