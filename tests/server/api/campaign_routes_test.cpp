#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "cesp/server/http_server.h"

#include "support/demo_server.h"

using namespace cesp::server;
using cesp::test::http;

namespace {

std::string sample_ranking() {
  std::ifstream in(std::string(CESP_SOURCE_DIR) + "/samples/rankings/lyon-est-medecine-2025-2026.csv");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("An admin creates a campaign and a UFR imports its ranking", "[campaigns-api]") {
  cesp::test::DemoServer s("campaigns-api");
  const std::string admin = s.login("admin@demo.cesp", "demo-admin");
  auto created = http(
      s.port(), "POST", "/api/v1/campaigns",
      R"({"academic_year": "2030-2031", "quotas": [{"ufr": "UFR-MED-LYON-EST", "discipline": "medecine", "contracts": 2}]})",
      admin);
  REQUIRE(created.status == 201);
  CHECK(created.json()->getValue<std::string>("id") == "camp-2030-2031");
  CHECK(
      http(
          s.port(), "POST", "/api/v1/campaigns",
          R"({"academic_year": "2030-2031", "quotas": [{"ufr": "X", "discipline": "medecine", "contracts": 1}]})",
          admin)
          .status == 409);

  const std::string ufr = s.login("ufr@demo.cesp", "demo-ufr");
  auto imported =
      http(s.port(), "POST", "/api/v1/campaigns/camp-2030-2031/rankings", sample_ranking(), ufr, "text/csv");
  REQUIRE(imported.status == 201);
  CHECK(imported.json()->getValue<int>("imported") == 4);
  auto first = imported.json()->getArray("candidates")->getObject(0);
  const std::string candidate_id = first->getValue<std::string>("candidate_id");

  // The new candidate logs in with the one-time password and sees their dossier.
  const std::string candidate =
      s.login(first->getValue<std::string>("login"), first->getValue<std::string>("initial_password"));
  auto dossier = s.get("/api/v1/candidates/" + candidate_id + "/dossier", candidate);
  REQUIRE(dossier.status == 200);
  CHECK(dossier.json()->getValue<std::string>("profile") == "etudiant");
  CHECK(dossier.json()->getArray("pieces")->size() == 3);
  CHECK_FALSE(dossier.json()->getValue<bool>("complete"));
  CHECK(dossier.json()->getObject("offer")->getValue<std::string>("state") == "pending");

  const std::string agent = s.login("agent@demo.cesp", "demo-agent");
  auto offers = s.get("/api/v1/campaigns/camp-2030-2031/offers", agent);
  REQUIRE(offers.status == 200);
  CHECK(offers.body.find(candidate_id) != std::string::npos);
  CHECK(offers.headers["X-Total-Count"] == "2");
  // A page at a time, like the dossiers.
  auto page = s.get("/api/v1/campaigns/camp-2030-2031/offers?limit=1", agent);
  REQUIRE(page.status == 200);
  CHECK(Poco::JSON::Parser().parse(page.body).extract<Poco::JSON::Array::Ptr>()->size() == 1);
  CHECK(page.headers["Link"] == "</api/v1/campaigns/camp-2030-2031/offers?offset=1&limit=1>; rel=\"next\"");
  CHECK(s.get("/api/v1/campaigns/camp-2030-2031/offers?offset=x", agent).status == 400);
  auto campaigns = s.get("/api/v1/campaigns", admin);
  CHECK(campaigns.body.find("\"places_left\":0") != std::string::npos);
}

TEST_CASE("A UFR cannot import candidates of another UFR", "[campaigns-api]") {
  cesp::test::DemoServer s("campaigns-api");
  std::string csv = sample_ranking();
  for (std::size_t at; (at = csv.find("UFR-MED-LYON-EST")) != std::string::npos;)
    csv.replace(at, 16, "UFR-MED-PARIS-1");
  const std::string ufr = s.login("ufr@demo.cesp", "demo-ufr");
  auto campaigns = s.get("/api/v1/campaigns", ufr);
  REQUIRE(campaigns.status == 200);
  auto list = Poco::JSON::Parser().parse(campaigns.body).extract<Poco::JSON::Array::Ptr>();
  REQUIRE(list->size() == 1);  // the demo campaign
  const std::string id = list->getObject(0)->getValue<std::string>("id");
  auto reply = http(s.port(), "POST", "/api/v1/campaigns/" + id + "/rankings", csv, ufr, "text/csv");
  CHECK(reply.status == 403);
  CHECK(reply.error_code() == "forbidden");
}

TEST_CASE("Bad ranking files are 400 with the line", "[campaigns-api]") {
  cesp::test::DemoServer s("campaigns-api");
  const std::string admin = s.login("admin@demo.cesp", "demo-admin");
  http(
      s.port(), "POST", "/api/v1/campaigns",
      R"({"academic_year": "2031-2032", "quotas": [{"ufr": "UFR-MED-LYON-EST", "discipline": "medecine", "contracts": 1}]})",
      admin);
  std::string csv = sample_ranking();
  csv.replace(csv.find("2002-03-14"), 10, "2002-13-14");
  auto reply = http(s.port(), "POST", "/api/v1/campaigns/camp-2031-2032/rankings", csv, admin, "text/csv");
  CHECK(reply.status == 400);
  CHECK(reply.error_code() == "invalid_date");
  CHECK(http(s.port(), "POST", "/api/v1/campaigns", R"({"academic_year": "2031"})", admin).status == 400);

  // Two rows with one address: refused before anything is stored.
  std::string twice = sample_ranking();
  twice.replace(twice.find("moussa.ndiaye@etu.example.fr"), 28, "camille.lefevre@etu.example.fr");
  auto duplicate =
      http(s.port(), "POST", "/api/v1/campaigns/camp-2031-2032/rankings", twice, admin, "text/csv");
  CHECK(duplicate.status == 409);
  CHECK(
      http(s.port(), "POST", "/api/v1/campaigns/camp-2031-2032/rankings", sample_ranking(), admin, "text/csv")
          .status == 201);
}
