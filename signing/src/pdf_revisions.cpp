#include "pdf_revisions.h"

#include <podofo/podofo.h>

#include <algorithm>
#include <set>

namespace cesp::signing::detail {
namespace {

using namespace PoDoFo;

PdfObject* resolve(PdfMemDocument& doc, PdfObject* object) {
  int depth = 0;
  while (object && object->IsReference() && depth++ < 8)
    object = doc.GetObjects().GetObject(object->GetReference());
  return object;
}

void load(PdfMemDocument& doc, const Bytes& pdf, std::size_t size) {
  PdfError::EnableLogging(false);
  doc.LoadFromBuffer(reinterpret_cast<const char*>(pdf.data()), static_cast<long>(size));
}

Bytes stream_data(const PdfObject* object) {
  if (!object || !object->HasStream()) return {};
  char* buffer = nullptr;
  pdf_long len = 0;
  object->GetStream()->GetFilteredCopy(&buffer, &len);
  Bytes out(reinterpret_cast<unsigned char*>(buffer), reinterpret_cast<unsigned char*>(buffer) + len);
  podofo_free(buffer);
  return out;
}

std::string serialized(const PdfObject* object) {
  std::string text;
  object->ToString(text, ePdfWriteMode_Compact);
  return text;
}

// The dictionary serialised without some keys (for "only these keys changed").
std::string without_keys(const PdfObject* object, const std::set<std::string>& keys) {
  if (!object->IsDictionary()) return serialized(object);
  PdfObject copy(*object);
  for (const auto& key : keys) copy.GetDictionary().RemoveKey(key);
  return serialized(&copy);
}

std::string name_of(const PdfObject* object, const char* key) {
  if (!object->IsDictionary()) return {};
  const PdfObject* value = object->GetDictionary().GetKey(key);
  return value && value->IsName() ? value->GetName().GetName() : std::string();
}

std::string describe(const PdfReference& ref) {
  return "object " + std::to_string(ref.ObjectNumber()) + " " + std::to_string(ref.GenerationNumber());
}

bool is_signature_widget(const PdfObject* object) {
  return name_of(object, "FT") == "Sig" ||
         (name_of(object, "Subtype") == "Widget" && object->GetDictionary().HasKey("Parent"));
}

}  // namespace

DssContents read_dss(const Bytes& pdf) {
  DssContents dss;
  try {
    PdfMemDocument doc;
    load(doc, pdf, pdf.size());
    PdfObject* node = resolve(doc, doc.GetCatalog()->GetDictionary().GetKey("DSS"));
    if (!node || !node->IsDictionary()) return dss;
    dss.present = true;
    auto collect = [&](const char* key, std::vector<Bytes>& out) {
      PdfObject* array = resolve(doc, node->GetDictionary().GetKey(key));
      if (!array || !array->IsArray()) return;
      for (auto& item : array->GetArray()) {
        PdfObject* stream = resolve(doc, &item);
        if (stream && stream->HasStream() && out.size() < 1000) out.push_back(stream_data(stream));
      }
    };
    collect("Certs", dss.certs);
    collect("OCSPs", dss.ocsps);
    collect("CRLs", dss.crls);
  } catch (const PdfError&) {
  }
  return dss;
}

std::vector<std::size_t> revision_ends(const Bytes& pdf) {
  std::vector<std::size_t> ends;
  const std::string marker = "%%EOF";
  auto it = pdf.begin();
  while ((it = std::search(it, pdf.end(), marker.begin(), marker.end())) != pdf.end()) {
    std::size_t end = static_cast<std::size_t>(it - pdf.begin()) + marker.size();
    if (end < pdf.size() && pdf[end] == '\r') ++end;
    if (end < pdf.size() && pdf[end] == '\n') ++end;
    ends.push_back(end);
    it += static_cast<long>(marker.size());
  }
  return ends;
}

ChangeAnalysis analyze_changes(const Bytes& pdf, std::size_t signed_end) {
  ChangeAnalysis result;
  if (signed_end >= pdf.size()) return result;
  try {
    PdfMemDocument before, after;
    load(before, pdf, signed_end);
    load(after, pdf, pdf.size());
    const PdfReference catalog_ref = after.GetCatalog()->Reference();
    PdfObject* old_form = resolve(before, before.GetCatalog()->GetDictionary().GetKey("AcroForm"));
    PdfObject* new_form = resolve(after, after.GetCatalog()->GetDictionary().GetKey("AcroForm"));
    std::set<PdfReference> page_refs;
    for (int i = 0; i < after.GetPageCount(); ++i)
      page_refs.insert(after.GetPage(i)->GetObject()->Reference());
    bool saw_dss = false, saw_signature = false, saw_timestamp = false;

    for (PdfObject* object : after.GetObjects()) {
      const PdfReference ref = object->Reference();
      PdfObject* old = before.GetObjects().GetObject(ref);
      if (old && serialized(old) == serialized(object) && stream_data(old) == stream_data(object)) continue;
      const std::string type = name_of(object, "Type");
      if (!old) {
        // New objects are harmless unless something old now points to them,
        // which the modified-object rules below catch.
        if (type == "Sig") saw_signature = true;
        if (type == "DocTimeStamp") saw_timestamp = true;
        continue;
      }
      if (ref == catalog_ref) {
        if (without_keys(old, {"DSS", "AcroForm", "Perms"}) ==
            without_keys(object, {"DSS", "AcroForm", "Perms"})) {
          const PdfObject* dss = object->GetDictionary().GetKey("DSS");
          if (dss && (!old->GetDictionary().HasKey("DSS") ||
                      serialized(dss) != serialized(old->GetDictionary().GetKey("DSS")))) {
            saw_dss = true;
          }
          continue;
        }
        result.changes.push_back("catalog modified beyond /DSS, /AcroForm, /Perms (" + describe(ref) + ")");
        result.disallowed = true;
        continue;
      }
      if ((new_form && ref == new_form->Reference()) || (old_form && ref == old_form->Reference())) {
        if (without_keys(old, {"Fields", "SigFlags", "DA", "DR"}) !=
            without_keys(object, {"Fields", "SigFlags", "DA", "DR"})) {
          result.changes.push_back("AcroForm modified (" + describe(ref) + ")");
          result.disallowed = true;
        }
        continue;
      }
      if (page_refs.count(ref)) {
        if (without_keys(old, {"Annots"}) != without_keys(object, {"Annots"})) {
          result.changes.push_back("page modified: contents or resources (" + describe(ref) + ")");
          result.disallowed = true;
        }
        continue;
      }
      if (type == "DSS" || (object->IsDictionary() && object->GetDictionary().HasKey("VRI"))) {
        saw_dss = true;
        continue;
      }
      if (is_signature_widget(object) && is_signature_widget(old) && !old->GetDictionary().HasKey("V")) {
        saw_signature = true;  // an empty signature field now filled
        continue;
      }
      if (object->IsArray() && old->IsArray()) {
        // An indirect /Annots or /Fields array may only grow.
        const auto& a = old->GetArray();
        const auto& b = object->GetArray();
        bool grows = b.size() >= a.size() &&
                     std::equal(a.begin(), a.end(), b.begin(), [](const PdfObject& x, const PdfObject& y) {
                       return serialized(&x) == serialized(&y);
                     });
        if (grows) continue;
      }
      result.changes.push_back("object rewritten (" + describe(ref) +
                               (type.empty() ? "" : ", /Type /" + type) + ")");
      result.disallowed = true;
    }
    // Dropped objects also count.
    for (PdfObject* object : before.GetObjects()) {
      if (!after.GetObjects().GetObject(object->Reference())) {
        result.changes.push_back("object removed (" + describe(object->Reference()) + ")");
        result.disallowed = true;
      }
    }
    if (saw_signature) result.changes.insert(result.changes.begin(), "later signature(s)");
    if (saw_timestamp) result.changes.insert(result.changes.begin(), "document timestamp");
    if (saw_dss) result.changes.insert(result.changes.begin(), "DSS (validation data)");
  } catch (const PdfError& e) {
    const char* text = PdfError::ErrorMessage(e.GetError());
    result.changes.push_back(std::string("later revision unparsable: ") + (text ? text : "PoDoFo error"));
    result.disallowed = true;
  }
  return result;
}

}  // namespace cesp::signing::detail
