#include "cesp/core/campaign.h"

#include <algorithm>

#include "cesp/core/error.h"

namespace cesp {

std::string_view to_string(RankingList list) {
  return list == RankingList::principal ? "principale" : "complementaire";
}

RankingList parse_ranking_list(std::string_view text) {
  if (text == "principale" || text == "principal") return RankingList::principal;
  if (text == "complementaire" || text == "complémentaire") return RankingList::complementary;
  throw Error(ErrorCode::invalid_argument, "liste: " + std::string(text));
}

std::string_view to_string(OfferState state) {
  switch (state) {
    case OfferState::pending: return "pending";
    case OfferState::accepted: return "accepted";
    case OfferState::declined: return "declined";
    case OfferState::lapsed: return "lapsed";
  }
  return "pending";
}

void Campaign::set_quota(const QuotaKey& key, int contracts) {
  if (contracts < 0) throw Error(ErrorCode::invalid_argument, "quota < 0 for " + key.ufr);
  quotas_[key] = contracts;
}

int Campaign::quota(const QuotaKey& key) const {
  auto it = quotas_.find(key);
  return it == quotas_.end() ? 0 : it->second;
}

void Campaign::add_ranking(const RankingEntry& entry) {
  if (entry.rank < 1) throw Error(ErrorCode::invalid_argument, "rang < 1 pour " + entry.candidate_id);
  if (!quotas_.contains(entry.key)) {
    throw Error(ErrorCode::invalid_argument,
                "aucun quota pour " + entry.key.ufr + " / " + std::string(to_string(entry.key.discipline)));
  }
  if (ranking_of_.contains(entry.candidate_id)) {
    throw Error(ErrorCode::already_exists, "candidat déjà classé: " + entry.candidate_id);
  }
  if (!ranks_taken_.emplace(entry.key, entry.list, entry.rank).second) {
    throw Error(ErrorCode::already_exists, "rang déjà attribué: " + std::to_string(entry.rank));
  }
  ranking_of_.emplace(entry.candidate_id, rankings_.size());
  rankings_.push_back(entry);
}

int Campaign::accepted_count(const QuotaKey& key) const {
  return static_cast<int>(std::count_if(offers_.begin(), offers_.end(), [&](const Offer& o) {
    return o.key == key && o.state == OfferState::accepted;
  }));
}

int Campaign::places_left(const QuotaKey& key) const {
  const auto held = std::count_if(offers_.begin(), offers_.end(), [&](const Offer& o) {
    return o.key == key && (o.state == OfferState::accepted || o.state == OfferState::pending);
  });
  return quota(key) - static_cast<int>(held);
}

const Offer* Campaign::offer_for(const std::string& candidate_id) const {
  const auto found = offer_of_.find(candidate_id);
  return found == offer_of_.end() ? nullptr : &offers_[found->second];
}

void Campaign::push_offer(const Offer& offer) {
  offer_of_.emplace(offer.candidate_id, offers_.size());
  offers_.push_back(offer);
}

std::vector<Offer> Campaign::advance(const Date& today) {
  for (auto& offer : offers_) {
    if (offer.state == OfferState::pending && days_between(offer.offered_on, today) > kOfferValidityDays) {
      offer.state = OfferState::lapsed;
      offer.closed_on = offer.offered_on.plus_days(kOfferValidityDays);
    }
  }

  std::vector<const RankingEntry*> order;
  for (const auto& entry : rankings_) order.push_back(&entry);
  std::stable_sort(order.begin(), order.end(), [](const RankingEntry* a, const RankingEntry* b) {
    if (a->list != b->list) return a->list == RankingList::principal;
    return a->rank < b->rank;
  });

  // Places left per key, kept as offers are made (places_left() counts
  // every offer: once per candidate would make this quadratic).
  std::map<QuotaKey, int> left;
  for (const auto& quota_line : quotas_) left[quota_line.first] = places_left(quota_line.first);
  std::vector<Offer> made;
  for (const RankingEntry* entry : order) {
    if (offer_for(entry->candidate_id) != nullptr) continue;  // each candidate gets one offer
    if (left[entry->key] <= 0) continue;
    --left[entry->key];
    push_offer(Offer{entry->candidate_id, entry->key, today, OfferState::pending, std::nullopt});
    made.push_back(offers_.back());
  }
  return made;
}

void Campaign::restore_offer(const Offer& offer) {
  const auto ranking = ranking_of_.find(offer.candidate_id);
  const bool ranked = ranking != ranking_of_.end() && rankings_[ranking->second].key == offer.key;
  if (!ranked || offer_for(offer.candidate_id) != nullptr) {
    throw Error(ErrorCode::invalid_argument, "offre incohérente pour " + offer.candidate_id);
  }
  push_offer(offer);
}

Offer& Campaign::pending_offer(const std::string& candidate_id, const Date& today) {
  const auto found = offer_of_.find(candidate_id);
  if (found != offer_of_.end()) {
    Offer& offer = offers_[found->second];
    if (offer.state == OfferState::pending && days_between(offer.offered_on, today) <= kOfferValidityDays)
      return offer;
  }
  throw Error(ErrorCode::offer_not_pending, candidate_id);
}

void Campaign::accept(const std::string& candidate_id, const Date& today) {
  Offer& offer = pending_offer(candidate_id, today);
  offer.state = OfferState::accepted;
  offer.closed_on = today;
}

void Campaign::decline(const std::string& candidate_id, const Date& today) {
  Offer& offer = pending_offer(candidate_id, today);
  offer.state = OfferState::declined;
  offer.closed_on = today;
}

}  // namespace cesp
