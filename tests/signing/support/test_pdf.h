// Test PDFs generated with PoDoFo (classic xref, no object streams) and
// independent helpers that read a signed PDF's byte ranges without our code.
#pragma once

#include <string>
#include <vector>

namespace cesp::test {

// A contract-like PDF of `pages` pages of text (~5 KB/page), optionally with
// empty signature fields (merged field/widget, /FT /Sig, no /V).
std::vector<unsigned char> make_test_pdf(int pages,
                                         const std::vector<std::string>& empty_signature_fields = {});

struct ExtractedSignature {
  std::vector<unsigned char> cms;      // DER, padding removed
  std::vector<unsigned char> content;  // the bytes covered by the ByteRange
  long long covered_end = 0;           // ByteRange[2] + ByteRange[3]
  long long gap_start = 0;             // ByteRange[1]: offset of '<'
};
// The nth (0-based, in file order) /ByteRange found by a plain text scan.
ExtractedSignature extract_signature(const std::vector<unsigned char>& pdf, int index);

}  // namespace cesp::test
