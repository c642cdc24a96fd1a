// A yearly campaign: the arrêté fixes how many contracts each UFR may offer per
// discipline; selection committees rank candidates on a principal and a
// complementary list. Contracts are offered in rank order until the quota is
// used up; an offer that is declined, or not accepted within 30 days, passes to
// the next ranked candidate, then to the complementary list.
//
// Campaign is a pure value: callers persist it and pass "today" in.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "cesp/core/candidate.h"
#include "cesp/core/date.h"

namespace cesp {

enum class RankingList { principal, complementary };
std::string_view to_string(RankingList list);
RankingList parse_ranking_list(std::string_view text);  // "principale" / "complementaire"

// One quota: a UFR and a discipline.
struct QuotaKey {
  std::string ufr;
  Discipline discipline;
  auto operator<=>(const QuotaKey&) const = default;
};

struct RankingEntry {
  std::string candidate_id;
  QuotaKey key;
  RankingList list;
  int rank;  // 1 = best, unique within (key, list)
};

enum class OfferState { pending, accepted, declined, lapsed };
std::string_view to_string(OfferState state);

struct Offer {
  std::string candidate_id;
  QuotaKey key;
  Date offered_on;
  OfferState state = OfferState::pending;
  std::optional<Date> closed_on;  // when accepted, declined or lapsed
};

class Campaign {
 public:
  static constexpr int kOfferValidityDays = 30;

  explicit Campaign(AcademicYear year) : year_(year) {}

  const AcademicYear& year() const { return year_; }

  // Sets the number of contracts offered for a UFR and discipline (>= 0).
  void set_quota(const QuotaKey& key, int contracts);
  int quota(const QuotaKey& key) const;

  // Adds a ranked candidate. Throws Error(already_exists) when the candidate is
  // ranked already or the rank is taken in that list, Error(invalid_argument)
  // when the rank is < 1 or no quota is set for the key.
  void add_ranking(const RankingEntry& entry);
  const std::vector<RankingEntry>& rankings() const { return rankings_; }

  // Closes as lapsed every pending offer made more than 30 days before today,
  // then offers the free places to the next ranked candidates (principal list
  // first, each list in rank order). Returns the offers made by this call.
  std::vector<Offer> advance(const Date& today);

  // The candidate accepts or declines a pending, unexpired offer. Throws
  // Error(offer_not_pending) otherwise (accepting a lapsed offer too).
  void accept(const std::string& candidate_id, const Date& today);
  void decline(const std::string& candidate_id, const Date& today);

  // Places still free for a key: quota minus pending and accepted offers.
  int places_left(const QuotaKey& key) const;
  int accepted_count(const QuotaKey& key) const;

  const std::vector<Offer>& offers() const { return offers_; }
  // Puts back an offer read from storage. Throws Error(invalid_argument) when
  // the candidate is not ranked under that key or already has an offer.
  void restore_offer(const Offer& offer);
  const Offer* offer_for(const std::string& candidate_id) const;

 private:
  Offer& pending_offer(const std::string& candidate_id, const Date& today);

  void push_offer(const Offer& offer);

  AcademicYear year_;
  std::map<QuotaKey, int> quotas_;
  std::vector<RankingEntry> rankings_;
  std::vector<Offer> offers_;
  // Indexes over the two vectors: a national campaign holds thousands of
  // candidates and is loaded on every issue and every page of its lists,
  // where linear searches per candidate made the load quadratic.
  std::unordered_map<std::string, std::size_t> ranking_of_;  // candidate id -> rankings_ index
  std::set<std::tuple<QuotaKey, RankingList, int>> ranks_taken_;
  std::unordered_map<std::string, std::size_t> offer_of_;  // candidate id -> offers_ index
};

}  // namespace cesp
