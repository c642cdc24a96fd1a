// The pièces a candidate uploaded, with their check verdicts. Nothing is
// overwritten: a re-upload adds a row, and the latest row of a kind is the
// one the dossier counts; the uploaded bytes themselves live in the archive.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cesp/core/dossier.h"

namespace cesp::storage {
class Database;
}

namespace cesp::server {

struct PieceRecord {
  std::int64_t id = 0;
  std::string candidate_id;
  PieceKind kind = PieceKind::identity;
  PieceState state = PieceState::pending;
  std::string verdict_json;    // the full verdict, as `cesp check --json` prints it
  std::string content_sha256;  // of the files, concatenated in upload order
  std::string filenames;       // for display, ", "-separated
  std::string uploaded_at;     // ISO 8601 UTC
  std::string uploaded_by;     // account id
};

class PieceStore {
 public:
  explicit PieceStore(std::shared_ptr<storage::Database> db);

  // Returns the new row's id.
  std::int64_t add(const PieceRecord& record);
  // Every upload of a candidate, oldest first.
  std::vector<PieceRecord> history(const std::string& candidate_id);
  // The latest upload per kind.
  std::map<PieceKind, PieceRecord> current(const std::string& candidate_id);
  // An earlier upload of exactly these bytes by the same candidate.
  std::optional<PieceRecord> find_same_content(const std::string& candidate_id, const std::string& sha256);

 private:
  std::shared_ptr<storage::Database> db_;
};

// The candidate's dossier under `rules`: each required piece in the state of
// its latest upload (`current`: those uploads, from PieceStore::current).
Dossier dossier_of(const DossierRules& rules, const Candidate& candidate,
                   const std::map<PieceKind, PieceRecord>& current);

}  // namespace cesp::server
