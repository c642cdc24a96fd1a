// Several OCR readings of one MRZ (other scales, another model) combined
// line by line into the reading whose check digits all pass.
//
// Each reading fails in its own places (a '9' read as 'O' at one scale, an
// 'I' inserted between two wide glyphs at another), so a line misread by
// one reading is often right in another. Lines are only ever taken whole
// from a reading, never edited, and a combination is kept only when every
// check digit, the composite included, passes: a wrong check digit printed
// on a document stays wrong in every reading that reads it as printed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cesp/ocr/mrz.h"

namespace cesp::ocr {

struct MrzConsensus {
  // The combination whose check digits all pass (lines not covered by any
  // check digit, e.g. the names, are the ones most readings agree on); when
  // none passes, the reading most others agree with (on the check-covered
  // characters; the first on a tie), as read.
  std::optional<MrzData> mrz;
  int readings = 0;  // readings that gave an MRZ of `mrz`'s format
  // How many different readers (see `readers` below) read the same way:
  // with a passing `mrz`, all its check-covered characters; with none, the
  // characters of each failing check (field and digit; the least agreed
  // one counts). Two readers or more agreeing on a failing check mean it is
  // printed so (the document is wrong); readers that all disagree mean the
  // scan is doubtful.
  int agreeing = 0;
  // Two combinations passed every check with different data, as well
  // supported: neither is taken (`mrz` is then a failing reading, and
  // `agreeing` at most 1: the print is not shown to be wrong).
  bool ambiguous = false;
};

// `readings`: the OCR lines of each reading (noise lines allowed, as for
// parse_mrz), most trusted first. `readers`: who made each reading (e.g.
// "english", "french", "glyphs"): one model read at two scales tends to
// make the same mistake twice, so agreement counts readers, not readings.
// Without it each reading is its own reader.
MrzConsensus combine_mrz_readings(const std::vector<std::vector<std::string>>& readings,
                                  const std::vector<std::string>& readers = {});

// The characters a check of `mrz.checks` covers ("document_number",
// "birth_date", "expiry_date", "personal_number": the field and its digit;
// "composite": mrz_checked_text). Empty for an unknown name.
std::string mrz_check_span(const MrzData& mrz, const std::string& check);

// The characters of an MRZ that its check digits cover, check digits
// included (two readings that agree on them read the same document data).
std::string mrz_checked_text(const MrzData& mrz);

}  // namespace cesp::ocr
