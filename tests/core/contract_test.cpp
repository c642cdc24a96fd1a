#include "cesp/core/contract.h"

#include <catch2/catch.hpp>

#include "cesp/core/error.h"

using namespace cesp;

namespace {

Contract new_contract(int allocation_months = 36) {
  return Contract("CESP-2025-000001", "cand-1", Date(2025, 9, 1), Engagement(allocation_months));
}

void expect_refused(Contract& c, void (Contract::*action)()) {
  const ContractState before = c.state();
  try {
    (c.*action)();
    FAIL("transition allowed from " << to_string(before));
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_transition);
  }
  CHECK(c.state() == before);
}

}  // namespace

TEST_CASE("A contract goes draft -> issued -> signed -> countersigned -> archived", "[contract]") {
  Contract c = new_contract();
  CHECK(c.state() == ContractState::draft);
  c.issue();
  c.sign_by_candidate();
  c.countersign();
  CHECK(c.in_force());
  c.archive();
  CHECK(c.state() == ContractState::archived);
}

TEST_CASE("Out-of-order transitions are refused and leave the state unchanged", "[contract]") {
  Contract c = new_contract();
  expect_refused(c, &Contract::sign_by_candidate);  // not issued
  expect_refused(c, &Contract::countersign);
  c.issue();
  expect_refused(c, &Contract::countersign);  // countersigning an unsigned contract
  expect_refused(c, &Contract::issue);        // issued twice
  expect_refused(c, &Contract::suspend);      // not in force yet
  c.sign_by_candidate();
  expect_refused(c, &Contract::sign_by_candidate);  // signed twice
  expect_refused(c, &Contract::archive);
  c.countersign();
  expect_refused(c, &Contract::countersign);
  expect_refused(c, &Contract::resume);
}

TEST_CASE("Suspension and resumption return to the state before", "[contract]") {
  Contract c = new_contract();
  c.issue();
  c.sign_by_candidate();
  c.countersign();
  c.archive();
  c.suspend();
  CHECK(c.state() == ContractState::suspended);
  expect_refused(c, &Contract::suspend);
  c.resume();
  CHECK(c.state() == ContractState::archived);
}

TEST_CASE("Termination records the case and is final", "[contract]") {
  Contract draft = new_contract();
  CHECK_THROWS_AS(draft.terminate(TerminationCase::studies_interrupted), Error);
  Contract c = new_contract();
  c.issue();
  c.sign_by_candidate();
  c.countersign();
  c.terminate(TerminationCase::installation_not_validated);
  CHECK(c.state() == ContractState::terminated);
  REQUIRE(c.termination_case());
  CHECK(article_4_number(*c.termination_case()) == 5);
  CHECK_THROWS_AS(c.terminate(TerminationCase::studies_interrupted), Error);
  expect_refused(c, &Contract::resume);
  expect_refused(c, &Contract::suspend);
}

TEST_CASE("There are six termination cases with stable codes", "[contract]") {
  REQUIRE(all_termination_cases().size() == 6);
  int number = 1;
  for (auto reason : all_termination_cases()) {
    CHECK(article_4_number(reason) == number++);
    CHECK(parse_termination_case(to_string(reason)) == reason);
    CHECK_FALSE(label_fr(reason).empty());
  }
  CHECK_THROWS_AS(parse_termination_case("bored"), Error);
}

TEST_CASE("Engagement equals allocation months, never under 24", "[engagement]") {
  CHECK(Engagement(36).engagement_months() == 36);
  CHECK(Engagement(12).engagement_months() == 24);
  CHECK(Engagement(0).engagement_months() == 24);
  CHECK(Engagement(36).total_allocation() == 36 * 120000);
  CHECK(Engagement(10, 150000).total_allocation() == 1500000);
  CHECK_THROWS_AS(Engagement(-1), Error);
  CHECK_THROWS_AS(Engagement(12, 0), Error);
}

TEST_CASE("A postponed installation lengthens the engagement", "[engagement]") {
  Engagement e(36);
  e.postpone_installation(12);
  CHECK(e.engagement_months() == 48);
  CHECK(e.total_allocation() == 36 * 120000);  // postponement pays nothing more
  Engagement short_one(12);
  short_one.postpone_installation(6);
  CHECK(short_one.engagement_months() == 30);  // 24 minimum, then + 6
  CHECK_THROWS_AS(e.postpone_installation(0), Error);
}

TEST_CASE("A suspension shortens the engagement but not below 24 months", "[engagement]") {
  Engagement e(40);
  e.suspend(6);
  CHECK(e.paid_months() == 34);
  CHECK(e.engagement_months() == 34);
  e.suspend(12);
  CHECK(e.engagement_months() == 24);
  CHECK(e.total_allocation() == 22 * 120000);
  CHECK_THROWS_AS(e.suspend(23), Error);  // more than remains to be paid
  CHECK(e.paid_months() == 22);
}

TEST_CASE("Longer studies add allocation months", "[engagement]") {
  Engagement e(30);
  e.extend_studies(12);
  CHECK(e.engagement_months() == 42);
}

TEST_CASE("Provisional allocation months run to the end of studies", "[engagement]") {
  CHECK(provisional_allocation_months(Date(2025, 9, 1), Date(2028, 9, 1)) == 36);
  CHECK(provisional_allocation_months(Date(2025, 9, 1), Date(2028, 8, 31)) == 35);
}
