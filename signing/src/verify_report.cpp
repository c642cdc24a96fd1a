// Renderings of a VerificationReport: JSON (machines), text and HTML (people).
#include <sstream>

#include "cesp/core/json_text.h"
#include "cesp/signing/verify.h"

namespace cesp::signing {
namespace {

std::string json_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + json_quote(items[i]);
  return out + "]";
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string french_indication(const std::string& indication) {
  if (indication == "TOTAL_PASSED") return "VALIDE";
  if (indication == "TOTAL_FAILED") return "INVALIDE";
  return "INDÉTERMINÉ";
}

std::string yes_no(bool b) { return b ? "oui" : "non"; }

std::vector<std::pair<std::string, std::string>> rows_of(const SignatureCheck& s) {
  std::vector<std::pair<std::string, std::string>> rows = {
      {"Champ", s.field},
      {"Type", s.kind == "document-timestamp" ? "horodatage du document" : "signature"},
      {"Signataire", s.signer_name.empty() ? s.signer : s.signer_name + " (" + s.signer + ")"},
      {"Heure déclarée (/M)", s.claimed_time.empty() ? "—" : s.claimed_time},
      {"Heure horodatée", s.timestamp_time.empty() ? "—" : s.timestamp_time},
      {"Niveau détecté", s.level.empty() ? "—" : s.level},
      {"Certification (DocMDP)", yes_no(s.certification)},
      {"Intégrité (empreinte)", yes_no(s.digest_ok)},
      {"Signature cryptographique", yes_no(s.signature_ok)},
      {"Couverture", s.coverage + " (" + std::to_string(s.covered_bytes) + " octets)"},
      {"Chaîne de confiance", yes_no(s.chain_trusted)},
      {"Validité du certificat", s.certificate_validity},
      {"Révocation", s.revocation + (s.revocation_source.empty() ? "" : " (" + s.revocation_source + ")")},
  };
  std::string changes;
  for (const auto& c : s.changes_after) changes += (changes.empty() ? "" : "; ") + c;
  rows.emplace_back("Modifications ultérieures", changes.empty() ? "aucune" : changes);
  std::string messages;
  for (const auto& m : s.messages) messages += (messages.empty() ? "" : "; ") + m;
  if (!messages.empty()) rows.emplace_back("Remarques", messages);
  rows.emplace_back("Résultat", s.indication + (s.sub_indication.empty() ? "" : " / " + s.sub_indication));
  return rows;
}

}  // namespace

std::string VerificationReport::to_json() const {
  std::ostringstream out;
  out << "{\"indication\":" << json_quote(indication) << ",\"sub_indication\":" << json_quote(sub_indication)
      << ",\"file_size\":" << file_size << ",\"revisions\":" << revisions << ",\"signatures\":[";
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    const auto& s = signatures[i];
    out << (i ? "," : "") << "{\"field\":" << json_quote(s.field) << ",\"kind\":" << json_quote(s.kind)
        << ",\"sub_filter\":" << json_quote(s.sub_filter) << ",\"signer\":" << json_quote(s.signer)
        << ",\"signer_name\":" << json_quote(s.signer_name)
        << ",\"claimed_time\":" << json_quote(s.claimed_time)
        << ",\"timestamp_time\":" << json_quote(s.timestamp_time) << ",\"level\":" << json_quote(s.level)
        << ",\"certification\":" << (s.certification ? "true" : "false")
        << ",\"digest_ok\":" << (s.digest_ok ? "true" : "false")
        << ",\"signature_ok\":" << (s.signature_ok ? "true" : "false")
        << ",\"chain_trusted\":" << (s.chain_trusted ? "true" : "false")
        << ",\"certificate_validity\":" << json_quote(s.certificate_validity)
        << ",\"revocation\":" << json_quote(s.revocation)
        << ",\"revocation_source\":" << json_quote(s.revocation_source)
        << ",\"coverage\":" << json_quote(s.coverage) << ",\"covered_bytes\":" << s.covered_bytes
        << ",\"changes_after\":" << json_list(s.changes_after)
        << ",\"disallowed_changes\":" << (s.disallowed_changes ? "true" : "false")
        << ",\"indication\":" << json_quote(s.indication)
        << ",\"sub_indication\":" << json_quote(s.sub_indication) << ",\"messages\":" << json_list(s.messages)
        << "}";
  }
  out << "]}";
  return out.str();
}

std::string VerificationReport::to_text() const {
  std::ostringstream out;
  out << "Résultat global: " << french_indication(indication) << " (" << indication
      << (sub_indication.empty() ? "" : " / " + sub_indication) << ")\n";
  out << "Fichier: " << file_size << " octets, " << revisions << " révision(s), " << signatures.size()
      << " signature(s)\n";
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    out << "\nSignature " << i + 1 << "\n";
    for (const auto& [label, value] : rows_of(signatures[i])) out << "  " << label << ": " << value << "\n";
  }
  return out.str();
}

std::string VerificationReport::to_html() const {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Rapport de "
         "vérification</title>"
         "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}"
         "td{border:1px solid #ccc;padding:4px 8px}td:first-child{font-weight:bold;background:#f4f4f4}"
         ".TOTAL_PASSED{color:#060}.TOTAL_FAILED{color:#a00}.INDETERMINATE{color:#a60}</style></"
         "head><body>\n";
  out << "<h1>Rapport de vérification des signatures</h1>\n<p class=\"" << html_escape(indication)
      << "\"><strong>Résultat global : " << french_indication(indication) << "</strong> ("
      << html_escape(indication) << (sub_indication.empty() ? "" : " / " + html_escape(sub_indication))
      << ")</p>\n<p>" << file_size << " octets, " << revisions
      << " révision(s). Indications selon EN 319 102-1.</p>\n";
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    out << "<h2>Signature " << i + 1 << "</h2>\n<table>\n";
    for (const auto& [label, value] : rows_of(signatures[i])) {
      out << "<tr><td>" << html_escape(label) << "</td><td>" << html_escape(value) << "</td></tr>\n";
    }
    out << "</table>\n";
  }
  out << "</body></html>\n";
  return out.str();
}

}  // namespace cesp::signing
