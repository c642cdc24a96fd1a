#include "security/authorization.h"

#include <catch2/catch.hpp>

#include "cesp/core/error.h"

using namespace cesp::server;

namespace {

Principal as(Role role) {
  Principal p;
  p.account_id = "acc";
  p.role = role;
  p.candidate_id = role == Role::candidate ? "cand-1" : "";
  p.ufr = role == Role::ufr ? "UFR-A" : "";
  p.region = role == Role::ars ? "ARA" : "";
  return p;
}

const Scope kOwnCandidate{"cand-1", "UFR-A", "ARA"};
const Scope kOtherCandidate{"cand-2", "UFR-B", "IDF"};

}  // namespace

TEST_CASE("Candidates reach only their own dossier", "[authz]") {
  CHECK(allowed(as(Role::candidate), Action::read_dossier, kOwnCandidate));
  CHECK_FALSE(allowed(as(Role::candidate), Action::read_dossier, kOtherCandidate));
  CHECK(allowed(as(Role::candidate), Action::upload_piece, kOwnCandidate));
  CHECK_FALSE(allowed(as(Role::candidate), Action::upload_piece, kOtherCandidate));
  CHECK_FALSE(allowed(as(Role::candidate), Action::countersign, kOwnCandidate));
  CHECK_FALSE(allowed(as(Role::candidate), Action::list_campaigns));
}

TEST_CASE("UFR and ARS staff are limited to their UFR or region", "[authz]") {
  CHECK(allowed(as(Role::ufr), Action::read_dossier, kOwnCandidate));
  CHECK_FALSE(allowed(as(Role::ufr), Action::read_dossier, kOtherCandidate));
  CHECK(allowed(as(Role::ufr), Action::import_ranking, Scope{"", "UFR-A", ""}));
  CHECK_FALSE(allowed(as(Role::ufr), Action::import_ranking, Scope{"", "UFR-B", ""}));
  CHECK(allowed(as(Role::ars), Action::validate_installation, kOwnCandidate));
  CHECK_FALSE(allowed(as(Role::ars), Action::validate_installation, kOtherCandidate));
  CHECK_FALSE(allowed(as(Role::ars), Action::issue_contract, kOwnCandidate));
}

TEST_CASE("An empty scope never matches an unscoped principal", "[authz]") {
  Principal stray = as(Role::ufr);
  stray.ufr.clear();
  CHECK_FALSE(allowed(stray, Action::read_dossier, Scope{"", "", ""}));
  Principal candidate_without_record = as(Role::candidate);
  candidate_without_record.candidate_id.clear();
  CHECK_FALSE(allowed(candidate_without_record, Action::read_dossier, Scope{}));
}

TEST_CASE("Agents issue and countersign; archivists only read the archive", "[authz]") {
  CHECK(allowed(as(Role::agent), Action::issue_contract, kOtherCandidate));
  CHECK(allowed(as(Role::agent), Action::countersign, kOtherCandidate));
  CHECK_FALSE(allowed(as(Role::agent), Action::read_archive));
  CHECK(allowed(as(Role::archivist), Action::export_archive));
  CHECK_FALSE(allowed(as(Role::archivist), Action::issue_contract, kOwnCandidate));
  CHECK_FALSE(allowed(as(Role::archivist), Action::read_dossier, kOwnCandidate));
  CHECK_FALSE(allowed(as(Role::admin), Action::countersign, kOwnCandidate));
  CHECK(allowed(as(Role::admin), Action::create_campaign));
}

TEST_CASE("require throws forbidden", "[authz]") {
  try {
    require(as(Role::candidate), Action::create_campaign);
    FAIL("allowed");
  } catch (const cesp::Error& e) {
    CHECK(e.code() == cesp::ErrorCode::forbidden);
  }
}

TEST_CASE("Role names round-trip", "[authz]") {
  for (Role role : all_roles()) CHECK(parse_role(to_string(role)) == role);
  CHECK_THROWS_AS(parse_role("root"), cesp::Error);
}
