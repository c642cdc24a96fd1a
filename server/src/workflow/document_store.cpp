#include "workflow/document_store.h"

#include <openssl/rand.h>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"
#include "cesp/storage/database.h"

#include "workflow/claim_owner.h"
#include "workflow/document_time.h"

namespace cesp::server {
namespace {

using storage::Row;
using storage::Transaction;

const std::vector<storage::Migration>& migrations() {
  static const std::vector<storage::Migration> list = {
      {1, "avenants and installation validations",
       "CREATE TABLE signable_documents (\n"
       "  id TEXT PRIMARY KEY, kind TEXT NOT NULL, subkind TEXT NOT NULL,\n"
       "  contract_id TEXT NOT NULL, candidate_id TEXT NOT NULL, reference TEXT NOT NULL UNIQUE,\n"
       "  state TEXT NOT NULL, version BIGINT NOT NULL, busy_until BIGINT NOT NULL,\n"
       "  template_id TEXT NOT NULL, template_version BIGINT NOT NULL,\n"
       "  data_json TEXT NOT NULL, details_json TEXT NOT NULL, applied_at TEXT NOT NULL,\n"
       "  created_at TEXT NOT NULL, created_by TEXT NOT NULL\n"
       ");\n"
       "CREATE INDEX signable_documents_by_contract ON signable_documents (contract_id, kind);\n"},
      {2, "who holds a document's claim (see claim_owner.h)",
       "ALTER TABLE signable_documents ADD COLUMN busy_owner TEXT NOT NULL DEFAULT ''"},
  };
  return list;
}

constexpr const char* kColumns =
    "id, kind, subkind, contract_id, candidate_id, reference, state, version, template_id, template_version, "
    "data_json, details_json, applied_at, created_at, created_by";

DocumentRecord from_row(const Row& r) {
  return DocumentRecord{r.text(0),  r.text(1),  r.text(2),    r.text(3),  r.text(4),
                        r.text(5),  r.text(6),  r.integer(7), r.text(8),  static_cast<int>(r.integer(9)),
                        r.text(10), r.text(11), r.text(12),   r.text(13), r.text(14)};
}

std::optional<DocumentRecord> select_one(storage::Connection& c, const std::string& id) {
  auto row = c.query_one(std::string("SELECT ") + kColumns + " FROM signable_documents WHERE id = ?", {id});
  if (!row) return std::nullopt;
  return from_row(*row);
}

std::string new_id() {
  unsigned char random[12];
  if (RAND_bytes(random, sizeof random) != 1) throw Error(ErrorCode::internal, "rand");
  return "doc-" + to_hex(random, sizeof random);
}

}  // namespace

DocumentStore::DocumentStore(std::shared_ptr<storage::Database> db) : db_(std::move(db)) {
  db_->migrate("documents", migrations());
}

DocumentRecord DocumentStore::create(const std::string& contract_id, const std::string& kind,
                                     const std::string& prefix,
                                     const std::function<DocumentRecord(const std::string&)>& make) {
  return db_->transact([&](Transaction& tx) {
    tx.serialize("contract:" + contract_id);
    const auto count = tx.query_one(
        "SELECT count(*) FROM signable_documents WHERE contract_id = ? AND kind = ?", {contract_id, kind});
    const auto contract = tx.query_one("SELECT reference FROM contracts WHERE id = ?", {contract_id});
    if (!contract) throw Error(ErrorCode::not_found, "contrat " + contract_id);
    DocumentRecord d = make(contract->text(0) + "-" + prefix + std::to_string(count->integer(0) + 1));
    d.id = new_id();
    d.kind = kind;
    d.contract_id = contract_id;
    d.reference = contract->text(0) + "-" + prefix + std::to_string(count->integer(0) + 1);
    d.state = "issued";
    d.version = 1;
    d.created_at = utc_now();
    tx.execute(std::string("INSERT INTO signable_documents (") + kColumns +
                   ", busy_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
               {d.id, d.kind, d.subkind, d.contract_id, d.candidate_id, d.reference, d.state, d.version,
                d.template_id, std::int64_t{d.template_version}, d.data_json, d.details_json, d.applied_at,
                d.created_at, d.created_by});
    return d;
  });
}

std::optional<DocumentRecord> DocumentStore::find(const std::string& id) {
  auto c = db_->connect();
  return select_one(c, id);
}

std::vector<DocumentRecord> DocumentStore::for_contract(const std::string& contract_id) {
  std::vector<DocumentRecord> out;
  for (const auto& row :
       db_->query(std::string("SELECT ") + kColumns +
                      " FROM signable_documents WHERE contract_id = ? ORDER BY created_at, id",
                  {contract_id})) {
    out.push_back(from_row(row));
  }
  return out;
}

DocumentRecord DocumentStore::claim(const std::string& id, const std::string& expected_state) {
  return db_->transact([&](Transaction& tx) {
    tx.serialize("document:" + id);
    auto d = select_one(tx, id);
    if (!d) throw Error(ErrorCode::not_found, "document " + id);
    if (!row_claim_is_free(tx, "signable_documents", id))
      throw Error(ErrorCode::invalid_transition, "Une autre opération est en cours sur ce document.",
                  "Another step is in progress on this document.", id);
    if (d->state != expected_state)
      throw Error(ErrorCode::invalid_transition, "étape impossible depuis l'état " + d->state, id);
    record_row_claim(tx, "signable_documents", id, ContractStore::kClaimSeconds);
    d->version += 1;
    return *d;
  });
}

DocumentRecord DocumentStore::complete(const DocumentRecord& claimed, const std::string& new_state,
                                       const Revision& revision) {
  return db_->transact([&](Transaction& tx) {
    tx.serialize("document:" + claimed.id);
    if (tx.execute("UPDATE signable_documents SET state = ?, version = version + 1, busy_until = 0 "
                   "WHERE id = ? AND version = ?",
                   {new_state, claimed.id, claimed.version}) != 1) {
      throw Error(ErrorCode::invalid_transition, "Le document a changé pendant l'opération.",
                  "The document changed during the step.", claimed.id);
    }
    tx.execute(
        "INSERT INTO document_revisions (document_id, stage, archive_item_id, sha256, signer, actor_id, "
        "actor_role, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {claimed.id, revision.stage, revision.archive_item_id, revision.sha256, revision.signer,
         revision.actor_id, revision.actor_role, revision.at.empty() ? utc_now() : revision.at});
    return *select_one(tx, claimed.id);
  });
}

void DocumentStore::mark_applied(const std::string& id) {
  db_->execute("UPDATE signable_documents SET applied_at = ? WHERE id = ?", {utc_now(), id});
}

void DocumentStore::release(const DocumentRecord& claimed) noexcept {
  try {
    db_->execute("UPDATE signable_documents SET busy_until = 0 WHERE id = ? AND version = ?",
                 {claimed.id, claimed.version});
  } catch (...) {
    // The claim expires by itself.
  }
}

}  // namespace cesp::server
