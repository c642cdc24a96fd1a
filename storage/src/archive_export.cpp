// Writing an evidence package (layout in cesp/storage/archive_export.h).
#include "cesp/storage/archive_export.h"

#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"

#include "archive_internal.h"
#include "zip_io.h"

namespace cesp::storage {
namespace {

std::string q(const std::string& s) { return json_string(s); }

std::string document_path(const Item& item) {
  std::string name = "documents/" + std::to_string(item.id) + "-" + std::string(to_string(item.kind));
  if (!item.stage.empty()) {
    std::string stage;
    for (char c : item.stage) stage += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '-';
    name += "-" + stage;
  }
  return name + (item.media_type == "application/pdf" ? ".pdf" : ".bin");
}

std::string item_json(const Item& i, const std::string& path) {
  std::ostringstream o;
  o << "{\"id\":" << i.id << ",\"beneficiary\":" << q(i.beneficiary)
    << ",\"kind\":" << q(std::string(to_string(i.kind))) << ",\"stage\":" << q(i.stage)
    << ",\"label\":" << q(i.label) << ",\"media_type\":" << q(i.media_type)
    << ",\"document_date\":" << q(i.document_date) << ",\"details\":" << q(i.details_json)
    << ",\"sha256\":" << q(i.sha256) << ",\"size\":" << i.size << ",\"archived_at\":" << q(i.archived_at)
    << ",\"retain_until\":" << q(i.retain_until) << ",\"actor\":" << q(i.actor)
    << ",\"actor_role\":" << q(i.actor_role) << ",\"record_hash\":" << q(i.record_hash)
    << ",\"disposed_at\":" << q(i.disposed_at) << ",\"document\":" << (path.empty() ? "null" : q(path))
    << "}";
  return o.str();
}

std::string entry_json(const JournalEntry& e, const std::optional<Seal>& seal, std::size_t index,
                       const std::vector<std::string>& proof) {
  std::ostringstream o;
  o << "{\"seq\":" << e.seq << ",\"at\":" << q(e.at) << ",\"actor\":" << q(e.actor)
    << ",\"role\":" << q(e.role) << ",\"action\":" << q(e.action) << ",\"beneficiary\":" << q(e.beneficiary)
    << ",\"object_id\":" << e.object_id << ",\"object_hash\":" << q(e.object_hash)
    << ",\"details\":" << q(e.details) << ",\"prev_hash\":" << q(e.prev_hash) << ",\"hash\":" << q(e.hash)
    << ",\"proof\":";
  if (!seal) {
    o << "null}";
    return o.str();
  }
  o << "{\"seal_id\":" << seal->id << ",\"leaf_index\":" << index
    << ",\"tree_size\":" << (seal->last_seq - seal->first_seq + 1) << ",\"path\":[";
  for (std::size_t i = 0; i < proof.size(); ++i) o << (i ? "," : "") << q(proof[i]);
  o << "]}}";
  return o.str();
}

std::string seal_json(const Seal& s) {
  std::ostringstream o;
  o << "{\"id\":" << s.id << ",\"first_seq\":" << s.first_seq << ",\"last_seq\":" << s.last_seq
    << ",\"merkle_root\":" << q(s.merkle_root) << ",\"prev_seal_hash\":" << q(s.prev_seal_hash)
    << ",\"hash\":" << q(s.hash) << ",\"sealed_at\":" << q(s.sealed_at) << "}";
  return o.str();
}

const char* const kReadme =
    "Paquet de preuve CESP (format cesp-evidence-v1)\n"
    "===============================================\n\n"
    "Contenu: les documents archivés d'un bénéficiaire (documents/), leurs métadonnées\n"
    "(items.json), les rapports de validation (reports/), l'extrait du journal qui les concerne\n"
    "avec, pour chaque entrée scellée, la preuve d'inclusion de Merkle jusqu'au sceau qui la couvre\n"
    "(journal/entries.json), la chaîne des sceaux (journal/seals.json) et les jetons d'horodatage\n"
    "RFC 3161 (journal/seals/*.tsr).\n\n"
    "Vérification: `cesp archive verify-export PAQUET.zip --trust RACINE_TSA.pem` (hors ligne).\n"
    "À la main: `sha256sum -c SHA256SUMS`; `openssl ts -verify -digest <hash du sceau> -in\n"
    "journal/seals/N.tsr -token_in -CAfile RACINE_TSA.pem`. Les hachages sont décrits dans\n"
    "storage/include/cesp/storage/journal.h (encodage canonique, arbre RFC 6962).\n";

}  // namespace

ExportSummary export_beneficiary(Archive& archive, const std::string& beneficiary,
                                 const std::filesystem::path& out) {
  const auto items = archive.list(beneficiary);
  if (items.empty())
    throw Error(ErrorCode::not_found, "aucun élément archivé pour ce bénéficiaire",
                "no archived item for this beneficiary", beneficiary);
  ExportSummary summary;
  std::map<std::string, std::string> files;

  std::ostringstream items_json, report_json, report_txt;
  items_json << "[";
  report_json << "{\"beneficiary\":" << q(beneficiary) << ",\"items\":[";
  report_txt << "Rapport de validation — bénéficiaire " << beneficiary << "\n\n";
  for (std::size_t n = 0; n < items.size(); ++n) {
    const Item& item = items[n];
    std::string path;
    if (!item.disposed()) {
      path = document_path(item);
      files[path] = archive.content(item);  // throws if altered
    }
    items_json << (n ? ",\n " : "") << item_json(item, path);
    report_json << (n ? "," : "") << "{\"id\":" << item.id
                << ",\"kind\":" << q(std::string(to_string(item.kind))) << ",\"stage\":" << q(item.stage)
                << ",\"document\":" << (path.empty() ? "null" : q(path))
                << ",\"checks\":" << (item.details_json.empty() ? "{}" : item.details_json) << "}";
    report_txt << "Élément " << item.id << " — " << to_string(item.kind)
               << (item.stage.empty() ? "" : " (" + item.stage + ")") << "\n  fichier: " << item.label << " ("
               << item.size << " octets)\n  SHA-256: " << item.sha256 << "\n  archivé le " << item.archived_at
               << " par " << item.actor << " (" << item.actor_role << ")"
               << "\n  conservé jusqu'au " << item.retain_until
               << (item.disposed() ? "\n  ÉLIMINÉ le " + item.disposed_at : "")
               << "\n  contrôles: " << item.details_json << "\n\n";
    ++summary.items;
  }
  items_json << "]\n";
  report_json << "]}\n";
  files["items.json"] = items_json.str();
  files["reports/validation.json"] = report_json.str();
  files["reports/validation.txt"] = report_txt.str();

  JournalReader journal = archive.journal();
  std::map<std::int64_t, std::vector<std::string>> leaves_of_seal;
  std::map<std::int64_t, Seal> covering;
  std::ostringstream entries_json;
  entries_json << "[";
  const auto entries = journal.for_beneficiary(beneficiary);
  for (std::size_t n = 0; n < entries.size(); ++n) {
    const JournalEntry& e = entries[n];
    auto seal = journal.seal_covering(e.seq);
    std::vector<std::string> proof;
    std::size_t index = 0;
    if (seal) {
      auto& leaves = leaves_of_seal[seal->id];
      if (leaves.empty()) {
        for (const auto& x : journal.range(seal->first_seq, seal->last_seq)) leaves.push_back(x.hash);
      }
      index = static_cast<std::size_t>(e.seq - seal->first_seq);
      proof = merkle_inclusion_proof(leaves, index);
      covering[seal->id] = *seal;
      ++summary.sealed_entries;
    }
    entries_json << (n ? ",\n " : "") << entry_json(e, seal, index, proof);
    ++summary.journal_entries;
  }
  entries_json << "]\n";
  files["journal/entries.json"] = entries_json.str();

  std::ostringstream seals_json;
  seals_json << "[";
  const auto seals = journal.seals();
  for (std::size_t n = 0; n < seals.size(); ++n) seals_json << (n ? ",\n " : "") << seal_json(seals[n]);
  seals_json << "]\n";
  files["journal/seals.json"] = seals_json.str();
  for (const auto& [id, seal] : covering) {
    files["journal/seals/" + std::to_string(id) + ".tsr"] = std::string(seal.token.begin(), seal.token.end());
  }
  const auto& anchors = archive.options().tsa_trust_anchors;
  for (std::size_t n = 0; n < anchors.size(); ++n) {
    std::ifstream in(anchors[n], std::ios::binary);
    std::ostringstream pem;
    pem << in.rdbuf();
    if (in) files["trust/tsa-anchor-" + std::to_string(n + 1) + ".pem"] = pem.str();
  }
  files["README.txt"] = kReadme;

  std::ostringstream manifest, sums;
  manifest << "{\"format\":\"cesp-evidence-v1\",\"beneficiary\":" << q(beneficiary) << ",\"files\":[";
  bool first = true;
  for (const auto& [path, bytes] : files) {
    const std::string hash = sha256_hex(bytes);
    manifest << (first ? "" : ",\n ") << "{\"path\":" << q(path) << ",\"sha256\":" << q(hash)
             << ",\"size\":" << bytes.size() << "}";
    sums << hash << "  " << path << "\n";
    first = false;
  }
  manifest << "]}\n";
  files["manifest.json"] = manifest.str();
  files["SHA256SUMS"] = sums.str();
  write_zip(out, files);
  return summary;
}

}  // namespace cesp::storage
