// CESP contracts and the revisions of every signable document, kept in the
// shared metadata database.
//
// Issuing runs in the campaign's serialized transaction (the same key as
// CampaignStore: "campaign:<id>"), so that two agents, or two servers on one
// PostgreSQL, never issue more contracts than the quota of a UFR and
// discipline, nor two contracts to one candidate (also a UNIQUE constraint).
//
// Every state change goes through the domain object cesp::Contract (restored
// from the row), so the transition rules are written once, in core/. A step
// that takes time (rendering, signing, timestamping) first *claims* the
// contract: the claim bumps the row's version and marks it busy for a few
// minutes, so a concurrent second signature is refused at once rather than
// after the slow work; completing the step checks the version again
// (optimistic concurrency) and records the new state and the archived
// revision in one transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cesp/core/campaign.h"
#include "cesp/core/contract.h"

namespace cesp::storage {
class Database;
}

namespace cesp::server {

struct StoredCandidate;

struct ContractRecord {
  std::string id;         // "ctr-<hex>", the API id
  std::string reference;  // "CESP-2026-000042", unique, printed on the documents
  std::string candidate_id;
  std::string campaign_id;
  QuotaKey key{"", Discipline::medecine};
  ContractState state = ContractState::draft;
  std::int64_t version = 0;  // bumped by every claim and every step
  Date effective_date{2000, 1, 1};
  int allocation_months = 0;
  int suspended_months = 0;
  int postponed_months = 0;
  std::int64_t monthly_allocation_cents = kDefaultMonthlyAllocation;
  std::string termination_case;  // TerminationCase name, empty unless terminated
  std::string template_id;
  int template_version = 0;
  std::string template_sha256;
  std::string data_json;  // the data the template was filled with
  std::string created_at, created_by;

  // The domain object in this record's state (transitions replayed).
  Contract domain() const;
};

// One archived revision of a document (contract, avenant, installation).
struct Revision {
  std::int64_t id = 0;
  std::string document_id;  // contract id, avenant id...
  std::string stage;        // draft, signed_by_candidate, countersigned, lta
  std::int64_t archive_item_id = 0;
  std::string sha256;  // of the PDF bytes (the archive's address)
  std::string signer;  // the certificate's subject name, when a signature was added
  std::string actor_id, actor_role;
  std::string at;  // ISO 8601 UTC
};

// What the caller computes once the reference is known (rendering data).
struct ContractDraft {
  Date effective_date{2000, 1, 1};
  Engagement engagement{0};
  std::string template_id;
  int template_version = 0;
  std::string template_sha256;
  std::string data_json;
};

struct Reservation {
  ContractRecord contract;
  bool resumed = false;  // a draft left by an interrupted issue, taken up again
};

class ContractStore {
 public:
  // Applies the migrations of module "contracts".
  explicit ContractStore(std::shared_ptr<storage::Database> db);

  // Reserves the candidate's contract within the quota, in the campaign's
  // serialized transaction: Error(already_exists) when the candidate has a
  // contract past draft, Error(offer_not_pending) without a pending,
  // unexpired offer, Error(quota_exhausted) when the UFR/discipline quota is
  // used up. Allocates the next CESP-<year>-<6 digits> reference (year of
  // `today`), calls `draft(reference)` and stores the contract in state draft;
  // the offer is closed as accepted (the contract is how the candidate takes
  // it up; it can no longer lapse). A draft already stored for the candidate
  // is returned as is (resumed = true) so an interrupted issue can finish.
  Reservation reserve(const StoredCandidate& candidate, const Date& today, const std::string& actor_id,
                      const std::function<ContractDraft(const std::string& reference)>& draft);

  std::optional<ContractRecord> find(const std::string& contract_id);
  std::optional<ContractRecord> find_by_candidate(const std::string& candidate_id);
  // Contracts in a state, oldest first (batch extension).
  std::vector<ContractRecord> in_state(ContractState state);

  // Claims the contract for one step. `step` is applied to the restored
  // domain contract and throws Error(invalid_transition) when the state does
  // not allow it; a contract already claimed by an unfinished step is
  // refused with Error(invalid_transition) too. Returns the claimed record.
  ContractRecord claim(const std::string& contract_id, const std::function<void(Contract&)>& step);
  // Completes a claimed step: applies `step` again, stores the resulting state
  // and engagement and the revision, in one transaction. Error(invalid_transition)
  // if someone else moved the contract meanwhile (version changed).
  ContractRecord complete(const ContractRecord& claimed, const std::function<void(Contract&)>& step,
                          const Revision& revision);
  // Gives a claim up (the step failed); harmless if the claim was lost.
  void release(const ContractRecord& claimed) noexcept;

  // Revisions of a document, oldest first.
  std::vector<Revision> revisions(const std::string& document_id);
  // Adds a revision outside a contract step (avenants, installations).
  void add_revision(const Revision& revision);

  storage::Database& database() { return *db_; }
  std::shared_ptr<storage::Database> database_ptr() const { return db_; }

  // How long a claim keeps a contract busy when its step never finishes
  // (the server died mid-signature).
  static constexpr int kClaimSeconds = 300;

 private:
  std::shared_ptr<storage::Database> db_;
};

}  // namespace cesp::server
