#include "pdf_signatures.h"

#include <podofo/podofo.h>

#include <algorithm>
#include <ctime>
#include <functional>

namespace cesp::signing::detail {
namespace {

using namespace PoDoFo;

PdfObject* resolve(PdfMemDocument& doc, PdfObject* object) {
  int depth = 0;
  while (object && object->IsReference() && depth++ < 8)
    object = doc.GetObjects().GetObject(object->GetReference());
  return object;
}

std::string string_of(PdfObject* object) {
  return object && object->IsString() ? object->GetString().GetStringUtf8() : std::string();
}

int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void read_contents(const Bytes& pdf, RawSignature& sig) {
  if (sig.byte_range.size() != 4) return;
  long long gap_start = sig.byte_range[1], gap_end = sig.byte_range[2];
  if (gap_start <= 0 || gap_end <= gap_start + 1 || gap_end > static_cast<long long>(pdf.size())) return;
  if (pdf[static_cast<std::size_t>(gap_start)] != '<' || pdf[static_cast<std::size_t>(gap_end - 1)] != '>')
    return;
  Bytes binary;
  binary.reserve(static_cast<std::size_t>(gap_end - gap_start) / 2);
  int high = -1;
  for (long long i = gap_start + 1; i < gap_end - 1; ++i) {
    int v = hex_value(pdf[static_cast<std::size_t>(i)]);
    if (v < 0) {
      if (std::isspace(pdf[static_cast<std::size_t>(i)])) continue;
      return;
    }
    if (high < 0) {
      high = v;
    } else {
      binary.push_back(static_cast<unsigned char>(high * 16 + v));
      high = -1;
    }
  }
  std::size_t len = der_length(binary.data(), binary.size());
  if (len == 0) return;
  sig.padding_clean = std::all_of(binary.begin() + static_cast<long>(len), binary.end(),
                                  [](unsigned char c) { return c == 0; });
  binary.resize(len);
  sig.contents = std::move(binary);
  sig.contents_well_formed = true;
}

}  // namespace

std::size_t der_length(const unsigned char* data, std::size_t size) {
  if (size < 2 || data[0] != 0x30) return 0;
  std::size_t len = data[1];
  std::size_t header = 2;
  if (len & 0x80) {
    std::size_t n = len & 0x7f;
    if (n == 0 || n > 4 || size < 2 + n) return 0;
    len = 0;
    for (std::size_t i = 0; i < n; ++i) len = (len << 8) | data[2 + i];
    header += n;
  }
  return header + len <= size ? header + len : 0;
}

std::string iso_from_pdf_date(const std::string& text) {
  std::string s = text.rfind("D:", 0) == 0 ? text.substr(2) : text;
  if (s.size() < 14 || !std::all_of(s.begin(), s.begin() + 14, ::isdigit)) return {};
  std::tm tm{};
  tm.tm_year = std::stoi(s.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(s.substr(4, 2)) - 1;
  tm.tm_mday = std::stoi(s.substr(6, 2));
  tm.tm_hour = std::stoi(s.substr(8, 2));
  tm.tm_min = std::stoi(s.substr(10, 2));
  tm.tm_sec = std::stoi(s.substr(12, 2));
  long long epoch = static_cast<long long>(timegm(&tm));
  if (s.size() >= 17 && (s[14] == '+' || s[14] == '-')) {
    int hours = std::isdigit(s[15]) && std::isdigit(s[16]) ? std::stoi(s.substr(15, 2)) : 0;
    int minutes =
        s.size() >= 20 && std::isdigit(s[18]) && std::isdigit(s[19]) ? std::stoi(s.substr(18, 2)) : 0;
    long long offset = hours * 3600LL + minutes * 60LL;
    epoch += s[14] == '+' ? -offset : offset;
  }
  return iso_time_from_epoch(epoch);
}

std::vector<RawSignature> read_signatures(const Bytes& pdf) {
  std::vector<RawSignature> result;
  try {
    PdfError::EnableLogging(false);
    PdfMemDocument doc;
    doc.LoadFromBuffer(reinterpret_cast<const char*>(pdf.data()), static_cast<long>(pdf.size()));
    PdfObject* form = resolve(doc, doc.GetCatalog()->GetDictionary().GetKey("AcroForm"));
    if (!form || !form->IsDictionary()) return result;
    std::function<void(PdfObject*, int)> walk = [&](PdfObject* fields, int depth) {
      fields = resolve(doc, fields);
      if (!fields || !fields->IsArray() || depth > 16) return;
      for (auto& item : fields->GetArray()) {
        PdfObject* field = resolve(doc, &item);
        if (!field || !field->IsDictionary()) continue;
        PdfDictionary& fd = field->GetDictionary();
        if (fd.HasKey("Kids")) walk(fd.GetKey("Kids"), depth + 1);
        PdfObject* value = resolve(doc, fd.GetKey("V"));
        if (!value || !value->IsDictionary() || !value->GetDictionary().HasKey("ByteRange")) continue;
        PdfDictionary& vd = value->GetDictionary();
        RawSignature sig;
        sig.field_name = string_of(fd.GetKey("T"));
        PdfObject* type = vd.GetKey("Type");
        sig.type = type && type->IsName() ? type->GetName().GetName() : "Sig";
        PdfObject* filter = vd.GetKey("Filter");
        PdfObject* sub = vd.GetKey("SubFilter");
        if (filter && filter->IsName()) sig.filter = filter->GetName().GetName();
        if (sub && sub->IsName()) sig.sub_filter = sub->GetName().GetName();
        PdfObject* m = vd.GetKey("M");
        if (m && m->IsString()) sig.claimed_time = iso_from_pdf_date(m->GetString().GetString());
        sig.reason = string_of(vd.GetKey("Reason"));
        sig.location = string_of(vd.GetKey("Location"));
        sig.name = string_of(vd.GetKey("Name"));
        PdfObject* range = resolve(doc, vd.GetKey("ByteRange"));
        if (range && range->IsArray()) {
          for (auto& n : range->GetArray()) sig.byte_range.push_back(n.IsNumber() ? n.GetNumber() : -1);
        }
        PdfObject* refs = resolve(doc, vd.GetKey("Reference"));
        if (refs && refs->IsArray()) {
          for (auto& r : refs->GetArray()) {
            PdfObject* ref = resolve(doc, &r);
            if (!ref || !ref->IsDictionary()) continue;
            PdfObject* method = ref->GetDictionary().GetKey("TransformMethod");
            if (method && method->IsName() && method->GetName() == PdfName("DocMDP")) {
              sig.certification = true;
              PdfObject* params = resolve(doc, ref->GetDictionary().GetKey("TransformParams"));
              sig.docmdp_permission = params && params->IsDictionary()
                                          ? static_cast<int>(params->GetIndirectKeyAsLong("P", 2))
                                          : 2;
            }
          }
        }
        read_contents(pdf, sig);
        result.push_back(std::move(sig));
      }
    };
    walk(form->GetDictionary().GetKey("Fields"), 0);
  } catch (const PdfError& e) {
    const char* text = PdfError::ErrorMessage(e.GetError());
    throw Error(ErrorCode::pdf_unsupported,
                std::string("cannot parse PDF: ") + (text ? text : "PoDoFo error"));
  }
  std::sort(result.begin(), result.end(), [](const RawSignature& a, const RawSignature& b) {
    long long ea = a.byte_range.size() == 4 ? a.byte_range[2] + a.byte_range[3] : 0;
    long long eb = b.byte_range.size() == 4 ? b.byte_range[2] + b.byte_range[3] : 0;
    return ea < eb;
  });
  return result;
}

}  // namespace cesp::signing::detail
