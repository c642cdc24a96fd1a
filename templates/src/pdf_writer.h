// Assembles a PDF from prepared parts (content streams, embedded font
// programs, fields, metadata). The interface is free of PoDoFo; its one
// implementation, pdf_writer_podofo.cpp, is the only file of templates/ that
// includes PoDoFo headers and turns PdfError into cesp::Error.
#pragma once

#include <string>
#include <vector>

#include "layout.h"

namespace cesp::templates {

// A Type0 font with Identity-H encoding over a CIDFontType2 subset.
struct PdfFontSpec {
  std::string resource_name;  // "F1"
  std::string base_font;      // "ABCDEF+DejaVuSans"
  std::string font_file;      // the TrueType subset
  std::vector<int> widths;    // per glyph id (= CID), thousandths of the em
  std::string to_unicode;     // CMap program
  int bbox[4] = {0, 0, 0, 0};
  int ascent = 0, descent = 0, cap_height = 0;  // thousandths of the em
};

struct PdfPageSpec {
  std::string content;              // page content stream operators
  std::vector<PlacedField> fields;  // empty signature fields on this page
};

struct PdfDocumentSpec {
  std::vector<PdfFontSpec> fonts;
  std::vector<PdfPageSpec> pages;
  std::string title;
  std::string subject;
  std::string keywords;
  std::string creator;
  std::string producer;
  std::string pdf_date;              // "D:20261122103000Z", CreationDate and ModDate
  std::string xmp;                   // XMP packet, stored uncompressed as PDF/A asks
  std::string icc_profile_deflated;  // the ICC profile, zlib-compressed once by the caller
  std::string output_condition = "sRGB IEC61966-2.1";
  std::string lang = "fr-FR";
};

// A PDF 1.7 file with a classic cross-reference table. Throws
// Error(internal) when the PDF library fails.
std::string write_pdf(const PdfDocumentSpec& spec);

}  // namespace cesp::templates
