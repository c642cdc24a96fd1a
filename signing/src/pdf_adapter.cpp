#include "pdf_adapter.h"

#include <podofo/podofo.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <functional>
#include <map>
#include <set>

#include "cesp/core/error.h"
#include "cesp/signing/bench.h"

#include "openssl_util.h"

namespace cesp::signing::detail {
namespace {

using namespace PoDoFo;

// A placeholder PoDoFo writes verbatim; we patch it in place afterwards.
constexpr const char kByteRangePlaceholder[] = "[0 ********** ********** **********]";

std::string message_of(const PdfError& e) {
  const char* text = PdfError::ErrorMessage(e.GetError());
  std::string message = text ? text : "PoDoFo error";
  if (!e.GetCallstack().empty() && !e.GetCallstack().front().GetInformation().empty()) {
    message += ": " + e.GetCallstack().front().GetInformation();
  }
  return message;
}

struct QuietPodofo {
  QuietPodofo() {
    PdfError::EnableLogging(false);
    PdfError::EnableDebug(false);
  }
};

void load(PdfMemDocument& doc, const Bytes& pdf, bool for_update) {
  static QuietPodofo quiet;
  doc.LoadFromBuffer(reinterpret_cast<const char*>(pdf.data()), static_cast<long>(pdf.size()), for_update);
  if (doc.GetEncrypted()) throw Error(ErrorCode::pdf_unsupported, "encrypted PDF");
}

// expected_size avoids the buffer's repeated doubling (and page faults) while writing.
Bytes write_update(PdfMemDocument& doc, std::size_t expected_size = 0) {
  PdfRefCountedBuffer buffer(expected_size);
  PdfOutputDevice device(&buffer);
  doc.WriteUpdate(&device, true);
  const auto* data = reinterpret_cast<const unsigned char*>(buffer.GetBuffer());
  return Bytes(data, data + device.GetLength());
}

PdfObject* resolve(PdfMemDocument& doc, PdfObject* object) {
  int depth = 0;
  while (object && object->IsReference() && depth++ < 8)
    object = doc.GetObjects().GetObject(object->GetReference());
  return object;
}

// Visits every field of the AcroForm tree (terminal fields and their parents).
void for_each_field(PdfMemDocument& doc, PdfObject* fields, const std::function<bool(PdfObject*)>& visit,
                    int depth = 0) {
  fields = resolve(doc, fields);
  if (!fields || !fields->IsArray() || depth > 16) return;
  for (auto& item : fields->GetArray()) {
    PdfObject* field = resolve(doc, &item);
    if (!field || !field->IsDictionary()) continue;
    if (!visit(field)) return;
    if (field->GetDictionary().HasKey("Kids"))
      for_each_field(doc, field->GetDictionary().GetKey("Kids"), visit, depth + 1);
  }
}

std::string field_name_of(PdfObject* field) {
  PdfObject* t = field->GetDictionary().GetKey("T");
  return t && t->IsString() ? t->GetString().GetStringUtf8() : std::string();
}

bool is_signature_field(PdfMemDocument& doc, PdfObject* field) {
  for (int depth = 0; field && depth < 16; ++depth) {
    PdfObject* ft = field->GetDictionary().GetKey("FT");
    if (ft) return ft->IsName() && ft->GetName() == PdfName("Sig");
    field = resolve(doc, field->GetDictionary().GetKey("Parent"));
  }
  return false;
}

PdfObject* fields_array(PdfMemDocument& doc, PdfObject* form) {
  PdfDictionary& dict = form->GetDictionary();
  if (!dict.HasKey("Fields")) dict.AddKey("Fields", PdfArray());
  return resolve(doc, dict.GetKey("Fields"));
}

std::string pdf_date(long long epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "D:%Y%m%d%H%M%S+00'00'", &tm);
  return buf;
}

PdfString text(const std::string& utf8) { return PdfString(reinterpret_cast<const pdf_utf8*>(utf8.c_str())); }

void draw_appearance(PdfMemDocument& doc, PdfAnnotation& widget, const VisibleBox& box,
                     const std::vector<std::string>& lines) {
  PdfXObject xobject(PdfRect(0, 0, box.width, box.height), &doc);
  PdfPainter painter;
  painter.SetPage(&xobject);
  PdfFont* font = doc.CreateFont("Helvetica", false, PdfEncodingFactory::GlobalWinAnsiEncodingInstance(),
                                 PdfFontCache::eFontCreationFlags_AutoSelectBase14, false);
  double size = std::clamp(box.height / (static_cast<double>(lines.size()) + 1.5), 5.0, 10.0);
  if (font) {
    font->SetFontSize(static_cast<float>(size));
    painter.SetFont(font);
  }
  painter.SetStrokingColor(0.2, 0.2, 0.5);
  painter.Rectangle(0.5, 0.5, box.width - 1, box.height - 1);
  painter.Stroke();
  double y = box.height - size * 1.3;
  for (const auto& line : lines) {
    if (y < 1) break;
    painter.DrawText(size * 0.4, y, text(line));
    y -= size * 1.25;
  }
  painter.FinishPage();
  widget.SetAppearanceStream(&xobject);
}

std::size_t find_unique(const Bytes& data, std::size_t from, const std::string& needle) {
  auto it = std::search(data.begin() + static_cast<long>(from), data.end(), needle.begin(), needle.end());
  if (it == data.end()) throw Error(ErrorCode::internal, "placeholder not found in the written revision");
  return static_cast<std::size_t>(it - data.begin());
}

}  // namespace

// Runs f, turning PoDoFo's PdfError (not a std::exception) into cesp::Error.
template <class F>
auto guarded(const char* what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const PdfError& e) {
    throw Error(ErrorCode::pdf_unsupported, std::string(what) + ": " + message_of(e));
  }
}

PdfFacts inspect_pdf(const Bytes& pdf) {
  PdfFacts facts;
  // One pass over the names: classic files keep every signature dictionary in
  // clear text, so no parse is needed (signing parses the file anyway and
  // rejects what PoDoFo cannot read).
  const unsigned char* at = pdf.data();
  const unsigned char* end = pdf.data() + pdf.size();
  auto is = [&](const unsigned char* p, std::string_view name) {
    return static_cast<std::size_t>(end - p) >= name.size() && std::memcmp(p, name.data(), name.size()) == 0;
  };
  while ((at = static_cast<const unsigned char*>(std::memchr(at, '/', static_cast<std::size_t>(end - at))))) {
    if (is(at, "/XRef") || is(at, "/ObjStm")) facts.uses_streams = true;
    if (is(at, "/ByteRange")) ++facts.signature_count;
    if (is(at, "/Encrypt")) facts.encrypted = true;
    ++at;
  }
  if (!facts.uses_streams) return facts;
  facts.signature_count = 0;
  return guarded("PDF", [&] {
    PdfMemDocument doc;
    load(doc, pdf, false);
    facts.page_count = doc.GetPageCount();
    for (auto* object : doc.GetObjects()) {
      if (object->IsDictionary() && object->GetDictionary().HasKey("ByteRange") &&
          object->GetDictionary().HasKey("Contents")) {
        ++facts.signature_count;
      }
    }
    return facts;
  });
}

Bytes normalize_pdf(const Bytes& pdf) {
  return guarded("normalisation", [&] {
    PdfMemDocument doc;
    load(doc, pdf, false);
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    doc.SetWriteMode(ePdfWriteMode_Compact);
    doc.Write(&device);
    const auto* data = reinterpret_cast<const unsigned char*>(buffer.GetBuffer());
    return Bytes(data, data + device.GetLength());
  });
}

PreparedRevision prepare_signature_revision(const Bytes& pdf, const SignatureSlot& slot) {
  PreparedRevision result;
  Bytes written = guarded("signature revision", [&] {
    PdfMemDocument doc;
    load(doc, pdf, true);
    if (doc.GetPageCount() < 1) throw Error(ErrorCode::pdf_unsupported, "PDF without pages");
    PdfAcroForm* acro = doc.GetAcroForm(true, ePdfAcroFormDefaultAppearance_None);
    PdfObject* form = acro->GetObject();
    form->GetDictionary().AddKey("SigFlags", PdfObject(static_cast<pdf_int64>(3)));

    // Find the named field, or choose a fresh name.
    PdfObject* field = nullptr;
    std::vector<std::string> names;
    for_each_field(doc, form->GetDictionary().GetKey("Fields"), [&](PdfObject* f) {
      names.push_back(field_name_of(f));
      if (!slot.field_name.empty() && names.back() == slot.field_name) field = f;
      return true;
    });
    std::string name = slot.field_name;
    if (name.empty()) {
      const std::string stem = slot.document_timestamp ? "DocumentTimestamp" : "Signature";
      for (int n = 1; name.empty(); ++n) {
        std::string candidate = stem + std::to_string(n);
        if (std::find(names.begin(), names.end(), candidate) == names.end()) name = candidate;
      }
    }
    if (field) {
      if (!is_signature_field(doc, field)) {
        throw Error(ErrorCode::signature_field_invalid, "field '" + name + "' is not a signature field");
      }
      if (field->GetDictionary().HasKey("V")) {
        throw Error(ErrorCode::signature_field_invalid, "field '" + name + "' is already signed");
      }
    } else {
      int page_index = slot.visible ? slot.visible->page - 1 : 0;
      if (page_index < 0 || page_index >= doc.GetPageCount()) {
        throw Error(ErrorCode::invalid_argument,
                    "page " + std::to_string(page_index + 1) + " does not exist");
      }
      PdfPage* page = doc.GetPage(page_index);
      PdfRect rect =
          slot.visible ? PdfRect(slot.visible->x, slot.visible->y, slot.visible->width, slot.visible->height)
                       : PdfRect(0, 0, 0, 0);
      PdfAnnotation* widget = page->CreateAnnotation(ePdfAnnotation_Widget, rect);
      widget->SetFlags(slot.visible ? 4u | 128u : 2u | 128u);  // print|locked, or hidden|locked
      field = widget->GetObject();
      field->GetDictionary().AddKey("FT", PdfName("Sig"));
      field->GetDictionary().AddKey("T", text(name));
      field->GetDictionary().AddKey("P", page->GetObject()->Reference());
      fields_array(doc, form)->GetArray().push_back(field->Reference());
      if (slot.visible && slot.visible->width > 0 && slot.visible->height > 0) {
        draw_appearance(doc, *widget, *slot.visible, slot.appearance_lines);
      }
    }

    PdfObject* sig = doc.GetObjects().CreateObject(slot.document_timestamp ? "DocTimeStamp" : "Sig");
    PdfDictionary& dict = sig->GetDictionary();
    dict.AddKey("Filter", PdfName("Adobe.PPKLite"));
    dict.AddKey("SubFilter", PdfName(slot.document_timestamp ? "ETSI.RFC3161" : "ETSI.CAdES.detached"));
    if (!slot.document_timestamp) {
      dict.AddKey("M", PdfString(pdf_date(slot.signing_time)));
      if (!slot.signer_name.empty()) dict.AddKey("Name", text(slot.signer_name));
      if (!slot.reason.empty()) dict.AddKey("Reason", text(slot.reason));
      if (!slot.location.empty()) dict.AddKey("Location", text(slot.location));
    }
    dict.AddKey("ByteRange", PdfVariant(PdfData(kByteRangePlaceholder)));
    dict.AddKey("Contents",
                PdfVariant(PdfData(("<" + std::string(slot.reserve_bytes * 2, '0') + ">").c_str())));
    if (slot.certify) {
      PdfDictionary params;
      params.AddKey("Type", PdfName("TransformParams"));
      params.AddKey("P", PdfObject(static_cast<pdf_int64>(2)));
      params.AddKey("V", PdfName("1.2"));
      PdfDictionary reference;
      reference.AddKey("Type", PdfName("SigRef"));
      reference.AddKey("TransformMethod", PdfName("DocMDP"));
      reference.AddKey("TransformParams", params);
      PdfArray references;
      references.push_back(reference);
      dict.AddKey("Reference", references);
      PdfDictionary perms;
      perms.AddKey("DocMDP", sig->Reference());
      doc.GetCatalog()->GetDictionary().AddKey("Perms", perms);
    }
    field->GetDictionary().AddKey("V", sig->Reference());
    result.field_name = name;
    return write_update(doc, pdf.size() + slot.reserve_bytes * 2 + 64 * 1024);
  });

  if (written.size() < pdf.size() || !std::equal(pdf.begin(), pdf.end(), written.begin())) {
    throw Error(ErrorCode::internal, "the incremental update changed earlier bytes");
  }
  std::size_t range_at = find_unique(written, pdf.size(), kByteRangePlaceholder);
  std::size_t contents_at =
      find_unique(written, pdf.size(), "<" + std::string(slot.reserve_bytes * 2, '0') + ">");
  result.contents_hex_offset = contents_at + 1;
  result.contents_hex_length = slot.reserve_bytes * 2;
  std::size_t after = contents_at + result.contents_hex_length + 2;
  result.byte_range = {0, contents_at, after, written.size() - after};
  std::string range = "[0 " + std::to_string(contents_at) + " " + std::to_string(after) + " " +
                      std::to_string(written.size() - after);
  std::size_t width = sizeof(kByteRangePlaceholder) - 1;
  if (range.size() + 1 > width)
    throw Error(ErrorCode::too_large, "file too large for the ByteRange placeholder");
  range += std::string(width - range.size() - 1, ' ') + "]";
  std::memcpy(written.data() + range_at, range.data(), width);
  result.pdf = std::move(written);
  return result;
}

std::array<unsigned char, 32> byte_range_digest(const PreparedRevision& revision) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  const auto& r = revision.byte_range;
  EVP_DigestUpdate(ctx.get(), revision.pdf.data() + r[0], r[1]);
  EVP_DigestUpdate(ctx.get(), revision.pdf.data() + r[2], r[3]);
  std::array<unsigned char, 32> digest{};
  EVP_DigestFinal_ex(ctx.get(), digest.data(), nullptr);
  return digest;
}

void embed_contents(PreparedRevision& revision, const Bytes& contents) {
  if (contents.size() * 2 > revision.contents_hex_length) {
    throw Error(ErrorCode::signature_too_large, std::to_string(contents.size()) + " bytes for " +
                                                    std::to_string(revision.contents_hex_length / 2) +
                                                    " reserved");
  }
  std::string hex = hex_upper(contents.data(), contents.size());
  std::memcpy(revision.pdf.data() + revision.contents_hex_offset, hex.data(), hex.size());
}

Bytes append_dss_revision(const Bytes& pdf, const std::vector<DssEntry>& entries) {
  return guarded("DSS revision", [&] {
    PdfMemDocument doc;
    load(doc, pdf, true);
    PdfObject* catalog = doc.GetCatalog();
    PdfObject* dss = resolve(doc, catalog->GetDictionary().GetKey("DSS"));
    if (!dss || !dss->IsDictionary()) {
      dss = doc.GetObjects().CreateObject("DSS");
      dss->GetDictionary().RemoveKey("Type");
      catalog->GetDictionary().AddKey("DSS", dss->Reference());
    }
    auto array_of = [&](PdfDictionary& dict, const char* key) -> PdfArray& {
      if (!dict.HasKey(key)) dict.AddKey(key, PdfArray());
      PdfObject* value = resolve(doc, dict.GetKey(key));
      if (!value->IsArray()) {
        dict.AddKey(key, PdfArray());
        value = dict.GetKey(key);
      }
      return value->GetArray();
    };
    std::map<Bytes, PdfReference> stored;  // one stream per distinct item
    auto stream_for = [&](const Bytes& data) {
      auto it = stored.find(data);
      if (it != stored.end()) return it->second;
      PdfObject* stream = doc.GetObjects().CreateObject();
      stream->GetStream()->Set(reinterpret_cast<const char*>(data.data()),
                               static_cast<pdf_long>(data.size()));
      stored.emplace(data, stream->Reference());
      return stream->Reference();
    };
    PdfDictionary& d = dss->GetDictionary();
    if (!d.HasKey("VRI")) d.AddKey("VRI", PdfDictionary());
    PdfObject* vri = resolve(doc, d.GetKey("VRI"));
    for (const auto& entry : entries) {
      PdfDictionary item;
      PdfArray certs, ocsps, crls;
      for (const auto& c : entry.certs) certs.push_back(stream_for(c));
      for (const auto& o : entry.ocsps) ocsps.push_back(stream_for(o));
      for (const auto& c : entry.crls) crls.push_back(stream_for(c));
      // PdfObject's operator== does not tell references apart: compare numbers.
      auto append = [&](const char* key, const PdfArray& refs) {
        PdfArray& all = array_of(d, key);
        std::set<std::pair<unsigned, unsigned>> present;
        for (const auto& item : all) {
          if (item.IsReference())
            present.emplace(item.GetReference().ObjectNumber(), item.GetReference().GenerationNumber());
        }
        for (const auto& ref : refs) {
          auto id = std::make_pair(ref.GetReference().ObjectNumber(), ref.GetReference().GenerationNumber());
          if (present.insert(id).second) all.push_back(ref);
        }
      };
      append("Certs", certs);
      append("OCSPs", ocsps);
      append("CRLs", crls);
      if (!certs.empty()) item.AddKey("Cert", certs);
      if (!ocsps.empty()) item.AddKey("OCSP", ocsps);
      if (!crls.empty()) item.AddKey("CRL", crls);
      vri->GetDictionary().AddKey(PdfName(entry.vri_key), item);
    }
    return write_update(doc);
  });
}

}  // namespace cesp::signing::detail

namespace cesp::signing {

std::vector<unsigned char> make_sample_contract_pdf(std::size_t target_bytes) {
  using namespace PoDoFo;
  return detail::guarded("sample PDF", [&] {
    PdfMemDocument doc;
    PdfFont* font = doc.CreateFont("Helvetica", false, PdfEncodingFactory::GlobalWinAnsiEncodingInstance(),
                                   PdfFontCache::eFontCreationFlags_AutoSelectBase14, false);
    font->SetFontSize(9);
    const int pages = 6;
    // An incompressible grey "scan" (an annexed piece) brings the file to the target size.
    std::size_t side = 64;
    while ((side + 16) * (side + 16) + pages * 2500 < target_bytes) side += 16;
    std::vector<char> pixels(side * side);
    unsigned state = 12345;
    for (auto& p : pixels) {
      state = state * 1103515245u + 12345u;
      p = static_cast<char>(state >> 24);
    }
    PdfImage image(&doc);
    image.SetImageColorSpace(ePdfColorSpace_DeviceGray);
    PdfMemoryInputStream stream(pixels.data(), static_cast<pdf_long>(pixels.size()));
    TVecFilters no_filters;
    image.SetImageData(static_cast<unsigned>(side), static_cast<unsigned>(side), 8, &stream, no_filters);
    for (int p = 0; p < pages; ++p) {
      PdfPage* page = doc.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
      PdfPainter painter;
      painter.SetPage(page);
      painter.SetFont(font);
      painter.DrawText(56, 800,
                       PdfString("CONTRAT D'ENGAGEMENT DE SERVICE PUBLIC - page " + std::to_string(p + 1)));
      for (int line = 0; line < 60; ++line) {
        painter.DrawText(
            56, 780 - line * 11.5,
            PdfString("Article " + std::to_string(p * 60 + line + 1) +
                      " - L'etudiant s'engage a exercer a titre liberal ou salarie dans une zone."));
      }
      if (p == pages - 1) painter.DrawImage(56, 60, &image, 0.5, 0.5);
      painter.FinishPage();
    }
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    doc.Write(&device);
    const auto* data = reinterpret_cast<const unsigned char*>(buffer.GetBuffer());
    return std::vector<unsigned char>(data, data + device.GetLength());
  });
}

}  // namespace cesp::signing
