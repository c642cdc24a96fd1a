// Migration of existing signed records into the archive (the CNG -> ASP
// takeover): a CSV manifest, each PDF's signatures verified on the way, each
// import journaled, idempotent when re-run.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "cesp/storage/archive.h"

namespace cesp::storage {

// One manifest line: beneficiary,kind,file,date[,stage].
struct ImportRow {
  std::string beneficiary;
  std::string kind;  // piece, contract, avenant, installation, validation_report
  std::string file;  // relative to the manifest's directory (or absolute)
  std::string date;  // YYYY-MM-DD, may be empty
  std::string stage;
};

// Parses the manifest: a header line naming at least beneficiary, kind, file
// and date (any order; stage optional), then one row per record; fields may
// be double-quoted ("" for a quote). Throws Error(invalid_argument) naming the
// line for a malformed line. Bounded: at most 1,000,000 rows.
std::vector<ImportRow> parse_manifest(const std::string& csv_text);

// The verdict on a PDF's signatures.
struct SignatureVerdict {
  bool checked = false;  // false: no verifier available or not a PDF
  bool valid = true;     // false: at least one signature does not verify
  int signatures = 0;
  std::string summary;       // one line for people
  std::string details_json;  // recorded in the item's details
};
using PdfSignatureVerifier = std::function<SignatureVerdict(const std::string& bytes)>;
// cesp::signing::verify_pdf against trust_anchors (PEM files), without
// fetching revocation data over the network (imports must not hang on it):
// refuses TOTAL_FAILED; records INDETERMINATE results and unsigned PDFs.
PdfSignatureVerifier default_pdf_signature_verifier(std::vector<std::string> trust_anchors);

struct ImportOutcome {
  AddResult result;
  std::string signature_summary;
};

// Reads, checks and archives one record. Files over 256 MiB are refused
// (Error(too_large)); a PDF whose signatures do not verify is refused
// (Error(integrity_failure)); unsigned PDFs are archived with 0 signatures noted.
ImportOutcome import_one(Archive& archive, const ImportRow& row, const std::filesystem::path& base_dir,
                         const Actor& actor, const PdfSignatureVerifier& verifier);

struct ImportSummary {
  std::int64_t rows = 0, imported = 0, already_present = 0, failed = 0;
  std::vector<std::string> errors;  // "line N: message"
  std::string to_text() const;
};

// Imports every row; a failing row is reported and the others go on.
ImportSummary import_manifest(Archive& archive, const std::filesystem::path& manifest, const Actor& actor,
                              const PdfSignatureVerifier& verifier,
                              const std::function<void(std::int64_t, std::int64_t)>& progress = {});

}  // namespace cesp::storage
