// From a laid-out document to PDF parts: the per-document font subsets (one
// glyph per used character, so ToUnicode is exact) and the page content
// streams (text positioned by us, justification through TJ offsets, since
// word spacing does not apply to two-byte Identity-H codes).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "layout.h"
#include "pdf_writer.h"

namespace cesp::templates {

class DocumentFonts {
 public:
  DocumentFonts(const Fonts& fonts, const Layout& layout);

  // The two-byte codes of a text in this document's subset, escaped for a
  // PDF literal string.
  void append_codes(std::string& out, bool bold, const std::u32string& text) const;
  // Font resources for the writer ("F1" regular, "F2" bold, when used).
  std::vector<PdfFontSpec> font_specs() const;
  const char* resource_name(bool bold) const { return bold ? "F2" : "F1"; }

 private:
  struct Subset {
    const TrueTypeFont* font = nullptr;
    std::vector<char32_t> code_points;  // sorted; CID = index + 1
    std::unordered_map<char32_t, std::uint16_t> cid;
  };
  PdfFontSpec spec_of(const Subset& s, const char* resource) const;
  Subset regular_, bold_;
};

// Content stream of one page; `extra` is appended verbatim (the QR code).
std::string page_content(const PageLayout& page, const DocumentFonts& fonts, const std::string& extra);

// Appends a number the way PDF wants it: at most 3 decimals, no exponent.
void append_number(std::string& out, double value);

}  // namespace cesp::templates
