// The verdict on one piece, as `cesp check --json` prints it.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cesp::ocr {

// A reason for a verdict. `code` is stable (unreadable, unsupported_type,
// too_large, too_many_pixels, too_many_pages, timeout, no_text, wrong_kind,
// mrz_not_found, mrz_check_digit, expired, iban_invalid, rib_key_invalid,
// bic_invalid, holder_mismatch, name_mismatch, birth_date_mismatch,
// wrong_academic_year, level_not_eligible, ine_invalid, ine_mismatch (review:
// not the INE of the candidate's record), duplicate);
// `message` is French, for the candidate.
struct Reason {
  std::string code;
  std::string message;
};

struct Verdict {
  std::string file;                // first file of the piece
  std::string kind;                // "identity", "enrollment", "bank" or "unknown"
  std::string verdict = "review";  // "accepted", "rejected" or "review"
  std::vector<Reason> reasons;
  std::vector<std::pair<std::string, std::string>> fields;  // in output order
  std::vector<std::string> mrz;                             // the `mrz` field (array), when read
  double confidence = 0.0;                                  // 0..1
  std::vector<std::pair<std::string, double>> timings_ms;

  void set_field(const std::string& key, std::string value);
  std::optional<std::string> field(const std::string& key) const;
  bool has_reason(const std::string& code) const;
  // Adds a reason that refuses the piece (rejected wins over review).
  void reject(std::string code, std::string message);
  // Adds a reason that sends the piece to a human unless already rejected.
  void needs_review(std::string code, std::string message);
};

// One JSON object on one line: {"file","kind","verdict","reasons","fields",
// "confidence","timings_ms"}.
std::string to_json(const Verdict& verdict);
// Parses what to_json produced; Error(invalid_json) otherwise.
Verdict verdict_from_json(const std::string& json);

}  // namespace cesp::ocr
