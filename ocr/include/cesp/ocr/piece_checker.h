// Checking one piece (one or several files: the front and back of a card)
// end to end: intake bounds and decoding, kind classification, OCR, field
// extraction, and the checks the dossier rules require.
//
// PieceChecker runs in the calling process: the server never calls it
// directly but through IsolatedChecker (isolated_checker.h), which runs it
// in worker processes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cesp/core/candidate.h"
#include "cesp/core/date.h"
#include "cesp/ingest/intake.h"
#include "cesp/ocr/ocr_engine.h"
#include "cesp/ocr/verdict.h"

namespace cesp::ocr {

struct CheckRequest {
  std::vector<std::string> files;  // paths, read by the checker
  std::string kind = "auto";       // "auto", "identity", "enrollment" or "bank"
  std::optional<Candidate> candidate;
  Date today{2000, 1, 1};
  std::optional<AcademicYear> campaign_year;
  // Names of the checks to apply (as in samples/rules/required-pieces.json);
  // empty: every check of the kind.
  std::vector<std::string> checks;
  ingest::IntakeLimits limits;
};

// Worker protocol and CLI helpers. Errors: Error(invalid_json / missing_field).
std::string to_json(const CheckRequest& request);
CheckRequest request_from_json(const std::string& json);
// {"surname", "given_names", "birth_date", "usage_name"?} -> Candidate.
Candidate candidate_from_json(const std::string& json);

class PieceChecker {
 public:
  explicit PieceChecker(OcrEngineOptions options = {});

  // Never throws for a bad file: problems become reasons in the verdict.
  // Throws only when the engine itself fails (Error(internal/unavailable)).
  Verdict check(const CheckRequest& request);

 private:
  OcrEngine engine_;
};

// The same checks on text read elsewhere (one entry per line), e.g. by the
// tesseract command line in `cesp bench ocr`; no file is read.
Verdict check_text(const std::vector<std::string>& lines, const CheckRequest& request);

// Every check name of a kind, in the order they are reported.
std::vector<std::string> default_checks(const std::string& kind);

}  // namespace cesp::ocr
