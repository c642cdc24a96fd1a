#include "cesp/core/dossier.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "cesp/core/error.h"

using namespace cesp;

namespace {

std::string read_rules_file() {
  std::ifstream in(std::string(CESP_SOURCE_DIR) + "/samples/rules/required-pieces.json");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Candidate candidate(CandidateStatus status) {
  Candidate c;
  c.status = status;
  return c;
}

void expect_invalid_rules(const std::string& json, const std::string& fragment) {
  try {
    DossierRules::parse(json);
    FAIL("accepted: " << json);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_rules);
    CHECK_THAT(e.context(), Catch::Contains(fragment));
  }
}

}  // namespace

TEST_CASE("The shipped rules file parses and covers every status", "[dossier]") {
  DossierRules rules = DossierRules::parse(read_rules_file());
  CHECK(rules.version() == "2025-2026.1");
  CHECK(rules.profile_for(candidate(CandidateStatus::etudiant)).pieces.size() == 3);
  CHECK(rules.profile_for(candidate(CandidateStatus::interne)).id == "interne");
  const Profile& padhue = rules.profile_for(candidate(CandidateStatus::padhue));
  CHECK(padhue.pieces.size() == 2);  // no certificat de scolarité
}

TEST_CASE("A dossier is complete only when every required piece is accepted", "[dossier]") {
  DossierRules rules = DossierRules::parse(read_rules_file());
  Dossier d(rules, candidate(CandidateStatus::etudiant));
  CHECK_FALSE(d.complete());
  CHECK(d.blocking().size() == 3);
  d.set_state(PieceKind::identity, PieceState::accepted);
  d.set_state(PieceKind::enrollment, PieceState::review);
  d.set_state(PieceKind::bank, PieceState::accepted);
  CHECK_FALSE(d.complete());
  CHECK(d.blocking() == std::vector<PieceKind>{PieceKind::enrollment});
  d.set_state(PieceKind::enrollment, PieceState::accepted);
  CHECK(d.complete());
}

TEST_CASE("A piece the profile does not require is refused", "[dossier]") {
  DossierRules rules = DossierRules::parse(read_rules_file());
  Dossier d(rules, candidate(CandidateStatus::padhue));
  CHECK_THROWS_AS(d.set_state(PieceKind::enrollment, PieceState::accepted), Error);
}

TEST_CASE("Malformed rules name the problem", "[dossier]") {
  expect_invalid_rules("not json", "JSON");
  expect_invalid_rules(R"({"profiles": []})", "rules_version");
  expect_invalid_rules(R"({"rules_version": "1", "profiles": []})", "profiles");
  expect_invalid_rules(
      R"({"rules_version": "1", "profiles": [{"id": "a", "statuses": ["etudiant"], "disciplines": ["medecine"],
          "pieces": [{"kind": "passport_photo", "label": "x", "checks": ["c"]}]}]})",
      "passport_photo");
  expect_invalid_rules(
      R"({"rules_version": "1", "profiles": [
          {"id": "a", "statuses": ["etudiant"], "disciplines": ["medecine"],
           "pieces": [{"kind": "bank", "label": "x", "checks": ["c"]}]},
          {"id": "b", "statuses": ["etudiant", "interne"], "disciplines": ["medecine"],
           "pieces": [{"kind": "bank", "label": "x", "checks": ["c"]}]}]})",
      "recouvre");
  expect_invalid_rules(
      R"({"rules_version": "1", "profiles": [{"id": "a", "statuses": ["etudiant"], "disciplines": ["medecine"],
          "pieces": [{"kind": "bank", "label": "x", "checks": ["c"]}, {"kind": "bank", "label": "y", "checks": ["c"]}]}]})",
      "double");
}

TEST_CASE("A candidate no profile covers is reported", "[dossier]") {
  DossierRules rules = DossierRules::parse(
      R"({"rules_version": "1", "profiles": [{"id": "a", "statuses": ["etudiant"], "disciplines": ["medecine"],
          "pieces": [{"kind": "bank", "label": "x", "checks": ["c"]}]}]})");
  CHECK_THROWS_AS(rules.profile_for(candidate(CandidateStatus::interne)), Error);
}
