#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include "cesp/server/http_server.h"

#include "support/contract_fixture.h"
#include "support/demo_server.h"
#include "workflow/today.h"

using namespace cesp;
using namespace cesp::server;
using cesp::test::http;
using cesp::test::string_member;

namespace {

// A demo server where the demo candidate's contract is issued, signed and
// countersigned (in force).
struct Fixture {
  Fixture() : options(cesp::test::DemoServer::options("avenants-api")), server(options) {
    server.start();
    agent = login("agent@demo.cesp", "demo-agent");
    candidate = login("candidat@demo.cesp", "demo-candidat");
    ars = login("ars@demo.cesp", "demo-ars");
    candidate_id = string_member(http(port(), "GET", "/api/v1/me", "", candidate), "candidate_id");
    cesp::test::accept_all_pieces("sqlite:" + options.data_dir + "/cesp.sqlite", candidate_id,
                                  AcademicYear::containing(today_in_france()).text());
    contract_id = string_member(cesp::test::issue_contract(port(), candidate_id, agent), "id");
  }
  void put_in_force() {
    REQUIRE(cesp::test::sign_contract(port(), contract_id, candidate, "demo-candidat").status == 200);
    REQUIRE(cesp::test::sign_contract(port(), contract_id, agent, "demo-agent").status == 200);
  }
  int port() const { return server.port(); }
  std::string login(const std::string& who, const std::string& password) {
    return string_member(http(port(), "POST", "/api/v1/session",
                              R"({"login": ")" + who + R"(", "password": ")" + password + R"("})"),
                         "token");
  }
  cesp::test::Reply avenant(const std::string& body) {
    return http(port(), "POST", "/api/v1/contracts/" + contract_id + "/avenants", body, agent);
  }
  cesp::test::Reply sign(const std::string& document, const std::string& token, const std::string& password) {
    return http(port(), "POST", "/api/v1/documents/" + document + "/signatures",
                R"({"password": ")" + password + R"(", "consent": true})", token);
  }

  ServerOptions options;
  HttpServer server;
  std::string agent, candidate, ars, candidate_id, contract_id;
};

const std::string kSuspension =
    R"({"kind": "suspension", "months": 6, "start": "2027-04-01", "reason": "disponibilité pour convenances personnelles"})";

}  // namespace

TEST_CASE("An avenant is checked, signed by both parties, then applied to the contract", "[avenants-api]") {
  Fixture f;
  // Not in force yet: a suspension is refused by the domain rules.
  auto early = f.avenant(kSuspension);
  CHECK(early.status == 409);
  CHECK(early.error_code() == "invalid_transition");
  CHECK(f.avenant("{\"kind\": \"holiday\"}").status == 400);
  CHECK(f.avenant("{\"kind\": \"suspension\"}").error_code() == "missing_field");
  CHECK(f.avenant("not json").status == 400);

  f.put_in_force();
  auto created = f.avenant(kSuspension);
  INFO(created.body);
  REQUIRE(created.status == 201);
  const std::string id = string_member(created, "id");
  CHECK(string_member(created, "state") == "issued");
  CHECK(string_member(created, "reference").find("-A1") != std::string::npos);
  CHECK(created.json()->getObject("next")->getValue<std::string>("by") == "candidate");

  // The agent cannot sign first; the candidate signs, then the agent.
  CHECK(f.sign(id, f.agent, "demo-agent").error_code() == "invalid_transition");
  CHECK(f.sign(id, f.candidate, "wrong").error_code() == "reauthentication_failed");
  auto by_candidate = f.sign(id, f.candidate, "demo-candidat");
  INFO(by_candidate.body);
  REQUIRE(by_candidate.status == 200);
  CHECK(string_member(by_candidate, "state") == "signed_by_candidate");
  CHECK(f.sign(id, f.candidate, "demo-candidat").error_code() == "invalid_transition");
  auto by_agent = f.sign(id, f.agent, "demo-agent");
  INFO(by_agent.body);
  REQUIRE(by_agent.status == 200);
  CHECK(string_member(by_agent, "state") == "archived");
  CHECK(by_agent.json()->has("applied_at"));

  // Applied: the contract is suspended and its engagement shortened.
  auto contract = http(f.port(), "GET", "/api/v1/contracts/" + f.contract_id, "", f.candidate);
  CHECK(string_member(contract, "state") == "suspended");
  CHECK(contract.json()->getObject("engagement")->getValue<int>("suspended_months") == 6);
  auto list = http(f.port(), "GET", "/api/v1/contracts/" + f.contract_id + "/avenants", "", f.candidate);
  CHECK(Poco::JSON::Parser().parse(list.body).extract<Poco::JSON::Array::Ptr>()->size() == 1);
  auto pdf = http(f.port(), "GET", "/api/v1/documents/" + id + "/pdf", "", f.candidate);
  CHECK(pdf.headers["X-Revision-Stage"] == "lta");

  // A termination notice is signed by the agent alone and ends the contract.
  auto notice =
      f.avenant(R"({"kind": "termination", "case": "studies_interrupted", "effective": "2027-05-02"})");
  INFO(notice.body);
  REQUIRE(notice.status == 201);
  const std::string notice_id = string_member(notice, "id");
  CHECK(notice.json()->getObject("next")->getValue<std::string>("by") == "agent");
  CHECK(f.sign(notice_id, f.candidate, "demo-candidat").error_code() == "invalid_transition");
  auto ended = f.sign(notice_id, f.agent, "demo-agent");
  INFO(ended.body);
  CHECK(string_member(ended, "state") == "archived");
  auto terminated = http(f.port(), "GET", "/api/v1/contracts/" + f.contract_id, "", f.agent);
  CHECK(string_member(terminated, "state") == "terminated");
  CHECK(string_member(terminated, "termination_case") == "studies_interrupted");
}

TEST_CASE("The region's ARS validates an installation and signs it", "[avenants-api]") {
  Fixture f;
  const std::string path = "/api/v1/beneficiaries/" + f.candidate_id + "/installations";
  const std::string body =
      R"({"password": "demo-ars", "site": "Maison de santé du Haut-Bugey", "address": {"street": "3, place de l'Église",
          "postal_code": "01100", "city": "Oyonnax"}, "zone": "zip", "mode": "liberal",
          "decision_date": "2031-10-02", "start_date": "2031-11-03"})";
  // The contract must be in force.
  CHECK(http(f.port(), "POST", path, body, f.ars).error_code() == "invalid_transition");
  f.put_in_force();
  CHECK(http(f.port(), "POST", path, body, f.agent).status == 403);
  CHECK(http(f.port(), "POST", path, R"({"password": "demo-ars"})", f.ars).status == 400);
  auto validated = http(f.port(), "POST", path, body, f.ars);
  INFO(validated.body);
  REQUIRE(validated.status == 201);
  CHECK(string_member(validated, "kind") == "installation");
  CHECK(string_member(validated, "state") == "archived");
  auto revisions = validated.json()->getArray("revisions");
  REQUIRE(revisions->size() == 3);  // draft, signed_by_ars, lta
  CHECK(revisions->getObject(1)->getValue<std::string>("stage") == "signed_by_ars");
}
