#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <atomic>
#include <sstream>
#include <thread>

#include "cesp/server/cli.h"
#include "cesp/server/http_server.h"
#include "cesp/signing/verify.h"
#include "cesp/storage/database.h"

#include "support/contract_fixture.h"
#include "support/databases.h"
#include "support/demo_server.h"
#include "workflow/today.h"

using namespace cesp;
using namespace cesp::server;
using cesp::test::http;
using cesp::test::string_member;

namespace {

struct Fixture {
  Fixture() : options(cesp::test::DemoServer::options("contracts-api")), server(options) {
    server.start();
    agent = login("agent@demo.cesp", "demo-agent");
    candidate = login("candidat@demo.cesp", "demo-candidat");
    candidate_id = string_member(get("/api/v1/me", candidate), "candidate_id");
    db_uri = "sqlite:" + options.data_dir + "/cesp.sqlite";
  }
  int port() const { return server.port(); }
  std::string year() const { return AcademicYear::containing(today_in_france()).text(); }
  std::string login(const std::string& who, const std::string& password) {
    return string_member(http(port(), "POST", "/api/v1/session",
                              R"({"login": ")" + who + R"(", "password": ")" + password + R"("})"),
                         "token");
  }
  cesp::test::Reply get(const std::string& path, const std::string& token) {
    return http(port(), "GET", path, "", token);
  }

  ServerOptions options;
  HttpServer server;
  std::string agent, candidate, candidate_id, db_uri;
};

}  // namespace

TEST_CASE("An agent issues a contract from a complete dossier, once", "[contracts-api]") {
  Fixture f;
  // Pieces missing: refused with a stable code.
  auto early = cesp::test::issue_contract(f.port(), f.candidate_id, f.agent);
  CHECK(early.status == 409);
  CHECK(early.error_code() == "dossier_incomplete");

  cesp::test::accept_all_pieces(f.db_uri, f.candidate_id, f.year());
  // Only agents issue.
  CHECK(cesp::test::issue_contract(f.port(), f.candidate_id, f.candidate).status == 403);
  auto issued = cesp::test::issue_contract(f.port(), f.candidate_id, f.agent);
  INFO(issued.body);
  REQUIRE(issued.status == 201);
  auto c = issued.json();
  const std::string id = c->getValue<std::string>("id");
  CHECK(c->getValue<std::string>("state") == "issued");
  CHECK(c->getValue<std::string>("reference").rfind("CESP-", 0) == 0);
  CHECK(c->getObject("next")->getValue<std::string>("by") == "candidate");
  CHECK(c->getObject("engagement")->getValue<int>("engagement_months") >= 24);
  CHECK(c->getArray("revisions")->size() == 1);
  CHECK(issued.headers["Location"] == "/api/v1/contracts/" + id);

  auto again = cesp::test::issue_contract(f.port(), f.candidate_id, f.agent);
  CHECK(again.status == 409);
  CHECK(again.error_code() == "already_exists");

  // The candidate reads their own contract and its PDF.
  auto mine = f.get("/api/v1/candidates/" + f.candidate_id + "/contract", f.candidate);
  CHECK(string_member(mine, "id") == id);
  auto pdf = f.get("/api/v1/contracts/" + id + "/pdf", f.candidate);
  CHECK(pdf.status == 200);
  CHECK(pdf.headers["Content-Type"] == "application/pdf");
  CHECK(pdf.body.rfind("%PDF-", 0) == 0);
  CHECK(pdf.headers["X-Revision-Stage"] == "draft");

  // Unknown ids answer like forbidden ones for a candidate, 404 for an agent.
  CHECK(f.get("/api/v1/contracts/ctr-nope", f.candidate).status == 403);
  CHECK(f.get("/api/v1/contracts/ctr-nope", f.agent).status == 404);
}

TEST_CASE("Signatures: re-authentication, consent, order, then B-LTA", "[contracts-api][signing]") {
  Fixture f;
  cesp::test::accept_all_pieces(f.db_uri, f.candidate_id, f.year());
  const std::string id = string_member(cesp::test::issue_contract(f.port(), f.candidate_id, f.agent), "id");

  // Malformed bodies, missing consent, wrong password.
  CHECK(http(f.port(), "POST", "/api/v1/contracts/" + id + "/signatures", "not json", f.candidate).status ==
        400);
  CHECK(http(f.port(), "POST", "/api/v1/contracts/" + id + "/signatures", "{}", f.candidate).error_code() ==
        "missing_field");
  CHECK(cesp::test::sign_contract(f.port(), id, f.candidate, "demo-candidat", false).error_code() ==
        "consent_required");
  auto wrong = cesp::test::sign_contract(f.port(), id, f.candidate, "not my password");
  CHECK(wrong.status == 403);
  CHECK(wrong.error_code() == "reauthentication_failed");
  // The agent cannot countersign before the candidate signs.
  auto early = cesp::test::sign_contract(f.port(), id, f.agent, "demo-agent");
  CHECK(early.status == 409);
  CHECK(early.error_code() == "invalid_transition");

  auto signed_reply = cesp::test::sign_contract(f.port(), id, f.candidate, "demo-candidat");
  INFO(signed_reply.body);
  REQUIRE(signed_reply.status == 200);
  CHECK(string_member(signed_reply, "state") == "signed_by_candidate");
  CHECK(signed_reply.json()->getObject("parties")->getObject("candidate")->getValue<bool>("signed"));
  // Twice by the same party: a conflict.
  CHECK(cesp::test::sign_contract(f.port(), id, f.candidate, "demo-candidat").error_code() ==
        "invalid_transition");

  auto countersigned = cesp::test::sign_contract(f.port(), id, f.agent, "demo-agent");
  INFO(countersigned.body);
  REQUIRE(countersigned.status == 200);
  // Extended to B-LTA right after the countersignature.
  CHECK(string_member(countersigned, "state") == "archived");
  CHECK(countersigned.json()->getArray("revisions")->size() == 4);
  CHECK(http(f.port(), "POST", "/api/v1/contracts/" + id + "/extension", "", f.agent).error_code() ==
        "invalid_transition");

  auto report = f.get("/api/v1/contracts/" + id + "/verification", f.candidate);
  INFO(report.body.substr(0, 2000));
  REQUIRE(report.status == 200);
  CHECK(string_member(report, "indication") == "TOTAL_PASSED");
  auto text = f.get("/api/v1/contracts/" + id + "/verification?format=text", f.agent);
  CHECK(text.headers["Content-Type"].rfind("text/plain", 0) == 0);
  CHECK(f.get("/api/v1/contracts/" + id + "/verification?format=xml", f.agent).status == 400);
  CHECK(f.get("/api/v1/contracts/" + id + "/pdf", f.agent).headers["X-Revision-Stage"] == "lta");

  // Both signatures are counted for /metrics; the refused attempts too.
  const std::string metrics = http(f.port(), "GET", "/metrics").body;
  CHECK_THAT(metrics, Catch::Contains("cesp_signatures_total{level=\"B-T\",result=\"ok\"} 2\n"));
  CHECK_THAT(metrics, Catch::Contains("cesp_signatures_total{level=\"B-T\",result=\"failed\"}"));
}

TEST_CASE("Two servers on one database race to issue: exactly the quota succeeds",
          "[contracts-api][concurrency]") {
  for (const auto& uri : cesp::test::fresh_database_uris("contracts_race")) {
    INFO(uri);
    auto first_options = cesp::test::DemoServer::options("race-a");
    first_options.database_uri = uri;
    HttpServer a(first_options);
    a.start();
    auto second_options = cesp::test::DemoServer::options("race-b");
    second_options.database_uri = uri;
    HttpServer b(second_options);
    b.start();

    // The demo campaign offered its two places (Anaïs and Moussa); a third
    // candidate gets an offer once the quota is raised, then the quota is
    // lowered back: three pending offers for two places.
    auto db = storage::Database::open(uri);
    db->execute("UPDATE quotas SET contracts = 3");
    const std::string agent = string_member(http(a.port(), "POST", "/api/v1/session",
                                                 R"({"login": "agent@demo.cesp", "password": "demo-agent"})"),
                                            "token");
    std::vector<std::string> candidates;
    for (const auto& row : db->query("SELECT id FROM candidates")) candidates.push_back(row.text(0));
    db->execute(
        "INSERT INTO offers (candidate_id, campaign_id, ufr, discipline, offered_on, state, closed_on) "
        "SELECT r.candidate_id, r.campaign_id, r.ufr, r.discipline, ?, 'pending', '' FROM rankings r "
        "WHERE r.list = 'principale' AND r.rank = 3",
        {today_in_france().iso()});
    db->execute("UPDATE quotas SET contracts = 2");
    for (const auto& id : candidates)
      cesp::test::accept_all_pieces(uri, id, AcademicYear::containing(today_in_france()).text());

    std::atomic<int> created{0}, refused{0}, failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
      threads.emplace_back([&, t] {
        const int port = t % 2 ? b.port() : a.port();
        for (std::size_t k = 0; k < candidates.size(); ++k) {
          auto r = cesp::test::issue_contract(
              port, candidates[(k + static_cast<std::size_t>(t)) % candidates.size()], agent);
          if (r.status == 201)
            ++created;
          else if (r.status == 409)
            ++refused;
          else
            ++failed;
        }
      });
    }
    for (auto& t : threads) t.join();
    CHECK(created == 2);
    CHECK(failed == 0);
    CHECK(db->query_one("SELECT count(*) FROM contracts")->integer(0) == 2);
  }
}

TEST_CASE("cesp contracts extend finishes a countersigned contract left without B-LTA",
          "[contracts-api][cli]") {
  Fixture f;
  cesp::test::accept_all_pieces(f.db_uri, f.candidate_id, f.year());
  const std::string id = string_member(cesp::test::issue_contract(f.port(), f.candidate_id, f.agent), "id");
  REQUIRE(cesp::test::sign_contract(f.port(), id, f.candidate, "demo-candidat").status == 200);
  REQUIRE(cesp::test::sign_contract(f.port(), id, f.agent, "demo-agent").status == 200);
  // As if the automatic extension had failed (TSA down): countersigned, no lta revision.
  auto db = storage::Database::open(f.db_uri);
  db->execute("UPDATE contracts SET state = 'countersigned' WHERE id = ?", {id});
  db->execute("DELETE FROM document_revisions WHERE document_id = ? AND stage = 'lta'", {id});

  std::ostringstream out, err;
  const int code =
      run_cli({"contracts", "extend", "--data-dir", f.options.data_dir, "--public-url", f.server.base_url()},
              out, err);
  INFO(out.str() << err.str());
  CHECK(code == 0);
  CHECK(out.str().find(" lta") != std::string::npos);
  CHECK(out.str().find("1 extended, 0 failed") != std::string::npos);
  auto contract = f.get("/api/v1/contracts/" + id, f.agent);
  CHECK(string_member(contract, "state") == "archived");
  auto report = f.get("/api/v1/contracts/" + id + "/verification", f.agent);
  CHECK(string_member(report, "indication") == "TOTAL_PASSED");
}

TEST_CASE("Two simultaneous signatures by the candidate: exactly one applies",
          "[contracts-api][concurrency]") {
  Fixture f;
  cesp::test::accept_all_pieces(f.db_uri, f.candidate_id, f.year());
  const std::string id = string_member(cesp::test::issue_contract(f.port(), f.candidate_id, f.agent), "id");
  // A second session of the same candidate, as from a second browser tab.
  const std::string other_tab = f.login("candidat@demo.cesp", "demo-candidat");
  std::atomic<int> ok{0}, conflict{0}, other{0};
  std::vector<std::thread> threads;
  for (const auto& token : {f.candidate, other_tab, f.candidate, other_tab}) {
    threads.emplace_back([&, token] {
      const auto r = cesp::test::sign_contract(f.port(), id, token, "demo-candidat");
      (r.status == 200 ? ok : r.error_code() == "invalid_transition" ? conflict : other)++;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 1);
  CHECK(conflict == 3);
  CHECK(other == 0);
  auto contract = f.get("/api/v1/contracts/" + id, f.agent);
  CHECK(contract.json()->getArray("revisions")->size() == 2);  // draft + one signature
}
