// The PoDoFo adapter: the only file of templates/ that includes PoDoFo.
#include <podofo/podofo.h>

#include <mutex>

#include "cesp/core/error.h"

#include "flate.h"
#include "pdf_writer.h"

namespace cesp::templates {
namespace {

using namespace PoDoFo;

PdfString utf8(const std::string& s) { return PdfString(reinterpret_cast<const pdf_utf8*>(s.c_str())); }

PdfArray rect_array(double x, double y, double w, double h) {
  PdfArray a;
  a.push_back(PdfVariant(x));
  a.push_back(PdfVariant(y));
  a.push_back(PdfVariant(x + w));
  a.push_back(PdfVariant(y + h));
  return a;
}

// Stores already-deflated bytes as the stream's data, with its filter.
void set_deflated(PdfObject* object, const std::string& deflated) {
  PdfMemoryInputStream input(deflated.data(), pdf_long(deflated.size()));
  object->GetStream()->SetRawData(&input, pdf_long(deflated.size()));
  object->GetDictionary().AddKey("Filter", PdfName("FlateDecode"));
}

void set_compressed(PdfObject* object, std::string_view data) { set_deflated(object, deflate_bytes(data)); }

void quiet_podofo() {
  static std::once_flag once;
  std::call_once(once, [] {
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
  });
}

PdfObject* font_objects(PdfVecObjects& objects, const PdfFontSpec& spec) {
  PdfObject* file = objects.CreateObject();
  set_compressed(file, spec.font_file);
  file->GetDictionary().AddKey("Length1", PdfVariant(pdf_int64(spec.font_file.size())));

  PdfObject* descriptor = objects.CreateObject("FontDescriptor");
  PdfDictionary& d = descriptor->GetDictionary();
  d.AddKey("FontName", PdfName(spec.base_font));
  d.AddKey("Flags", PdfVariant(pdf_int64(32)));  // non-symbolic
  PdfArray bbox;
  for (int v : spec.bbox) bbox.push_back(PdfVariant(pdf_int64(v)));
  d.AddKey("FontBBox", bbox);
  d.AddKey("ItalicAngle", PdfVariant(pdf_int64(0)));
  d.AddKey("Ascent", PdfVariant(pdf_int64(spec.ascent)));
  d.AddKey("Descent", PdfVariant(pdf_int64(spec.descent)));
  d.AddKey("CapHeight", PdfVariant(pdf_int64(spec.cap_height)));
  d.AddKey("StemV", PdfVariant(pdf_int64(80)));
  d.AddKey("FontFile2", file->Reference());

  PdfObject* cid = objects.CreateObject("Font");
  PdfDictionary& c = cid->GetDictionary();
  c.AddKey("Subtype", PdfName("CIDFontType2"));
  c.AddKey("BaseFont", PdfName(spec.base_font));
  PdfDictionary system_info;
  system_info.AddKey("Registry", PdfString("Adobe"));
  system_info.AddKey("Ordering", PdfString("Identity"));
  system_info.AddKey("Supplement", PdfVariant(pdf_int64(0)));
  c.AddKey("CIDSystemInfo", system_info);
  c.AddKey("FontDescriptor", descriptor->Reference());
  c.AddKey("CIDToGIDMap", PdfName("Identity"));
  PdfArray widths;
  for (int w : spec.widths) widths.push_back(PdfVariant(pdf_int64(w)));
  PdfArray w_array;
  w_array.push_back(PdfVariant(pdf_int64(0)));
  w_array.push_back(widths);
  c.AddKey("W", w_array);

  PdfObject* to_unicode = objects.CreateObject();
  set_compressed(to_unicode, spec.to_unicode);

  PdfObject* font = objects.CreateObject("Font");
  PdfDictionary& f = font->GetDictionary();
  f.AddKey("Subtype", PdfName("Type0"));
  f.AddKey("BaseFont", PdfName(spec.base_font));
  f.AddKey("Encoding", PdfName("Identity-H"));
  PdfArray descendants;
  descendants.push_back(cid->Reference());
  f.AddKey("DescendantFonts", descendants);
  f.AddKey("ToUnicode", to_unicode->Reference());
  return font;
}

// An empty appearance: PDF/A wants one on every visible widget.
PdfObject* empty_appearance(PdfVecObjects& objects, double w, double h) {
  PdfObject* xobject = objects.CreateObject("XObject");
  xobject->GetDictionary().AddKey("Subtype", PdfName("Form"));
  xobject->GetDictionary().AddKey("BBox", rect_array(0, 0, w, h));
  xobject->GetStream()->Set("", 0, TVecFilters());
  return xobject;
}

std::string write(const PdfDocumentSpec& spec) {
  PdfMemDocument doc;
  doc.SetPdfVersion(ePdfVersion_1_7);
  PdfVecObjects& objects = doc.GetObjects();

  PdfDictionary font_resources;
  for (const PdfFontSpec& f : spec.fonts) {
    font_resources.AddKey(PdfName(f.resource_name), font_objects(objects, f)->Reference());
  }
  PdfObject* resources = objects.CreateObject(PdfDictionary());
  resources->GetDictionary().AddKey("Font", font_resources);
  PdfArray procset;
  procset.push_back(PdfName("PDF"));
  procset.push_back(PdfName("Text"));
  resources->GetDictionary().AddKey("ProcSet", procset);

  PdfArray fields;
  for (const PdfPageSpec& p : spec.pages) {
    PdfPage* page = doc.CreatePage(PdfRect(0, 0, kPageWidth, kPageHeight));
    PdfDictionary& page_dict = page->GetObject()->GetDictionary();
    page_dict.AddKey("Resources", resources->Reference());
    set_compressed(page->GetContentsForAppending(), p.content);
    if (p.fields.empty()) continue;
    PdfArray annots;
    for (const PlacedField& field : p.fields) {
      PdfObject* widget = objects.CreateObject("Annot");
      PdfDictionary& w = widget->GetDictionary();
      w.AddKey("Subtype", PdfName("Widget"));
      w.AddKey("FT", PdfName("Sig"));
      w.AddKey("T", PdfString(field.name));
      w.AddKey("F", PdfVariant(pdf_int64(4)));  // print
      w.AddKey("Rect", rect_array(field.x, field.y, field.width, field.height));
      w.AddKey("P", page->GetObject()->Reference());
      PdfDictionary appearance;
      appearance.AddKey("N", empty_appearance(objects, field.width, field.height)->Reference());
      w.AddKey("AP", appearance);
      annots.push_back(widget->Reference());
      fields.push_back(widget->Reference());
    }
    page_dict.AddKey("Annots", annots);
  }

  PdfDictionary& catalog = doc.GetCatalog()->GetDictionary();
  if (!fields.empty()) {
    PdfObject* acroform = objects.CreateObject(PdfDictionary());
    acroform->GetDictionary().AddKey("Fields", fields);
    catalog.AddKey("AcroForm", acroform->Reference());
  }
  PdfObject* metadata = objects.CreateObject("Metadata");
  metadata->GetDictionary().AddKey("Subtype", PdfName("XML"));
  metadata->GetStream()->Set(spec.xmp.data(), pdf_long(spec.xmp.size()), TVecFilters());
  catalog.AddKey("Metadata", metadata->Reference());

  PdfObject* icc = objects.CreateObject();
  set_deflated(icc, spec.icc_profile_deflated);
  icc->GetDictionary().AddKey("N", PdfVariant(pdf_int64(3)));
  PdfDictionary intent;
  intent.AddKey("Type", PdfName("OutputIntent"));
  intent.AddKey("S", PdfName("GTS_PDFA1"));
  intent.AddKey("OutputConditionIdentifier", PdfString(spec.output_condition));
  intent.AddKey("Info", PdfString(spec.output_condition));
  intent.AddKey("DestOutputProfile", icc->Reference());
  PdfArray intents;
  intents.push_back(intent);
  catalog.AddKey("OutputIntents", intents);
  catalog.AddKey("Lang", PdfString(spec.lang));

  PdfDictionary& info = doc.GetInfo()->GetObject()->GetDictionary();
  info.AddKey("Title", utf8(spec.title));
  info.AddKey("Subject", utf8(spec.subject));
  info.AddKey("Keywords", utf8(spec.keywords));
  info.AddKey("Creator", utf8(spec.creator));
  info.AddKey("Producer", utf8(spec.producer));
  info.AddKey("CreationDate", PdfString(spec.pdf_date));
  info.AddKey("ModDate", PdfString(spec.pdf_date));

  PdfRefCountedBuffer buffer;
  PdfOutputDevice device(&buffer);
  doc.Write(&device);
  return std::string(buffer.GetBuffer(), device.GetLength());
}

}  // namespace

std::string write_pdf(const PdfDocumentSpec& spec) {
  quiet_podofo();
  try {
    return write(spec);
  } catch (const PoDoFo::PdfError& e) {
    throw Error(ErrorCode::internal, std::string("PoDoFo: ") + PoDoFo::PdfError::ErrorMessage(e.GetError()));
  }
}

}  // namespace cesp::templates
