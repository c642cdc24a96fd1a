#include "workflow/campaign_store.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "cesp/core/error.h"
#include "cesp/storage/database.h"

#include "support/databases.h"

using namespace cesp;
using namespace cesp::server;

namespace {

const Date kToday(2026, 1, 5);

RankedCandidate ranked(const std::string& name, RankingList list, int rank,
                       const std::string& ufr = "UFR-A") {
  RankedCandidate rc;
  rc.candidate.birth_name = name;
  rc.candidate.given_names = "Test";
  rc.candidate.birth_date = Date(2001, 5, 6);
  rc.candidate.ufr = ufr;
  rc.candidate.region = "ARA";
  rc.candidate.discipline = Discipline::medecine;
  rc.candidate.year_of_study = 4;
  rc.email = name + "@example.fr";
  rc.list = list;
  rc.rank = rank;
  return rc;
}

}  // namespace

TEST_CASE("A campaign offers its places in rank order and remembers them", "[campaign_store]") {
  for (const auto& uri : cesp::test::fresh_database_uris("campaigns")) {
    INFO(uri);
    auto db = storage::Database::open(uri);
    CampaignStore store(db);
    const std::string id = store.create(AcademicYear(2025), {{QuotaKey{"UFR-A", Discipline::medecine}, 2}});
    CHECK(id == "camp-2025-2026");
    CHECK_THROWS_AS(store.create(AcademicYear(2025), {{QuotaKey{"UFR-A", Discipline::medecine}, 1}}), Error);

    auto stored = store.import_ranking(
        id,
        {ranked("c3", RankingList::principal, 3), ranked("c1", RankingList::principal, 1),
         ranked("x1", RankingList::complementary, 1), ranked("c2", RankingList::principal, 2)},
        kToday);
    REQUIRE(stored.size() == 4);

    // A fresh store over the same database sees the same campaign.
    CampaignStore reopened(storage::Database::open(uri));
    Campaign campaign = reopened.load(id);
    const QuotaKey key{"UFR-A", Discipline::medecine};
    CHECK(campaign.places_left(key) == 0);
    REQUIRE(campaign.offers().size() == 2);
    auto name_of = [&](const std::string& cid) { return reopened.candidate(cid)->candidate.birth_name; };
    CHECK(name_of(campaign.offers()[0].candidate_id) == "c1");
    CHECK(name_of(campaign.offers()[1].candidate_id) == "c2");
    REQUIRE(reopened.offer(campaign.offers()[0].candidate_id));
    CHECK(reopened.offer(campaign.offers()[0].candidate_id)->state == OfferState::pending);
    CHECK(reopened.offer(campaign.offers()[0].candidate_id)->offered_on == kToday);
    CHECK_FALSE(reopened.offer("nobody"));
    // The whole campaign's candidates at once, as the paged lists read them.
    const auto everyone = reopened.candidates(id);
    REQUIRE(everyone.size() == 4);
    for (const auto& s : stored)
      CHECK(everyone.at(s.candidate.id).candidate.birth_name == s.candidate.birth_name);
    CHECK(reopened.candidates("camp-1999-2000").empty());

    // 31 days later nobody accepted: both lapse, c3 then x1 get the places.
    auto made = reopened.advance(id, kToday.plus_days(31));
    REQUIRE(made.size() == 2);
    CHECK(name_of(made[0].candidate_id) == "c3");
    CHECK(name_of(made[1].candidate_id) == "x1");
    CHECK(reopened.load(id).places_left(key) == 0);
  }
}

TEST_CASE("A ranking import is all or nothing", "[campaign_store]") {
  for (const auto& uri : cesp::test::fresh_database_uris("campaign_atomic")) {
    INFO(uri);
    CampaignStore store(storage::Database::open(uri));
    const std::string id = store.create(AcademicYear(2025), {{QuotaKey{"UFR-A", Discipline::medecine}, 2}});
    CHECK_THROWS_AS(store.import_ranking(id,
                                         {ranked("ok", RankingList::principal, 1),
                                          ranked("dup", RankingList::principal, 1)},  // rank taken
                                         kToday),
                    Error);
    CHECK(store.load(id).rankings().empty());
    CHECK_THROWS_AS(
        store.import_ranking(id, {ranked("far", RankingList::principal, 1, "UFR-NO-QUOTA")}, kToday), Error);
    CHECK_THROWS_AS(store.import_ranking("camp-1999-2000", {ranked("a", RankingList::principal, 1)}, kToday),
                    Error);
  }
}

TEST_CASE("Concurrent imports never offer more than the quota", "[campaign_store]") {
  for (const auto& uri : cesp::test::fresh_database_uris("campaign_race")) {
    INFO(uri);
    const std::string id = CampaignStore(storage::Database::open(uri))
                               .create(AcademicYear(2025), {{QuotaKey{"UFR-A", Discipline::medecine}, 5}});
    // Two "server instances" (separate Database objects) import at once.
    std::atomic<int> failures{0};
    auto importer = [&](int first_rank) {
      CampaignStore store(storage::Database::open(uri));
      for (int i = 0; i < 10; ++i) {
        try {
          store.import_ranking(
              id, {ranked("r" + std::to_string(first_rank + i), RankingList::principal, first_rank + i)},
              kToday);
        } catch (const Error&) {
          ++failures;
        }
      }
    };
    std::thread a(importer, 1), b(importer, 101);
    a.join();
    b.join();
    CHECK(failures == 0);
    Campaign campaign = CampaignStore(storage::Database::open(uri)).load(id);
    CHECK(campaign.rankings().size() == 20);
    CHECK(campaign.offers().size() == 5);
    CHECK(campaign.places_left(QuotaKey{"UFR-A", Discipline::medecine}) == 0);
  }
}
