// The benchmark peer: the same filled text written with PoDoFo 0.9.8's own
// text path (PdfPainter::DrawMultiLineText, a CreateFontSubset Identity-H
// DejaVu font), i.e. what one would get without our layout: no justification,
// no keep rules, no page numbers, no fields, no metadata. Used only by
// `cesp bench render --peer`; the second (and last) file including PoDoFo.
#pragma once

#include <string>

namespace cesp::templates {

// Returns the PDF bytes. Throws Error(internal) when PoDoFo fails.
std::string render_with_podofo_painter(const std::string& filled_markup, const std::string& font_path);

}  // namespace cesp::templates
