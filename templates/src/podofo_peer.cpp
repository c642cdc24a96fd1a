#include "podofo_peer.h"

#include <podofo/podofo.h>

#include "cesp/core/error.h"

#include "layout.h"

namespace cesp::templates {

std::string render_with_podofo_painter(const std::string& filled_markup, const std::string& font_path) {
  using namespace PoDoFo;
  try {
    PdfMemDocument doc;
    PdfFont* font =
        doc.CreateFontSubset("DejaVu Sans", false, false, false,
                             PdfEncodingFactory::GlobalIdentityEncodingInstance(), font_path.c_str());
    if (!font) throw Error(ErrorCode::internal, "PoDoFo peer: no font");
    font->SetFontSize(9);
    PdfPainter painter;
    PdfPage* page = doc.CreatePage(PdfRect(0, 0, kPageWidth, kPageHeight));
    painter.SetPage(page);
    painter.SetFont(font);
    double y = kPageHeight - 50;
    const double width = kPageWidth - 2 * kMarginX, line = 11.5;
    // Paragraphs as the markup separates them; the height is estimated from
    // the length since DrawMultiLineText neither measures nor paginates.
    std::size_t start = 0;
    while (start < filled_markup.size()) {
      std::size_t end = filled_markup.find("\n\n", start);
      if (end == std::string::npos) end = filled_markup.size();
      const std::string paragraph = filled_markup.substr(start, end - start);
      start = end + 2;
      if (paragraph.empty()) continue;
      const double height = line * double(1 + paragraph.size() / 95);
      if (y - height < 58) {
        painter.FinishPage();
        page = doc.CreatePage(PdfRect(0, 0, kPageWidth, kPageHeight));
        painter.SetPage(page);
        painter.SetFont(font);
        y = kPageHeight - 50;
      }
      painter.DrawMultiLineText(kMarginX, y - height, width, height,
                                PdfString(reinterpret_cast<const pdf_utf8*>(paragraph.c_str())));
      y -= height + 3;
    }
    painter.FinishPage();
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    doc.Write(&device);
    return std::string(buffer.GetBuffer(), device.GetLength());
  } catch (const PoDoFo::PdfError& e) {
    throw Error(ErrorCode::internal, std::string("PoDoFo: ") + PoDoFo::PdfError::ErrorMessage(e.GetError()));
  }
}

}  // namespace cesp::templates
