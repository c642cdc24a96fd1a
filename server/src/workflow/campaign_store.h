// Campaigns, their quotas, ranked candidates and contract offers, kept in the
// shared metadata database. Every change that could affect the quota runs in
// a transaction serialized per campaign (Transaction::serialize), loads the
// campaign into the pure domain object (cesp::Campaign), applies the rule
// there and writes back only what changed, so two agents or two server
// instances on one PostgreSQL can never offer more places than the quota.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cesp/core/campaign.h"
#include "cesp/core/candidate.h"

namespace cesp::storage {
class Database;
class Transaction;
}  // namespace cesp::storage

namespace cesp::server {

struct QuotaLine {
  QuotaKey key;
  int contracts = 0;
};

struct CampaignSummary {
  std::string id;
  AcademicYear year{2025};
  std::vector<QuotaLine> quotas;
};

// A candidate row of a ranking import.
struct RankedCandidate {
  Candidate candidate;  // candidate.id is assigned by the store
  std::string email;
  RankingList list = RankingList::principal;
  int rank = 0;
};

struct StoredCandidate {
  Candidate candidate;
  std::string campaign_id;
  std::string email;
};

class CampaignStore {
 public:
  explicit CampaignStore(std::shared_ptr<storage::Database> db);

  // Error(already_exists) when a campaign exists for that academic year.
  std::string create(const AcademicYear& year, const std::vector<QuotaLine>& quotas);
  std::vector<CampaignSummary> list();
  std::optional<CampaignSummary> find(const std::string& campaign_id);

  // Adds ranked candidates (all or none) and makes the offers the free places
  // allow. Returns the stored candidates with their new ids. Error(not_found)
  // for an unknown campaign; the domain's errors for duplicates or missing quotas.
  std::vector<StoredCandidate> import_ranking(const std::string& campaign_id,
                                              const std::vector<RankedCandidate>& rows, const Date& today);

  // Lapses expired offers and offers the free places; returns the new offers.
  std::vector<Offer> advance(const std::string& campaign_id, const Date& today);
  // The campaign as the domain sees it (quotas, rankings, offers).
  Campaign load(const std::string& campaign_id);

  std::optional<StoredCandidate> candidate(const std::string& candidate_id);
  // Every candidate of the campaign by id, in one query (campaign-wide lists
  // filter thousands of them by the caller's reach).
  std::map<std::string, StoredCandidate> candidates(const std::string& campaign_id);
  // The candidate's offer, if one was made (one indexed row: dossier reads
  // are the hot path and need not load the whole campaign).
  std::optional<Offer> offer(const std::string& candidate_id);

 private:
  Campaign load(storage::Transaction& tx, const std::string& campaign_id);
  void save_offers(storage::Transaction& tx, const std::string& campaign_id, const Campaign& campaign);

  std::shared_ptr<storage::Database> db_;
};

}  // namespace cesp::server
