#include "cesp/core/endorsement.h"

#include <catch2/catch.hpp>

#include "cesp/core/error.h"

using namespace cesp;

namespace {

Contract in_force_contract() {
  Contract c("CESP-2025-000042", "cand-42", Date(2025, 9, 1), Engagement(36));
  c.issue();
  c.sign_by_candidate();
  c.countersign();
  return c;
}

Endorsement avenant(EndorsementChange change, std::string contract = "CESP-2025-000042") {
  return Endorsement{"AV-1", std::move(contract), Date(2027, 3, 1), std::move(change)};
}

}  // namespace

TEST_CASE("A postponed-installation avenant lengthens the engagement", "[endorsement]") {
  Contract c = in_force_contract();
  apply_endorsement(c, avenant(PostponedInstallation{12, "FST"}));
  CHECK(c.engagement().engagement_months() == 48);
  CHECK(c.state() == ContractState::countersigned);
}

TEST_CASE("A suspension avenant suspends the contract and shortens the engagement", "[endorsement]") {
  Contract c = in_force_contract();
  apply_endorsement(c, avenant(Suspension{6, Date(2027, 3, 1), "disponibilité"}));
  CHECK(c.state() == ContractState::suspended);
  CHECK(c.engagement().engagement_months() == 30);
}

TEST_CASE("An avenant on a contract not yet in force is refused without change", "[endorsement]") {
  Contract c("CESP-2025-000042", "cand-42", Date(2025, 9, 1), Engagement(36));
  c.issue();
  try {
    apply_endorsement(c, avenant(Suspension{6, Date(2027, 3, 1), ""}));
    FAIL("suspension accepted on an issued contract");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_transition);
  }
  CHECK(c.state() == ContractState::issued);
  CHECK(c.engagement().suspended_months() == 0);
}

TEST_CASE("An invalid suspension leaves the contract untouched", "[endorsement]") {
  Contract c = in_force_contract();
  CHECK_THROWS_AS(apply_endorsement(c, avenant(Suspension{99, Date(2027, 3, 1), ""})), Error);
  CHECK(c.state() == ContractState::countersigned);  // not left suspended
}

TEST_CASE("An avenant for another contract is refused", "[endorsement]") {
  Contract c = in_force_contract();
  CHECK_THROWS_AS(apply_endorsement(c, avenant(PostponedInstallation{3, ""}, "CESP-OTHER")), Error);
  CHECK(c.engagement().postponed_months() == 0);
}

TEST_CASE("A termination avenant terminates with its case", "[endorsement]") {
  Contract c = in_force_contract();
  apply_endorsement(c, avenant(Termination{TerminationCase::practice_site_not_chosen, Date(2027, 3, 5)}));
  CHECK(c.state() == ContractState::terminated);
  CHECK(kind_name(avenant(BankDetailsChange{"FR76"}).change) == "bank_details_change");
  CHECK_THROWS_AS(apply_endorsement(c, avenant(BankDetailsChange{"FR7630006000011234567890189"})), Error);
}

TEST_CASE("IBANs are masked but for their last four characters", "[endorsement]") {
  CHECK(mask_iban("FR76 3000 6000 0112 3456 7890 189") == "**** **** **** **** **** ***0 189");
  CHECK(mask_iban("1234") == "1234");
}

TEST_CASE("Installation validation rules", "[installation]") {
  Contract c = in_force_contract();
  InstallationValidation v{"CESP-2025-000042",
                           "Maison de santé de Saint-Flour",
                           {"2 rue du Lac", "15100", "Saint-Flour"},
                           Zone::zip,
                           PracticeMode::liberal,
                           ArsDecision::approved,
                           Date(2030, 10, 1),
                           Date(2030, 11, 2)};
  CHECK_NOTHROW(check_installation(c, v));
  CHECK(engagement_end(v.start_date, 36).iso() == "2033-11-01");
  auto early = v;
  early.start_date = Date(2030, 9, 1);
  CHECK_THROWS_AS(check_installation(c, early), Error);
  auto nameless = v;
  nameless.site.clear();
  CHECK_THROWS_AS(check_installation(c, nameless), Error);
  Contract issued("CESP-2025-000042", "cand-42", Date(2025, 9, 1), Engagement(36));
  CHECK_THROWS_AS(check_installation(issued, v), Error);
  CHECK(parse_zone("ZAC") == Zone::zac);
  CHECK_THROWS_AS(parse_zone("QPV"), Error);
  CHECK(to_string(parse_practice_mode("mixte")) == "mixte");
}
