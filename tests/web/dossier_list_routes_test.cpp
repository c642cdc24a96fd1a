// GET /api/v1/campaigns/{id}/dossiers (the agent's view: rank order and what
// blocks each dossier) and GET /api/v1/beneficiaries?q= (the archivist's search).
#include <catch2/catch.hpp>

#include "support/demo_server.h"

using cesp::test::http;

namespace {

Poco::JSON::Array::Ptr array_of(const cesp::test::Reply& reply) {
  return Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Array::Ptr>();
}

std::string campaign_of(cesp::test::DemoServer& s, const std::string& token) {
  return array_of(s.get("/api/v1/campaigns", token))->getObject(0)->getValue<std::string>("id");
}

std::string joined(const Poco::JSON::Array::Ptr& strings) {
  std::string out;
  for (std::size_t i = 0; i < strings->size(); ++i)
    out += strings->getElement<std::string>(static_cast<unsigned>(i)) + "\n";
  return out;
}

}  // namespace

TEST_CASE("Dossiers come in rank order with what blocks each one", "[dossier-list]") {
  cesp::test::DemoServer s("dossier-list");
  const std::string agent = s.login("agent@demo.cesp", "demo-agent");
  const std::string campaign = campaign_of(s, agent);
  auto reply = s.get("/api/v1/campaigns/" + campaign + "/dossiers", agent);
  REQUIRE(reply.status == 200);
  auto lines = array_of(reply);
  // The demo campaign: 3 on the principal list, 1 on the complementary one, 2 places.
  REQUIRE(lines->size() == 4);
  std::vector<std::string> order;
  for (std::size_t i = 0; i < lines->size(); ++i) {
    auto line = lines->getObject(static_cast<unsigned>(i));
    order.push_back(line->getValue<std::string>("list") + std::to_string(line->getValue<int>("rank")));
  }
  CHECK(order == std::vector<std::string>{"principale1", "principale2", "principale3", "complementaire1"});

  auto first = lines->getObject(0);
  CHECK(first->getObject("candidate")->getValue<std::string>("birth_name") == "LEFÈVRE-DUPRÉ");
  CHECK(first->getObject("offer")->getValue<std::string>("state") == "pending");
  CHECK_FALSE(first->getValue<bool>("complete"));
  const std::string blocking = joined(first->getArray("blocking"));
  CHECK(blocking.find("Pièce d'identité en cours de validité : à déposer.") != std::string::npos);
  CHECK(blocking.find("Relevé d'identité bancaire") != std::string::npos);
  CHECK(first->getArray("pieces")->size() == 3);
  // Third on the list, beyond the quota of 2: no offer yet, and it says so.
  CHECK(joined(lines->getObject(2)->getArray("blocking")).find("Pas d'offre") != std::string::npos);
  CHECK_FALSE(lines->getObject(2)->has("offer"));
}

TEST_CASE("Dossier lists come a page at a time, the headers saying where", "[dossier-list]") {
  cesp::test::DemoServer s("dossier-list-pages");
  const std::string agent = s.login("agent@demo.cesp", "demo-agent");
  const std::string path = "/api/v1/campaigns/" + campaign_of(s, agent) + "/dossiers";
  auto ranks = [](const cesp::test::Reply& reply) {
    std::string out;
    auto lines = array_of(reply);
    for (std::size_t i = 0; i < lines->size(); ++i) {
      auto line = lines->getObject(static_cast<unsigned>(i));
      out += line->getValue<std::string>("list").substr(0, 1) + std::to_string(line->getValue<int>("rank")) +
             " ";
    }
    return out;
  };

  auto first = s.get(path + "?limit=3", agent);
  REQUIRE(first.status == 200);
  CHECK(ranks(first) == "p1 p2 p3 ");
  CHECK(first.headers["X-Total-Count"] == "4");
  CHECK(first.headers["Link"] == "<" + path + "?offset=3&limit=3>; rel=\"next\"");

  auto second = s.get(path + "?offset=3&limit=3", agent);
  REQUIRE(second.status == 200);
  CHECK(ranks(second) == "c1 ");
  CHECK(second.headers["X-Total-Count"] == "4");
  CHECK(second.headers["Link"] == "<" + path + "?offset=0&limit=3>; rel=\"prev\"");

  auto middle = s.get(path + "?offset=1&limit=2", agent);
  CHECK(ranks(middle) == "p2 p3 ");
  CHECK(middle.headers["Link"] ==
        "<" + path + "?offset=3&limit=2>; rel=\"next\", <" + path + "?offset=0&limit=2>; rel=\"prev\"");

  // Without parameters: the first 100, so the demo's 4 and no Link.
  auto whole = s.get(path, agent);
  CHECK(ranks(whole) == "p1 p2 p3 c1 ");
  CHECK(whole.headers.count("Link") == 0);
  // Past the end: an empty page, not an error.
  auto beyond = s.get(path + "?offset=40", agent);
  CHECK(beyond.status == 200);
  CHECK(array_of(beyond)->size() == 0);

  for (const char* bad :
       {"?limit=0", "?limit=1001", "?limit=abc", "?limit=", "?offset=-1", "?offset=1e3", "?limit=10%20"}) {
    INFO(bad);
    auto refused = s.get(path + bad, agent);
    CHECK(refused.status == 400);
    CHECK(refused.error_code() == "invalid_argument");
  }
}

TEST_CASE("Dossier lists follow each role's reach", "[dossier-list]") {
  cesp::test::DemoServer s("dossier-list-reach");
  const std::string campaign = campaign_of(s, s.login("admin@demo.cesp", "demo-admin"));
  const std::string path = "/api/v1/campaigns/" + campaign + "/dossiers";
  CHECK(array_of(s.get(path, s.login("ufr@demo.cesp", "demo-ufr")))->size() == 4);  // all of its UFR
  CHECK(array_of(s.get(path, s.login("ars@demo.cesp", "demo-ars")))->size() == 4);  // all in its region
  CHECK(s.get(path, s.login("candidat@demo.cesp", "demo-candidat")).status == 403);
  CHECK(s.get(path, s.login("archiviste@demo.cesp", "demo-archiviste")).status == 403);
  CHECK(s.get("/api/v1/campaigns/camp-1999-2000/dossiers", s.login("agent@demo.cesp", "demo-agent")).status ==
        404);
}

TEST_CASE("Archivists find a beneficiary by name, accents and case ignored, or by INE", "[dossier-list]") {
  cesp::test::DemoServer s("beneficiary-search");
  const std::string admin = s.login("admin@demo.cesp", "demo-admin");
  REQUIRE(
      http(
          s.port(), "POST", "/api/v1/campaigns",
          R"({"academic_year": "2031-2032", "quotas": [{"ufr": "UFR-X", "discipline": "odontologie", "contracts": 1}]})",
          admin)
          .status == 201);
  const std::string csv =
      "list;rank;ufr;discipline;status;year_of_study;birth_name;usage_name;given_names;sex;birth_date;"
      "birth_place;nationality;email;ine;region;street;postal_code;city\n"
      "principale;1;UFR-X;odontologie;etudiant;4;MÜLLER;;Zoé;F;2002-02-02;Metz;française;zoe@x.example;"
      "0912345678K;GE;1 rue;57000;Metz\n";
  REQUIRE(
      http(s.port(), "POST", "/api/v1/campaigns/camp-2031-2032/rankings", csv, admin, "text/csv").status ==
      201);

  const std::string archivist = s.login("archiviste@demo.cesp", "demo-archiviste");
  auto search = [&](const std::string& q) { return s.get("/api/v1/beneficiaries?q=" + q, archivist); };
  auto by_name = search("lefevre%20ana");
  REQUIRE(by_name.status == 200);
  REQUIRE(array_of(by_name)->size() == 1);
  CHECK(array_of(by_name)->getObject(0)->getValue<std::string>("given_names") == "Anaïs Marie");
  CHECK(array_of(search("Lef%C3%A8vre-Dupr%C3%A9"))->size() == 1);  // as typed, with accents
  CHECK(array_of(search("muller"))->size() == 1);
  auto by_ine = array_of(search("0912345678k"));
  REQUIRE(by_ine->size() == 1);
  CHECK(by_ine->getObject(0)->getValue<std::string>("birth_name") == "MÜLLER");
  CHECK(array_of(search("personne"))->size() == 0);
  CHECK(search("a").status == 400);
  CHECK(s.get("/api/v1/beneficiaries?q=lefevre", s.login("agent@demo.cesp", "demo-agent")).status == 403);
}
