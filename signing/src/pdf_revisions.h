// What a PDF's later revisions changed, and its DSS (PoDoFo adapter).
#pragma once

#include <string>
#include <vector>

#include "openssl_util.h"

namespace cesp::signing::detail {

struct DssContents {
  bool present = false;
  std::vector<Bytes> certs, ocsps, crls;  // decoded stream data
};
// The catalog's /DSS streams; empty when absent or unparsable.
DssContents read_dss(const Bytes& pdf);

// End offsets of each revision (just after each "%%EOF" and its EOL).
std::vector<std::size_t> revision_ends(const Bytes& pdf);

struct ChangeAnalysis {
  std::vector<std::string> changes;  // one line per changed/added thing
  bool disallowed = false;
};
// Compares the document as of byte `signed_end` with the whole file.
// Allowed: new signature fields/dictionaries and their appearances, document
// timestamps, the DSS, AcroForm /Fields and /SigFlags, page /Annots, catalog
// /DSS /AcroForm /Perms. Anything else is reported as disallowed (e.g. page
// contents, resources, other objects rewritten). An unparsable revision is
// disallowed.
ChangeAnalysis analyze_changes(const Bytes& pdf, std::size_t signed_end);

}  // namespace cesp::signing::detail
