// Rendering an audit report for people (text) and for scripts (JSON).
#include <cstdio>
#include <sstream>

#include "cesp/storage/audit.h"

#include "archive_internal.h"

namespace cesp::storage {

std::string AuditReport::to_text() const {
  std::ostringstream out;
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.1f MB in %.2f s", static_cast<double>(bytes_hashed) / 1e6, seconds);
  out << "Audit de l'archive (" << blob_store << ")\n"
      << "  éléments:            " << items << "\n"
      << "  fichiers re-hachés:  " << blobs_checked << " (" << rate << ")\n"
      << "  entrées du journal:  " << journal_entries << " (" << unsealed_entries << " non scellées)\n"
      << "  sceaux:              " << seals << "\n";
  for (const auto& note : notes) out << "  note: " << note << "\n";
  if (findings.empty()) {
    out << "Résultat: intègre, aucune anomalie.\n";
  } else {
    out << "Résultat: " << findings.size() << " anomalie(s):\n";
    for (const auto& f : findings) out << "  [" << f.kind << "] " << f.object << ": " << f.detail << "\n";
  }
  return out.str();
}

std::string AuditReport::to_json() const {
  std::ostringstream out;
  out << "{\"ok\":" << (ok() ? "true" : "false") << ",\"blob_store\":" << json_string(blob_store)
      << ",\"items\":" << items << ",\"blobs_checked\":" << blobs_checked
      << ",\"bytes_hashed\":" << bytes_hashed << ",\"journal_entries\":" << journal_entries
      << ",\"unsealed_entries\":" << unsealed_entries << ",\"seals\":" << seals << ",\"seconds\":" << seconds
      << ",\"findings\":[";
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const auto& f = findings[i];
    out << (i ? "," : "") << "{\"kind\":" << json_string(f.kind) << ",\"object\":" << json_string(f.object)
        << ",\"detail\":" << json_string(f.detail) << "}";
  }
  out << "],\"notes\":[";
  for (std::size_t i = 0; i < notes.size(); ++i) out << (i ? "," : "") << json_string(notes[i]);
  out << "]}";
  return out.str();
}

}  // namespace cesp::storage
