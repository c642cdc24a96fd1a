#include "workflow/piece_store.h"

#include "cesp/core/error.h"
#include "cesp/storage/database.h"

namespace cesp::server {
namespace {

const std::vector<storage::Migration>& migrations() {
  static const std::vector<storage::Migration> list = {
      {1, "pieces",
       "CREATE TABLE pieces (\n"
       "  id {id},\n"
       "  candidate_id TEXT NOT NULL,\n"
       "  kind TEXT NOT NULL,\n"
       "  state TEXT NOT NULL,\n"
       "  verdict_json TEXT NOT NULL,\n"
       "  content_sha256 TEXT NOT NULL,\n"
       "  filenames TEXT NOT NULL,\n"
       "  uploaded_at TEXT NOT NULL,\n"
       "  uploaded_by TEXT NOT NULL\n"
       ");\n"
       "CREATE INDEX pieces_by_candidate ON pieces (candidate_id, id);\n"},
  };
  return list;
}

constexpr const char* kColumns =
    "id, candidate_id, kind, state, verdict_json, content_sha256, filenames, uploaded_at, uploaded_by";

PieceRecord from_row(const storage::Row& r) {
  PieceRecord p;
  p.id = r.integer(0);
  p.candidate_id = r.text(1);
  p.kind = parse_piece_kind(r.text(2));
  p.state = parse_piece_state(r.text(3));
  p.verdict_json = r.text(4);
  p.content_sha256 = r.text(5);
  p.filenames = r.text(6);
  p.uploaded_at = r.text(7);
  p.uploaded_by = r.text(8);
  return p;
}

}  // namespace

PieceStore::PieceStore(std::shared_ptr<storage::Database> db) : db_(std::move(db)) {
  db_->migrate("pieces", migrations());
}

std::int64_t PieceStore::add(const PieceRecord& p) {
  auto row = db_->query_one(
      "INSERT INTO pieces (candidate_id, kind, state, verdict_json, content_sha256, filenames, uploaded_at, "
      "uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {p.candidate_id, std::string(to_string(p.kind)), std::string(to_string(p.state)), p.verdict_json,
       p.content_sha256, p.filenames, p.uploaded_at, p.uploaded_by});
  if (!row) throw Error(ErrorCode::internal, "INSERT pieces sans id");
  return row->integer(0);
}

std::vector<PieceRecord> PieceStore::history(const std::string& candidate_id) {
  std::vector<PieceRecord> out;
  for (const auto& row :
       db_->query(std::string("SELECT ") + kColumns + " FROM pieces WHERE candidate_id = ? ORDER BY id",
                  {candidate_id})) {
    out.push_back(from_row(row));
  }
  return out;
}

std::map<PieceKind, PieceRecord> PieceStore::current(const std::string& candidate_id) {
  std::map<PieceKind, PieceRecord> latest;
  for (auto& record : history(candidate_id)) latest[record.kind] = std::move(record);  // later ids win
  return latest;
}

std::optional<PieceRecord> PieceStore::find_same_content(const std::string& candidate_id,
                                                         const std::string& sha256) {
  auto row =
      db_->query_one(std::string("SELECT ") + kColumns +
                         " FROM pieces WHERE candidate_id = ? AND content_sha256 = ? ORDER BY id LIMIT 1",
                     {candidate_id, sha256});
  if (!row) return std::nullopt;
  return from_row(*row);
}

Dossier dossier_of(const DossierRules& rules, const Candidate& candidate,
                   const std::map<PieceKind, PieceRecord>& current) {
  Dossier dossier(rules, candidate);
  for (const auto& [kind, record] : current) {
    if (dossier.states().contains(kind)) dossier.set_state(kind, record.state);
  }
  return dossier;
}

}  // namespace cesp::server
