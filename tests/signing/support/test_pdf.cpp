#include "support/test_pdf.h"

#include <podofo/podofo.h>

#include <regex>
#include <stdexcept>

namespace cesp::test {

using namespace PoDoFo;

std::vector<unsigned char> make_test_pdf(int pages, const std::vector<std::string>& empty_signature_fields) {
  PdfMemDocument doc;
  PdfFont* font = doc.CreateFont("Helvetica", false, PdfEncodingFactory::GlobalWinAnsiEncodingInstance(),
                                 PdfFontCache::eFontCreationFlags_AutoSelectBase14, false);
  font->SetFontSize(9);
  for (int p = 0; p < pages; ++p) {
    PdfPage* page = doc.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
    PdfPainter painter;
    painter.SetPage(page);
    painter.SetFont(font);
    painter.DrawText(56, 800,
                     PdfString("CONTRAT D'ENGAGEMENT DE SERVICE PUBLIC - page " + std::to_string(p + 1)));
    for (int line = 0; line < 70; ++line) {
      painter.DrawText(
          56, 780 - line * 10.5,
          PdfString("Article " + std::to_string(line + 1) +
                    " - Le signataire s'engage a exercer ses fonctions selon les conditions prevues."));
    }
    painter.FinishPage();
  }
  if (!empty_signature_fields.empty()) {
    PdfAcroForm* form = doc.GetAcroForm(true, ePdfAcroFormDefaultAppearance_None);
    PdfPage* page = doc.GetPage(doc.GetPageCount() - 1);
    double x = 56;
    for (const auto& name : empty_signature_fields) {
      PdfAnnotation* widget = page->CreateAnnotation(ePdfAnnotation_Widget, PdfRect(x, 60, 200, 60));
      widget->SetFlags(4);
      PdfObject* field = widget->GetObject();
      field->GetDictionary().AddKey("FT", PdfName("Sig"));
      field->GetDictionary().AddKey("T", PdfString(name));
      field->GetDictionary().AddKey("P", page->GetObject()->Reference());
      if (!form->GetObject()->GetDictionary().HasKey("Fields")) {
        form->GetObject()->GetDictionary().AddKey("Fields", PdfArray());
      }
      form->GetObject()->GetDictionary().GetKey("Fields")->GetArray().push_back(field->Reference());
      x += 260;
    }
  }
  PdfRefCountedBuffer buffer;
  PdfOutputDevice device(&buffer);
  doc.Write(&device);
  const auto* data = reinterpret_cast<const unsigned char*>(buffer.GetBuffer());
  return std::vector<unsigned char>(data, data + device.GetLength());
}

ExtractedSignature extract_signature(const std::vector<unsigned char>& pdf, int index) {
  std::string text(pdf.begin(), pdf.end());
  std::regex range(R"(/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\])");
  int n = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), range); it != std::sregex_iterator();
       ++it, ++n) {
    if (n != index) continue;
    long long a = std::stoll((*it)[1]), b = std::stoll((*it)[2]), c = std::stoll((*it)[3]),
              d = std::stoll((*it)[4]);
    if (c + d > static_cast<long long>(pdf.size())) throw std::runtime_error("ByteRange beyond the file");
    ExtractedSignature out;
    out.content.assign(pdf.begin() + a, pdf.begin() + a + b);
    out.content.insert(out.content.end(), pdf.begin() + c, pdf.begin() + c + d);
    out.covered_end = c + d;
    out.gap_start = b;
    std::string hex = text.substr(static_cast<std::size_t>(b + 1), static_cast<std::size_t>(c - b - 2));
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
      out.cms.push_back(static_cast<unsigned char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    // Trim the zero padding using the outer DER length.
    if (out.cms.size() > 4 && out.cms[1] == 0x82) out.cms.resize(4 + (out.cms[2] << 8 | out.cms[3]));
    if (out.cms.size() > 5 && out.cms[1] == 0x83)
      out.cms.resize(5 + (out.cms[2] << 16 | out.cms[3] << 8 | out.cms[4]));
    return out;
  }
  throw std::runtime_error("no such ByteRange");
}

}  // namespace cesp::test
