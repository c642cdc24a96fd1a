#include "workflow/contract_store.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "cesp/core/error.h"
#include "cesp/storage/database.h"

#include "support/databases.h"
#include "workflow/campaign_store.h"
#include "workflow/claim_owner.h"

using namespace cesp;
using namespace cesp::server;

namespace {

const Date kToday(2026, 1, 5);
const QuotaKey kKey{"UFR-A", Discipline::medecine};

RankedCandidate ranked(const std::string& name, int rank) {
  RankedCandidate rc;
  rc.candidate.birth_name = name;
  rc.candidate.given_names = "Test";
  rc.candidate.birth_date = Date(2001, 5, 6);
  rc.candidate.ufr = kKey.ufr;
  rc.candidate.region = "ARA";
  rc.candidate.discipline = Discipline::medecine;
  rc.candidate.year_of_study = 4;
  rc.email = name + "@example.fr";
  rc.list = RankingList::principal;
  rc.rank = rank;
  return rc;
}

ContractDraft draft_for(const std::string& reference) {
  ContractDraft d;
  d.effective_date = Date(2026, 2, 1);
  d.engagement = Engagement(40);
  d.template_id = "contrat-cesp-medecine";
  d.template_version = 1;
  d.template_sha256 = "00";
  d.data_json = "{\"reference\": \"" + reference + "\"}";
  return d;
}

struct World {
  explicit World(const std::string& uri, int quota, int candidates) : db(storage::Database::open(uri)) {
    campaigns = std::make_shared<CampaignStore>(db);
    contracts = std::make_shared<ContractStore>(db);
    campaign_id = campaigns->create(AcademicYear(2025), {{kKey, quota}});
    std::vector<RankedCandidate> rows;
    for (int i = 1; i <= candidates; ++i) rows.push_back(ranked("c" + std::to_string(i), i));
    for (const auto& s : campaigns->import_ranking(campaign_id, rows, kToday)) stored.push_back(s);
    std::sort(stored.begin(), stored.end(),
              [](const auto& a, const auto& b) { return a.candidate.birth_name < b.candidate.birth_name; });
  }
  Reservation reserve(const StoredCandidate& c, ContractStore* store = nullptr) {
    return (store ? *store : *contracts).reserve(c, kToday, "agent-1", draft_for);
  }
  std::shared_ptr<storage::Database> db;
  std::shared_ptr<CampaignStore> campaigns;
  std::shared_ptr<ContractStore> contracts;
  std::string campaign_id;
  std::vector<StoredCandidate> stored;  // c1, c2, ... (c1, c2 offered when quota is 2)
};

ErrorCode code_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.code();
  }
  FAIL("no error thrown");
  return ErrorCode::internal;
}

const auto kIssue = [](Contract& c) { c.issue(); };

}  // namespace

TEST_CASE("Reserving a contract numbers it, takes up the offer and refuses a second one",
          "[contract_store]") {
  for (const auto& uri : cesp::test::fresh_database_uris("contracts")) {
    INFO(uri);
    World w(uri, 2, 3);
    const Reservation first = w.reserve(w.stored[0]);
    CHECK_FALSE(first.resumed);
    CHECK(first.contract.reference == "CESP-2026-000001");
    CHECK(first.contract.state == ContractState::draft);
    CHECK(first.contract.allocation_months == 40);
    CHECK(w.campaigns->offer(w.stored[0].candidate.id)->state == OfferState::accepted);
    CHECK(w.reserve(w.stored[1]).contract.reference == "CESP-2026-000002");

    // An interrupted issue is taken up again, not duplicated.
    const Reservation again = w.reserve(w.stored[0]);
    CHECK(again.resumed);
    CHECK(again.contract.id == first.contract.id);

    // Once issued, a second issue is a conflict.
    const ContractRecord claimed = w.contracts->claim(first.contract.id, kIssue);
    Revision r;
    r.stage = "draft";
    r.archive_item_id = 7;
    r.sha256 = "ab";
    r.actor_id = "agent-1";
    r.actor_role = "agent";
    const ContractRecord issued = w.contracts->complete(claimed, kIssue, r);
    CHECK(issued.state == ContractState::issued);
    CHECK(code_of([&] { w.reserve(w.stored[0]); }) == ErrorCode::already_exists);
    REQUIRE(w.contracts->revisions(issued.id).size() == 1);
    CHECK(w.contracts->revisions(issued.id)[0].archive_item_id == 7);

    // The third ranked candidate has no offer (quota 2).
    CHECK(code_of([&] { w.reserve(w.stored[2]); }) == ErrorCode::offer_not_pending);
    CHECK(w.contracts->find_by_candidate(w.stored[2].candidate.id) == std::nullopt);
  }
}

TEST_CASE("Contract steps follow the domain's transitions and exclude each other", "[contract_store]") {
  for (const auto& uri : cesp::test::fresh_database_uris("contract_steps")) {
    INFO(uri);
    World w(uri, 1, 1);
    const std::string id = w.reserve(w.stored[0]).contract.id;
    const auto sign = [](Contract& c) { c.sign_by_candidate(); };
    CHECK(code_of([&] { w.contracts->claim(id, sign); }) == ErrorCode::invalid_transition);

    const ContractRecord claimed = w.contracts->claim(id, kIssue);
    // A second step while the first runs is refused at once.
    CHECK(code_of([&] { w.contracts->claim(id, kIssue); }) == ErrorCode::invalid_transition);
    w.contracts->release(claimed);
    const ContractRecord reclaimed = w.contracts->claim(id, kIssue);
    // The stale claim cannot complete any more.
    CHECK(code_of([&] { w.contracts->complete(claimed, kIssue, Revision{}); }) ==
          ErrorCode::invalid_transition);
    CHECK(w.contracts->complete(reclaimed, kIssue, Revision{}).state == ContractState::issued);

    const ContractRecord s = w.contracts->claim(id, sign);
    CHECK(w.contracts->complete(s, sign, Revision{}).state == ContractState::signed_by_candidate);
    CHECK(code_of([&] { w.contracts->claim(id, sign); }) == ErrorCode::invalid_transition);
    const auto countersign = [](Contract& c) { c.countersign(); };
    const ContractRecord cs = w.contracts->claim(id, countersign);
    CHECK(w.contracts->complete(cs, countersign, Revision{}).state == ContractState::countersigned);
    CHECK(w.contracts->in_state(ContractState::countersigned).size() == 1);
    CHECK(w.contracts->find(id)->domain().in_force());
  }
}

TEST_CASE("A claim left by a killed server is taken over at once, not after the lease",
          "[contract_store][claim_owner]") {
  for (const auto& uri : cesp::test::fresh_database_uris("contract_abandoned_claim")) {
    INFO(uri);
    World w(uri, 1, 1);
    const std::string id = w.reserve(w.stored[0]).contract.id;
    const ContractRecord abandoned = w.contracts->claim(id, kIssue);
    // Another live process on another host: its claim is respected.
    w.db->execute("UPDATE contracts SET busy_owner = 'another-host 1 1' WHERE id = ?", {id});
    CHECK(code_of([&] { w.contracts->claim(id, kIssue); }) == ErrorCode::invalid_transition);
    // A process of this host that no longer runs (pid 1 never started at tick 1).
    const std::string owner = this_process_claim_owner();
    const std::string host = owner.substr(0, owner.find(' '));
    w.db->execute("UPDATE contracts SET busy_owner = ? WHERE id = ?", {host + " 1 1", id});
    const ContractRecord taken_over = w.contracts->claim(id, kIssue);
    CHECK(code_of([&] { w.contracts->complete(abandoned, kIssue, Revision{}); }) ==
          ErrorCode::invalid_transition);
    CHECK(w.contracts->complete(taken_over, kIssue, Revision{}).state == ContractState::issued);
  }
}

TEST_CASE("Racing issues never exceed the quota", "[contract_store][concurrency]") {
  for (const auto& uri : cesp::test::fresh_database_uris("contract_race")) {
    INFO(uri);
    World w(uri, 3, 8);
    // The quota is lowered after the offers were made: three pending offers,
    // two places. Only the count of contracts can stop the third.
    w.db->execute("UPDATE quotas SET contracts = 2");
    // Two "servers": two Database objects (two pools) on the same database.
    auto other_server = std::make_shared<ContractStore>(storage::Database::open(uri));
    std::atomic<int> issued{0}, quota_refusals{0}, other{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        // Every thread tries every candidate, in a different order.
        for (std::size_t k = 0; k < w.stored.size(); ++k) {
          const auto& c = w.stored[(k + static_cast<std::size_t>(t)) % w.stored.size()];
          try {
            if (!w.reserve(c, t % 2 ? other_server.get() : nullptr).resumed) ++issued;
          } catch (const Error& e) {
            (e.code() == ErrorCode::quota_exhausted ? quota_refusals : other)++;
          }
        }
      });
    }
    for (auto& t : threads) t.join();
    CHECK(issued == 2);
    CHECK(quota_refusals > 0);
    auto count = w.db->query_one("SELECT count(*) FROM contracts");
    CHECK(count->integer(0) == 2);
  }
}
