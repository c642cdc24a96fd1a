#include "workflow/contract_store.h"

#include <openssl/rand.h>

#include <cstdio>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"
#include "cesp/storage/database.h"

#include "workflow/campaign_store.h"
#include "workflow/claim_owner.h"
#include "workflow/document_time.h"

namespace cesp::server {
namespace {

using storage::Row;
using storage::Transaction;

const std::vector<storage::Migration>& migrations() {
  static const std::vector<storage::Migration> list = {
      {1, "contracts and document revisions",
       "CREATE TABLE contracts (\n"
       "  id TEXT PRIMARY KEY,\n"
       "  reference TEXT NOT NULL UNIQUE,\n"
       "  reference_year BIGINT NOT NULL, reference_number BIGINT NOT NULL,\n"
       "  candidate_id TEXT NOT NULL UNIQUE,\n"
       "  campaign_id TEXT NOT NULL, ufr TEXT NOT NULL, discipline TEXT NOT NULL,\n"
       "  state TEXT NOT NULL, version BIGINT NOT NULL, busy_until BIGINT NOT NULL,\n"
       "  effective_date TEXT NOT NULL, allocation_months BIGINT NOT NULL,\n"
       "  suspended_months BIGINT NOT NULL, postponed_months BIGINT NOT NULL,\n"
       "  monthly_allocation_cents BIGINT NOT NULL, termination_case TEXT NOT NULL,\n"
       "  template_id TEXT NOT NULL, template_version BIGINT NOT NULL, template_sha256 TEXT NOT NULL,\n"
       "  data_json TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL,\n"
       "  UNIQUE (reference_year, reference_number)\n"
       ");\n"
       "CREATE INDEX contracts_by_quota ON contracts (campaign_id, ufr, discipline);\n"
       "CREATE TABLE document_revisions (\n"
       "  id {id},\n"
       "  document_id TEXT NOT NULL, stage TEXT NOT NULL,\n"
       "  archive_item_id BIGINT NOT NULL, sha256 TEXT NOT NULL, signer TEXT NOT NULL,\n"
       "  actor_id TEXT NOT NULL, actor_role TEXT NOT NULL, at TEXT NOT NULL,\n"
       "  UNIQUE (document_id, stage)\n"
       ");\n"},
      {2, "who holds a contract's claim (see claim_owner.h)",
       "ALTER TABLE contracts ADD COLUMN busy_owner TEXT NOT NULL DEFAULT ''"},
  };
  return list;
}

constexpr const char* kColumns =
    "id, reference, candidate_id, campaign_id, ufr, discipline, state, version, effective_date, "
    "allocation_months, suspended_months, postponed_months, monthly_allocation_cents, termination_case, "
    "template_id, template_version, template_sha256, data_json, created_at, created_by";

ContractRecord from_row(const Row& r) {
  ContractRecord c;
  c.id = r.text(0);
  c.reference = r.text(1);
  c.candidate_id = r.text(2);
  c.campaign_id = r.text(3);
  c.key = QuotaKey{r.text(4), parse_discipline(r.text(5))};
  c.state = parse_contract_state(r.text(6));
  c.version = r.integer(7);
  c.effective_date = Date::parse_iso(r.text(8));
  c.allocation_months = static_cast<int>(r.integer(9));
  c.suspended_months = static_cast<int>(r.integer(10));
  c.postponed_months = static_cast<int>(r.integer(11));
  c.monthly_allocation_cents = r.integer(12);
  c.termination_case = r.text(13);
  c.template_id = r.text(14);
  c.template_version = static_cast<int>(r.integer(15));
  c.template_sha256 = r.text(16);
  c.data_json = r.text(17);
  c.created_at = r.text(18);
  c.created_by = r.text(19);
  return c;
}

std::optional<ContractRecord> select_one(storage::Connection& c, const std::string& where,
                                         const storage::Params& params) {
  auto row = c.query_one(std::string("SELECT ") + kColumns + " FROM contracts WHERE " + where, params);
  if (!row) return std::nullopt;
  return from_row(*row);
}

std::string new_id() {
  unsigned char random[12];
  if (RAND_bytes(random, sizeof random) != 1) throw Error(ErrorCode::internal, "rand");
  return "ctr-" + to_hex(random, sizeof random);
}

std::string format_reference(int year, std::int64_t number) {
  if (number > 999999)
    throw Error(ErrorCode::internal, "plus d'un million de contrats en " + std::to_string(year));
  char text[32];
  std::snprintf(text, sizeof text, "CESP-%04d-%06lld", year, static_cast<long long>(number));
  return text;
}

// The candidate's offer, checked through the domain (pending and unexpired),
// then closed as accepted. Only the candidate's rows are read: the quota is
// enforced by counting contracts, in the same serialized transaction.
void take_up_offer(Transaction& tx, const StoredCandidate& candidate, const QuotaKey& key, int quota,
                   const Date& today) {
  auto o = tx.query_one("SELECT offered_on, state, closed_on FROM offers WHERE candidate_id = ?",
                        {candidate.candidate.id});
  auto r = tx.query_one("SELECT list, rank FROM rankings WHERE candidate_id = ?", {candidate.candidate.id});
  if (!o || !r || o->text(1) != to_string(OfferState::pending)) throw Error(ErrorCode::offer_not_pending);
  Campaign campaign(AcademicYear(2000));  // a one-candidate view: only accept()'s rule is used
  campaign.set_quota(key, std::max(quota, 1));
  campaign.add_ranking(RankingEntry{candidate.candidate.id, key, parse_ranking_list(r->text(0)),
                                    static_cast<int>(r->integer(1))});
  campaign.restore_offer(
      Offer{candidate.candidate.id, key, Date::parse_iso(o->text(0)), OfferState::pending, std::nullopt});
  campaign.accept(candidate.candidate.id, today);  // Error(offer_not_pending) once lapsed
  tx.execute("UPDATE offers SET state = ?, closed_on = ? WHERE candidate_id = ? AND state = ?",
             {std::string(to_string(OfferState::accepted)), today.iso(), candidate.candidate.id,
              std::string(to_string(OfferState::pending))});
}

}  // namespace

Contract ContractRecord::domain() const {
  Engagement engagement(allocation_months, monthly_allocation_cents);
  if (postponed_months > 0) engagement.postpone_installation(postponed_months);
  if (suspended_months > 0) engagement.suspend(suspended_months);
  Contract contract(reference, candidate_id, effective_date, engagement);
  if (state == ContractState::draft) return contract;
  contract.issue();
  if (state == ContractState::terminated) {
    contract.terminate(parse_termination_case(termination_case));
    return contract;
  }
  if (state == ContractState::issued) return contract;
  contract.sign_by_candidate();
  if (state == ContractState::signed_by_candidate) return contract;
  contract.countersign();
  if (state == ContractState::suspended) {
    contract.suspend();
  } else if (state == ContractState::archived) {
    contract.archive();
  }
  return contract;
}

ContractStore::ContractStore(std::shared_ptr<storage::Database> db) : db_(std::move(db)) {
  db_->migrate("contracts", migrations());
}

Reservation ContractStore::reserve(const StoredCandidate& candidate, const Date& today,
                                   const std::string& actor_id,
                                   const std::function<ContractDraft(const std::string&)>& draft) {
  return db_->transact([&](Transaction& tx) {
    tx.serialize("campaign:" + candidate.campaign_id);
    if (auto existing = select_one(tx, "candidate_id = ?", {candidate.candidate.id})) {
      if (existing->state != ContractState::draft)
        throw Error(ErrorCode::already_exists,
                    "Un contrat a déjà été émis pour ce candidat (" + existing->reference + ").",
                    "A contract was already issued for this candidate.", existing->id);
      return Reservation{*existing, true};
    }
    const QuotaKey key{candidate.candidate.ufr, candidate.candidate.discipline};
    const std::string discipline(to_string(key.discipline));
    auto quota =
        tx.query_one("SELECT contracts FROM quotas WHERE campaign_id = ? AND ufr = ? AND discipline = ?",
                     {candidate.campaign_id, key.ufr, discipline});
    if (!quota) throw Error(ErrorCode::offer_not_pending, "pas de quota pour " + key.ufr);
    take_up_offer(tx, candidate, key, static_cast<int>(quota->integer(0)), today);  // rolled back on refusal
    const auto issued = tx.query_one(
        "SELECT count(*) FROM contracts WHERE campaign_id = ? AND ufr = ? AND discipline = ? AND state <> ?",
        {candidate.campaign_id, key.ufr, discipline, std::string(to_string(ContractState::terminated))});
    if (issued->integer(0) >= quota->integer(0)) throw Error(ErrorCode::quota_exhausted, key.ufr);

    // References are numbered per calendar year across campaigns.
    tx.serialize("contract-references");
    const int year = today.year();
    const auto last =
        tx.query_one("SELECT COALESCE(MAX(reference_number), 0) FROM contracts WHERE reference_year = ?",
                     {std::int64_t{year}});
    const std::int64_t number = last->integer(0) + 1;

    ContractRecord c;
    c.id = new_id();
    c.reference = format_reference(year, number);
    c.candidate_id = candidate.candidate.id;
    c.campaign_id = candidate.campaign_id;
    c.key = key;
    c.state = ContractState::draft;
    c.version = 1;
    const ContractDraft d = draft(c.reference);
    c.effective_date = d.effective_date;
    c.allocation_months = d.engagement.allocation_months();
    c.monthly_allocation_cents = d.engagement.monthly_allocation();
    c.template_id = d.template_id;
    c.template_version = d.template_version;
    c.template_sha256 = d.template_sha256;
    c.data_json = d.data_json;
    c.created_at = utc_now();
    c.created_by = actor_id;
    tx.execute(std::string("INSERT INTO contracts (") + kColumns +
                   ", reference_year, reference_number, busy_until) VALUES "
                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
               {c.id,
                c.reference,
                c.candidate_id,
                c.campaign_id,
                key.ufr,
                discipline,
                std::string(to_string(c.state)),
                c.version,
                c.effective_date.iso(),
                std::int64_t{c.allocation_months},
                std::int64_t{0},
                std::int64_t{0},
                c.monthly_allocation_cents,
                std::string(),
                c.template_id,
                std::int64_t{c.template_version},
                c.template_sha256,
                c.data_json,
                c.created_at,
                c.created_by,
                std::int64_t{year},
                number});
    return Reservation{c, false};
  });
}

std::optional<ContractRecord> ContractStore::find(const std::string& contract_id) {
  auto c = db_->connect();
  return select_one(c, "id = ?", {contract_id});
}

std::optional<ContractRecord> ContractStore::find_by_candidate(const std::string& candidate_id) {
  auto c = db_->connect();
  return select_one(c, "candidate_id = ?", {candidate_id});
}

std::vector<ContractRecord> ContractStore::in_state(ContractState state) {
  std::vector<ContractRecord> out;
  for (const auto& row : db_->query(
           std::string("SELECT ") + kColumns + " FROM contracts WHERE state = ? ORDER BY created_at, id",
           {std::string(to_string(state))})) {
    out.push_back(from_row(row));
  }
  return out;
}

ContractRecord ContractStore::claim(const std::string& contract_id,
                                    const std::function<void(Contract&)>& step) {
  return db_->transact([&](Transaction& tx) {
    tx.serialize("contract:" + contract_id);
    auto record = select_one(tx, "id = ?", {contract_id});
    if (!record) throw Error(ErrorCode::not_found, "contrat " + contract_id);
    if (!row_claim_is_free(tx, "contracts", contract_id))
      throw Error(ErrorCode::invalid_transition, "Une autre opération est en cours sur ce contrat.",
                  "Another step is in progress on this contract.", contract_id);
    Contract contract = record->domain();
    step(contract);  // throws when the state does not allow the step
    record_row_claim(tx, "contracts", contract_id, kClaimSeconds);
    record->version += 1;
    return *record;
  });
}

ContractRecord ContractStore::complete(const ContractRecord& claimed,
                                       const std::function<void(Contract&)>& step, const Revision& revision) {
  return db_->transact([&](Transaction& tx) {
    tx.serialize("contract:" + claimed.id);
    auto record = select_one(tx, "id = ?", {claimed.id});
    if (!record || record->version != claimed.version)
      throw Error(ErrorCode::invalid_transition, "Le contrat a changé pendant l'opération.",
                  "The contract changed during the step.", claimed.id);
    Contract contract = record->domain();
    step(contract);
    const Engagement& e = contract.engagement();
    tx.execute(
        "UPDATE contracts SET state = ?, version = version + 1, busy_until = 0, allocation_months = ?, "
        "suspended_months = ?, postponed_months = ?, termination_case = ? WHERE id = ? AND version = ?",
        {std::string(to_string(contract.state())), std::int64_t{e.allocation_months()},
         std::int64_t{e.suspended_months()}, std::int64_t{e.postponed_months()},
         contract.termination_case() ? std::string(to_string(*contract.termination_case())) : std::string(),
         claimed.id, claimed.version});
    if (revision.archive_item_id != 0) {
      tx.execute(
          "INSERT INTO document_revisions (document_id, stage, archive_item_id, sha256, signer, actor_id, "
          "actor_role, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {claimed.id, revision.stage, revision.archive_item_id, revision.sha256, revision.signer,
           revision.actor_id, revision.actor_role, revision.at.empty() ? utc_now() : revision.at});
    }
    return *select_one(tx, "id = ?", {claimed.id});
  });
}

void ContractStore::release(const ContractRecord& claimed) noexcept {
  try {
    db_->execute("UPDATE contracts SET busy_until = 0 WHERE id = ? AND version = ?",
                 {claimed.id, claimed.version});
  } catch (...) {
    // The claim expires by itself after kClaimSeconds.
  }
}

std::vector<Revision> ContractStore::revisions(const std::string& document_id) {
  std::vector<Revision> out;
  for (const auto& r : db_->query("SELECT id, document_id, stage, archive_item_id, sha256, signer, actor_id, "
                                  "actor_role, at FROM document_revisions WHERE document_id = ? ORDER BY id",
                                  {document_id})) {
    out.push_back(Revision{r.integer(0), r.text(1), r.text(2), r.integer(3), r.text(4), r.text(5), r.text(6),
                           r.text(7), r.text(8)});
  }
  return out;
}

void ContractStore::add_revision(const Revision& revision) {
  db_->execute(
      "INSERT INTO document_revisions (document_id, stage, archive_item_id, sha256, signer, actor_id, "
      "actor_role, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {revision.document_id, revision.stage, revision.archive_item_id, revision.sha256, revision.signer,
       revision.actor_id, revision.actor_role, revision.at.empty() ? utc_now() : revision.at});
}

}  // namespace cesp::server
