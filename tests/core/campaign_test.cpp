#include "cesp/core/campaign.h"

#include <catch2/catch.hpp>

#include "cesp/core/error.h"

using namespace cesp;

namespace {

const QuotaKey kLyonMed{"UFR-MED-LYON", Discipline::medecine};
const QuotaKey kLyonOdonto{"UFR-ODONTO-LYON", Discipline::odontologie};
const Date kDay0(2026, 1, 5);

Campaign campaign_with(int quota, int principal, int complementary) {
  Campaign c(AcademicYear(2025));
  c.set_quota(kLyonMed, quota);
  for (int i = 1; i <= principal; ++i)
    c.add_ranking({"P" + std::to_string(i), kLyonMed, RankingList::principal, i});
  for (int i = 1; i <= complementary; ++i) {
    c.add_ranking({"C" + std::to_string(i), kLyonMed, RankingList::complementary, i});
  }
  return c;
}

std::vector<std::string> ids(const std::vector<Offer>& offers) {
  std::vector<std::string> out;
  for (const auto& o : offers) out.push_back(o.candidate_id);
  return out;
}

}  // namespace

TEST_CASE("Offers go in rank order until the quota is used up", "[campaign]") {
  Campaign c = campaign_with(2, 3, 1);
  // Ranks added out of order must still be offered in order.
  auto made = c.advance(kDay0);
  CHECK(ids(made) == std::vector<std::string>{"P1", "P2"});
  CHECK(c.places_left(kLyonMed) == 0);
  CHECK(c.advance(kDay0.plus_days(1)).empty());
}

TEST_CASE("Ranks are honoured whatever the import order", "[campaign]") {
  Campaign c(AcademicYear(2025));
  c.set_quota(kLyonMed, 1);
  c.add_ranking({"third", kLyonMed, RankingList::principal, 3});
  c.add_ranking({"first", kLyonMed, RankingList::principal, 1});
  c.add_ranking({"second", kLyonMed, RankingList::principal, 2});
  CHECK(ids(c.advance(kDay0)) == std::vector<std::string>{"first"});
}

TEST_CASE("A declined offer passes to the next ranked candidate", "[campaign]") {
  Campaign c = campaign_with(2, 3, 0);
  c.advance(kDay0);
  c.accept("P1", kDay0.plus_days(2));
  c.decline("P2", kDay0.plus_days(3));
  CHECK(ids(c.advance(kDay0.plus_days(3))) == std::vector<std::string>{"P3"});
  CHECK(c.accepted_count(kLyonMed) == 1);
}

TEST_CASE("An offer lapses after 30 days and cannot be accepted then", "[campaign]") {
  Campaign c = campaign_with(1, 2, 0);
  c.advance(kDay0);
  CHECK_THROWS_AS(c.accept("P1", kDay0.plus_days(31)), Error);
  auto made = c.advance(kDay0.plus_days(31));
  CHECK(ids(made) == std::vector<std::string>{"P2"});
  REQUIRE(c.offer_for("P1"));
  CHECK(c.offer_for("P1")->state == OfferState::lapsed);
  // Day 30 is still within the validity period.
  Campaign d = campaign_with(1, 1, 0);
  d.advance(kDay0);
  CHECK_NOTHROW(d.accept("P1", kDay0.plus_days(30)));
}

TEST_CASE("The complementary list is reached once the principal list is exhausted", "[campaign]") {
  Campaign c = campaign_with(2, 2, 2);
  c.advance(kDay0);
  c.decline("P1", kDay0);
  c.decline("P2", kDay0);
  CHECK(ids(c.advance(kDay0)) == std::vector<std::string>{"C1", "C2"});
  c.accept("C1", kDay0.plus_days(1));
  c.accept("C2", kDay0.plus_days(1));
  CHECK(c.accepted_count(kLyonMed) == 2);
  CHECK(c.places_left(kLyonMed) == 0);
}

TEST_CASE("Quotas are separate per UFR and discipline", "[campaign]") {
  Campaign c(AcademicYear(2025));
  c.set_quota(kLyonMed, 1);
  c.set_quota(kLyonOdonto, 1);
  c.add_ranking({"M1", kLyonMed, RankingList::principal, 1});
  c.add_ranking({"M2", kLyonMed, RankingList::principal, 2});
  c.add_ranking({"O1", kLyonOdonto, RankingList::principal, 1});
  CHECK(ids(c.advance(kDay0)) == std::vector<std::string>{"M1", "O1"});
}

TEST_CASE("Accepting never exceeds the quota", "[campaign]") {
  Campaign c = campaign_with(1, 3, 0);
  c.advance(kDay0);
  CHECK_THROWS_AS(c.accept("P2", kDay0), Error);  // never offered
  c.accept("P1", kDay0);
  CHECK_THROWS_AS(c.accept("P1", kDay0), Error);  // already accepted
  CHECK(c.advance(kDay0.plus_days(40)).empty());  // accepted offers do not lapse
  CHECK(c.accepted_count(kLyonMed) == 1);
}

TEST_CASE("Rankings are validated", "[campaign]") {
  Campaign c(AcademicYear(2025));
  c.set_quota(kLyonMed, 3);
  c.add_ranking({"A", kLyonMed, RankingList::principal, 1});
  CHECK_THROWS_AS(c.add_ranking({"A", kLyonMed, RankingList::complementary, 1}), Error);
  CHECK_THROWS_AS(c.add_ranking({"B", kLyonMed, RankingList::principal, 1}), Error);
  CHECK_THROWS_AS(c.add_ranking({"C", kLyonMed, RankingList::principal, 0}), Error);
  CHECK_THROWS_AS(c.add_ranking({"D", kLyonOdonto, RankingList::principal, 1}), Error);
  CHECK_THROWS_AS(c.set_quota(kLyonMed, -1), Error);
  CHECK_NOTHROW(c.add_ranking({"B", kLyonMed, RankingList::complementary, 1}));
}

TEST_CASE("Offers read back from storage restore the same campaign", "[campaign]") {
  Campaign original = campaign_with(2, 3, 0);
  original.advance(kDay0);
  original.decline("P1", kDay0.plus_days(1));

  Campaign restored = campaign_with(2, 3, 0);
  for (const auto& offer : original.offers()) restored.restore_offer(offer);
  CHECK(restored.places_left(kLyonMed) == original.places_left(kLyonMed));
  CHECK(ids(restored.advance(kDay0.plus_days(2))) == std::vector<std::string>{"P3"});
  CHECK_THROWS_AS(restored.restore_offer(original.offers().front()), Error);  // already has one
  CHECK_THROWS_AS(
      restored.restore_offer(Offer{"stranger", kLyonMed, kDay0, OfferState::pending, std::nullopt}), Error);
}
