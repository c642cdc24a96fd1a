// Offline verification of an evidence package: no database, only the zip,
// the hashing rules of journal.h and the TSA trust anchors.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"
#include "cesp/signing/timestamp.h"
#include "cesp/storage/archive_export.h"

#include "archive_internal.h"
#include "zip_io.h"

namespace cesp::storage {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Poco::Dynamic::Var parse_json(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text);
}

std::string str(const Object::Ptr& o, const std::string& key) { return o->optValue<std::string>(key, ""); }
std::int64_t num(const Object::Ptr& o, const std::string& key) { return o->optValue<Poco::Int64>(key, 0); }

class Verifier {
 public:
  Verifier(std::map<std::string, std::string> files, ExportVerification& report)
      : files_(std::move(files)), r_(report) {}

  void run(const std::vector<std::string>& trust) {
    check_manifest();
    check_items();
    check_journal(trust);
  }

 private:
  void finding(const std::string& kind, const std::string& object, const std::string& detail) {
    r_.findings.push_back({kind, object, detail});
  }

  const std::string* file(const std::string& path) {
    auto it = files_.find(path);
    return it == files_.end() ? nullptr : &it->second;
  }

  void check_manifest() {
    const std::string* manifest = file("manifest.json");
    if (!manifest) return finding("package_malformed", "manifest.json", "missing");
    auto root = parse_json(*manifest).extract<Object::Ptr>();
    if (str(root, "format") != "cesp-evidence-v1")
      finding("package_malformed", "manifest.json", "unknown format");
    r_.beneficiary = str(root, "beneficiary");
    std::set<std::string> listed{"manifest.json", "SHA256SUMS"};
    auto list = root->getArray("files");
    for (std::size_t i = 0; list && i < list->size(); ++i) {
      auto f = list->getObject(static_cast<unsigned>(i));
      const std::string path = str(f, "path");
      listed.insert(path);
      ++r_.files;
      const std::string* bytes = file(path);
      if (!bytes) {
        finding("file_missing", path, "listed in the manifest, absent from the package");
      } else if (sha256_hex(*bytes) != str(f, "sha256")) {
        finding("file_hash_mismatch", path, "content differs from the manifest's SHA-256");
      }
    }
    for (const auto& [path, bytes] : files_) {
      if (!listed.contains(path)) finding("file_unlisted", path, "present but not in the manifest");
    }
  }

  void check_items() {
    const std::string* text = file("items.json");
    if (!text) return finding("package_malformed", "items.json", "missing");
    auto items = parse_json(*text).extract<Array::Ptr>();
    for (std::size_t n = 0; n < items->size(); ++n) {
      auto o = items->getObject(static_cast<unsigned>(n));
      Item item;
      item.id = num(o, "id");
      item.beneficiary = str(o, "beneficiary");
      const std::string where = "item:" + std::to_string(item.id);
      try {
        item.kind = parse_item_kind(str(o, "kind"));
      } catch (const Error&) {
        finding("item_record_altered", where, "unknown kind");
        continue;
      }
      item.stage = str(o, "stage");
      item.label = str(o, "label");
      item.media_type = str(o, "media_type");
      item.document_date = str(o, "document_date");
      item.details_json = str(o, "details");
      item.sha256 = str(o, "sha256");
      item.size = num(o, "size");
      item.archived_at = str(o, "archived_at");
      item.retain_until = str(o, "retain_until");
      item.actor = str(o, "actor");
      item.actor_role = str(o, "actor_role");
      ++r_.items;
      const std::string recomputed = item_record_hash(item);
      if (recomputed != str(o, "record_hash")) finding("item_record_altered", where, "record hash mismatch");
      record_hashes_[item.id] = recomputed;
      if (item.beneficiary != r_.beneficiary)
        finding("item_record_altered", where, "belongs to another beneficiary");
      if (o->isNull("document")) {
        if (str(o, "disposed_at").empty()) finding("file_missing", where, "no document and not disposed");
        continue;
      }
      const std::string* bytes = file(str(o, "document"));
      if (!bytes) {
        finding("file_missing", where, "document " + str(o, "document") + " absent");
      } else if (sha256_hex(*bytes) != item.sha256) {
        finding("file_hash_mismatch", where, "document does not hash to the recorded SHA-256");
      }
    }
  }

  void check_journal(const std::vector<std::string>& trust) {
    const std::string* seals_text = file("journal/seals.json");
    const std::string* entries_text = file("journal/entries.json");
    if (!seals_text || !entries_text)
      return finding("package_malformed", "journal/", "missing journal files");
    // The seal chain, from the first seal.
    std::map<std::int64_t, Seal> seals;
    auto seal_list = parse_json(*seals_text).extract<Array::Ptr>();
    std::string prev = kZeroHash;
    std::int64_t next_first = 1;
    for (std::size_t n = 0; n < seal_list->size(); ++n) {
      auto o = seal_list->getObject(static_cast<unsigned>(n));
      Seal s;
      s.id = num(o, "id");
      s.first_seq = num(o, "first_seq");
      s.last_seq = num(o, "last_seq");
      s.merkle_root = str(o, "merkle_root");
      s.prev_seal_hash = str(o, "prev_seal_hash");
      s.hash = str(o, "hash");
      const std::string where = "seal:" + std::to_string(s.id);
      if (s.prev_seal_hash != prev || s.first_seq != next_first ||
          seal_hash(s.first_seq, s.last_seq, s.merkle_root, s.prev_seal_hash) != s.hash) {
        finding("seal_chain_broken", where, "seal header does not chain to the previous one");
      }
      prev = s.hash;
      next_first = s.last_seq + 1;
      seals[s.id] = s;
    }
    std::set<std::int64_t> used_seals;
    std::set<std::int64_t> journaled_items;
    auto entries = parse_json(*entries_text).extract<Array::Ptr>();
    for (std::size_t n = 0; n < entries->size(); ++n) {
      auto o = entries->getObject(static_cast<unsigned>(n));
      JournalEntry e;
      e.seq = num(o, "seq");
      e.at = str(o, "at");
      e.actor = str(o, "actor");
      e.role = str(o, "role");
      e.action = str(o, "action");
      e.beneficiary = str(o, "beneficiary");
      e.object_id = num(o, "object_id");
      e.object_hash = str(o, "object_hash");
      e.details = str(o, "details");
      e.prev_hash = str(o, "prev_hash");
      e.hash = str(o, "hash");
      ++r_.journal_entries;
      const std::string where = "journal:" + std::to_string(e.seq);
      if (journal_entry_hash(e) != e.hash)
        finding("journal_entry_altered", where, "hash does not match the entry");
      if (e.action == "item.add") {
        journaled_items.insert(e.object_id);
        auto it = record_hashes_.find(e.object_id);
        if (it != record_hashes_.end() && it->second != e.object_hash) {
          finding("item_record_altered", "item:" + std::to_string(e.object_id),
                  "differs from its journal entry");
        }
      }
      if (o->isNull("proof")) continue;
      auto proof = o->getObject("proof");
      const std::int64_t seal_id = num(proof, "seal_id");
      auto seal = seals.find(seal_id);
      std::vector<std::string> path;
      auto path_array = proof->getArray("path");
      for (std::size_t i = 0; path_array && i < path_array->size(); ++i)
        path.push_back(path_array->getElement<std::string>(static_cast<unsigned>(i)));
      if (seal == seals.end() || e.seq < seal->second.first_seq || e.seq > seal->second.last_seq ||
          !verify_merkle_inclusion(
              e.hash, static_cast<std::size_t>(num(proof, "leaf_index")),
              static_cast<std::size_t>(seal->second.last_seq - seal->second.first_seq + 1), path,
              seal->second.merkle_root) ||
          num(proof, "leaf_index") != e.seq - seal->second.first_seq) {
        finding("merkle_proof_invalid", where,
                "the entry is not proven to be under seal " + std::to_string(seal_id));
        continue;
      }
      ++r_.sealed_entries;
      used_seals.insert(seal_id);
    }
    for (const auto& [id, hash] : record_hashes_) {
      if (!journaled_items.contains(id))
        finding("item_not_journaled", "item:" + std::to_string(id), "no item.add entry in the excerpt");
    }
    if (r_.sealed_entries < r_.journal_entries) {
      r_.notes.push_back(std::to_string(r_.journal_entries - r_.sealed_entries) +
                         " journal entries were not sealed yet at export time (chain checked, no timestamp)");
    }
    verify_tokens(used_seals, seals, trust);
  }

  void verify_tokens(const std::set<std::int64_t>& used, const std::map<std::int64_t, Seal>& seals,
                     std::vector<std::string> trust) {
    std::vector<std::filesystem::path> temp_anchors;
    if (trust.empty()) {
      for (const auto& [path, bytes] : files_) {
        if (path.rfind("trust/", 0) != 0) continue;
        auto temp = std::filesystem::temp_directory_path() /
                    ("cesp-anchor-" + sha256_hex(bytes).substr(0, 16) + ".pem");
        std::ofstream(temp, std::ios::binary) << bytes;
        temp_anchors.push_back(temp);
        trust.push_back(temp.string());
      }
      r_.notes.push_back(
          "seal timestamps checked against the trust anchor shipped in the package: this proves integrity; "
          "pass --trust with an independently obtained TSA root to prove trust");
    }
    for (std::int64_t id : used) {
      const std::string where = "seal:" + std::to_string(id);
      const std::string* token = file("journal/seals/" + std::to_string(id) + ".tsr");
      if (!token) {
        finding("seal_token_invalid", where, "token missing");
        continue;
      }
      try {
        signing::verify_timestamp_token(std::vector<unsigned char>(token->begin(), token->end()),
                                        hex_to_digest(seals.at(id).hash), trust);
        ++r_.seals_verified;
      } catch (const Error& e) {
        finding("seal_token_invalid", where, e.what());
      }
    }
    for (const auto& p : temp_anchors) std::filesystem::remove(p);
  }

  std::map<std::string, std::string> files_;
  ExportVerification& r_;
  std::map<std::int64_t, std::string> record_hashes_;
};

}  // namespace

ExportVerification verify_export(const std::filesystem::path& zip,
                                 const std::vector<std::string>& trust_anchors) {
  ExportVerification report;
  std::map<std::string, std::string> files;
  try {
    files = read_zip(zip);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::not_found) throw;
    report.findings.push_back({"package_malformed", zip.filename().string(), e.what()});
    return report;
  }
  try {
    Verifier(std::move(files), report).run(trust_anchors);
  } catch (const Poco::Exception& e) {
    report.findings.push_back({"package_malformed", zip.filename().string(), e.displayText()});
  } catch (const Error& e) {
    report.findings.push_back({"package_malformed", zip.filename().string(), e.what()});
  }
  return report;
}

std::string ExportVerification::to_text() const {
  std::ostringstream out;
  out << "Vérification du paquet de preuve — bénéficiaire " << beneficiary << "\n"
      << "  fichiers: " << files << ", éléments: " << items << ", entrées du journal: " << journal_entries
      << " (" << sealed_entries << " prouvées sous sceau), jetons d'horodatage vérifiés: " << seals_verified
      << "\n";
  for (const auto& n : notes) out << "  note: " << n << "\n";
  if (findings.empty()) {
    out << "Résultat: paquet intègre.\n";
  } else {
    out << "Résultat: " << findings.size() << " anomalie(s):\n";
    for (const auto& f : findings) out << "  [" << f.kind << "] " << f.object << ": " << f.detail << "\n";
  }
  return out.str();
}

std::string ExportVerification::to_json() const {
  std::ostringstream out;
  out << "{\"ok\":" << (ok() ? "true" : "false") << ",\"beneficiary\":" << json_string(beneficiary)
      << ",\"files\":" << files << ",\"items\":" << items << ",\"journal_entries\":" << journal_entries
      << ",\"sealed_entries\":" << sealed_entries << ",\"seals_verified\":" << seals_verified
      << ",\"findings\":[";
  for (std::size_t i = 0; i < findings.size(); ++i) {
    out << (i ? "," : "") << "{\"kind\":" << json_string(findings[i].kind)
        << ",\"object\":" << json_string(findings[i].object)
        << ",\"detail\":" << json_string(findings[i].detail) << "}";
  }
  out << "],\"notes\":[";
  for (std::size_t i = 0; i < notes.size(); ++i) out << (i ? "," : "") << json_string(notes[i]);
  out << "]}";
  return out.str();
}

}  // namespace cesp::storage
