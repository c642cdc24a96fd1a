// Every route x every role (and anonymous, and another candidate's ids):
// allowed calls must not be refused, denied ones must be 403 (401 without a
// session). A route missing from this table fails the test, so a new route
// cannot ship without its row.
#include <catch2/catch.hpp>

#include <set>

#include "cesp/server/http_server.h"

#include "support/contract_fixture.h"
#include "support/http_client.h"

using namespace cesp::server;
using cesp::test::http;

namespace {

enum Who { candidate, other_candidate_target, ufr, ars, agent, archivist, admin };

struct Row {
  std::string method;
  std::string pattern;
  std::set<std::string> allowed;  // roles; "*" = every authenticated role; "public" = even anonymous
  std::string path;               // with placeholders filled in
  std::string body;
  std::string content_type = "application/json";
};

const std::vector<std::pair<std::string, std::string>> kRoles = {
    {"candidate", "candidat@demo.cesp:demo-candidat"},
    {"ufr", "ufr@demo.cesp:demo-ufr"},
    {"ars", "ars@demo.cesp:demo-ars"},
    {"agent", "agent@demo.cesp:demo-agent"},
    {"archivist", "archiviste@demo.cesp:demo-archiviste"},
    {"admin", "admin@demo.cesp:demo-admin"}};

std::string login(int port, const std::string& credentials) {
  const auto colon = credentials.find(':');
  auto r = http(port, "POST", "/api/v1/session",
                R"({"login": ")" + credentials.substr(0, colon) + R"(", "password": ")" +
                    credentials.substr(colon + 1) + R"("})");
  REQUIRE(r.status == 201);
  return r.json()->getValue<std::string>("token");
}

std::string ranking_csv(const std::string& tag) {
  return "list;rank;ufr;discipline;status;year_of_study;birth_name;usage_name;given_names;sex;birth_date;"
         "birth_place;nationality;email;ine;region;street;postal_code;city\n"
         "principale;" +
         std::to_string(100 + static_cast<int>(tag.size())) +
         ";UFR-MED-LYON-EST;medecine;etudiant;4;MATRIX;;Test;F;2002-01-01;Lyon;française;" + tag +
         "@matrix.example;;ARA;1 rue;69001;Lyon\n";
}

}  // namespace

TEST_CASE("Authorization matrix: every route for every role", "[authz-matrix]") {
  ServerOptions options;
  options.port = 0;
  options.data_dir = cesp::test::fresh_dir("matrix");
  options.demo = true;
  HttpServer server(options);
  server.start();
  const int port = server.port();

  std::map<std::string, std::string> tokens;
  for (const auto& [role, credentials] : kRoles) tokens[role] = login(port, credentials);
  const std::string own_id =
      http(port, "GET", "/api/v1/me", "", tokens["candidate"]).json()->getValue<std::string>("candidate_id");
  auto campaigns = Poco::JSON::Parser()
                       .parse(http(port, "GET", "/api/v1/campaigns", "", tokens["admin"]).body)
                       .extract<Poco::JSON::Array::Ptr>();
  const std::string campaign = campaigns->getObject(0)->getValue<std::string>("id");
  std::string other_id;
  auto offers =
      Poco::JSON::Parser()
          .parse(http(port, "GET", "/api/v1/campaigns/" + campaign + "/offers", "", tokens["agent"]).body)
          .extract<Poco::JSON::Array::Ptr>();
  for (std::size_t i = 0; i < offers->size(); ++i) {
    const std::string id = offers->getObject(static_cast<unsigned>(i))->getValue<std::string>("candidate_id");
    if (id != own_id) other_id = id;
  }
  REQUIRE_FALSE(other_id.empty());
  // A contract for each of the two candidates (dossiers completed directly
  // in the piece store; OCR is not what this test is about).
  std::map<std::string, std::string> contract_of, document_of;
  for (const auto& id : {own_id, other_id}) {
    cesp::test::accept_all_pieces("sqlite:" + options.data_dir + "/cesp.sqlite", id,
                                  campaign.substr(campaign.find('-') + 1));
    auto issued = cesp::test::issue_contract(port, id, tokens["agent"]);
    INFO(issued.body);
    REQUIRE(issued.status == 201);
    contract_of[id] = issued.json()->getValue<std::string>("id");
    auto avenant =
        http(port, "POST", "/api/v1/contracts/" + contract_of[id] + "/avenants",
             R"({"kind": "bank_details_change", "iban": "FR7630006000011234567890189"})", tokens["agent"]);
    INFO(avenant.body);
    REQUIRE(avenant.status == 201);
    document_of[id] = avenant.json()->getValue<std::string>("id");
  }

  const std::set<std::string> all = {"*"};
  std::vector<Row> rows = {
      {"GET", "/healthz", {"public"}, "/healthz", ""},
      {"GET", "/metrics", {"public"}, "/metrics", ""},
      {"GET", "/api/v1/openapi.json", {"public"}, "/api/v1/openapi.json", ""},
      {"POST",
       "/api/v1/session",
       {"public"},
       "/api/v1/session",
       R"({"login": "agent@demo.cesp", "password": "demo-agent"})"},
      {"DELETE", "/api/v1/session", all, "/api/v1/session", ""},
      {"GET", "/api/v1/me", all, "/api/v1/me", ""},
      {"GET", "/api/v1/campaigns", {"ufr", "ars", "agent", "admin"}, "/api/v1/campaigns", ""},
      {"POST",
       "/api/v1/campaigns",
       {"admin"},
       "/api/v1/campaigns",
       R"({"academic_year": "2040-2041", "quotas": [{"ufr": "U", "discipline": "medecine", "contracts": 1}]})"},
      {"POST",
       "/api/v1/campaigns/{id}/rankings",
       {"ufr", "admin"},
       "/api/v1/campaigns/" + campaign + "/rankings",
       "",
       "text/csv"},
      {"GET",
       "/api/v1/campaigns/{id}/offers",
       {"ufr", "ars", "agent", "admin"},
       "/api/v1/campaigns/" + campaign + "/offers",
       ""},
      {"GET",
       "/api/v1/candidates/{id}/dossier",
       {"candidate", "ufr", "ars", "agent", "admin"},
       "/api/v1/candidates/" + own_id + "/dossier",
       ""},
  };
  rows.push_back({"GET",
                  "/api/v1/candidates/{id}/pieces",
                  {"candidate", "ufr", "ars", "agent", "admin"},
                  "/api/v1/candidates/" + own_id + "/pieces",
                  ""});
  // Uploads by allowed roles are refused later (400: empty form); only the
  // candidate themself passes the authorization check.
  rows.push_back({"POST",
                  "/api/v1/candidates/{id}/pieces",
                  {"candidate"},
                  "/api/v1/candidates/" + own_id + "/pieces",
                  "--x--\r\n",
                  "multipart/form-data; boundary=x"});
  // The web UI (public assets) and its read-only views.
  rows.push_back({"GET", "/", {"public"}, "/", ""});
  rows.push_back({"GET", "/app/{asset}", {"public"}, "/app/app.js", ""});
  rows.push_back({"GET",
                  "/api/v1/campaigns/{id}/dossiers",
                  {"ufr", "ars", "agent", "admin"},
                  "/api/v1/campaigns/" + campaign + "/dossiers",
                  ""});
  rows.push_back({"GET", "/api/v1/beneficiaries", {"archivist"}, "/api/v1/beneficiaries?q=lefevre", ""});
  // The dev PKI's revocation services (pki_routes.cpp): public, read-only.
  rows.push_back({"POST", "/pki/ocsp", {"public"}, "/pki/ocsp", "", "application/ocsp-request"});
  rows.push_back({"GET", "/pki/crl/{name}", {"public"}, "/pki/crl/intermediate.crl", ""});
  rows.push_back({"GET", "/pki/ca/{name}", {"public"}, "/pki/ca/root.der", ""});
  // The archive (archive_routes.cpp): archivists only, never the beneficiary.
  for (const auto& id : {own_id, other_id}) {
    rows.push_back({"GET", "/api/v1/archive/beneficiaries/{id}", {"archivist"}, "/api/v1/archive/beneficiaries/" + id, ""});
    rows.push_back({"GET",
                    "/api/v1/archive/beneficiaries/{id}/export",
                    {"archivist"},
                    "/api/v1/archive/beneficiaries/" + id + "/export",
                    ""});
  }
  rows.push_back({"GET", "/api/v1/archive/audit", {"archivist"}, "/api/v1/archive/audit", ""});
  // Another candidate's dossier, pieces and uploads: the candidate is refused.
  std::vector<Row> others;
  for (const auto& row : rows) {
    if (row.pattern.rfind("/api/v1/candidates/", 0) != 0) continue;
    Row other = row;
    other.path.replace(other.path.find(own_id), own_id.size(), other_id);
    other.allowed.erase("candidate");
    others.push_back(other);
  }

  // Contracts (contract_routes.cpp): the candidate's own, then another's.
  const std::set<std::string> contract_readers = {"candidate", "ufr", "ars", "agent", "archivist"};
  for (const auto& [id, readers] :
       {std::pair{own_id, contract_readers},
        std::pair{other_id, std::set<std::string>{"ufr", "ars", "agent", "archivist"}}}) {
    const bool own = id == own_id;
    const std::string contract = "/api/v1/contracts/" + contract_of[id];
    // Issuing again is a conflict (409) for the agent, forbidden for the others.
    rows.push_back({"POST",
                    "/api/v1/candidates/{id}/contract",
                    {"agent"},
                    "/api/v1/candidates/" + id + "/contract",
                    ""});
    rows.push_back(
        {"GET", "/api/v1/candidates/{id}/contract", readers, "/api/v1/candidates/" + id + "/contract", ""});
    rows.push_back({"GET", "/api/v1/contracts/{id}", readers, contract, ""});
    rows.push_back({"GET", "/api/v1/contracts/{id}/pdf", readers, contract + "/pdf", ""});
    rows.push_back({"GET", "/api/v1/contracts/{id}/verification", readers, contract + "/verification", ""});
    // Allowed signers get 400 (no password): the authorization check comes first.
    std::set<std::string> signers = {"agent"};
    if (own) signers.insert("candidate");
    rows.push_back({"POST", "/api/v1/contracts/{id}/signatures", signers, contract + "/signatures", "{}"});
    rows.push_back(
        {"POST", "/api/v1/contracts/{id}/extension", {"agent", "archivist"}, contract + "/extension", ""});
    // Avenants, installation validations, signable documents (avenant_routes.cpp).
    rows.push_back({"POST", "/api/v1/contracts/{id}/avenants", {"agent"}, contract + "/avenants", "{}"});
    rows.push_back({"GET", "/api/v1/contracts/{id}/avenants", readers, contract + "/avenants", ""});
    rows.push_back({"POST",
                    "/api/v1/beneficiaries/{id}/installations",
                    {"ars"},
                    "/api/v1/beneficiaries/" + id + "/installations",
                    "{}"});
    const std::string document = "/api/v1/documents/" + document_of[id];
    rows.push_back({"GET", "/api/v1/documents/{id}", readers, document, ""});
    rows.push_back({"GET", "/api/v1/documents/{id}/pdf", readers, document + "/pdf", ""});
    std::set<std::string> document_signers = {"agent", "ars"};
    if (own) document_signers.insert("candidate");
    rows.push_back(
        {"POST", "/api/v1/documents/{id}/signatures", document_signers, document + "/signatures", "{}"});
  }
  std::set<std::pair<std::string, std::string>> covered;
  for (const auto& row : rows) covered.insert({row.method, row.pattern});
  for (const auto& route : server.routes()) {
    INFO("route without a matrix row: " << route.first << " " << route.second);
    CHECK(covered.count(route));
  }

  rows.insert(rows.end(), others.begin(), others.end());
  for (const auto& row : rows) {
    for (const auto& [role, credentials] : kRoles) {
      std::string token = tokens[role];
      if (row.method == "DELETE") token = login(port, credentials);  // keep the shared session open
      const std::string body = row.content_type == "text/csv" ? ranking_csv(role) : row.body;
      auto reply = http(port, row.method, row.path, body, token, row.content_type);
      const bool allowed = row.allowed.count("public") || row.allowed.count("*") || row.allowed.count(role);
      INFO(role << " " << row.method << " " << row.path << " -> " << reply.status << " "
                << reply.body.substr(0, 200));
      if (allowed) {
        CHECK(reply.status != 403);
        CHECK(reply.status != 401);
        CHECK(reply.status < 500);
      } else {
        CHECK(reply.status == 403);
        CHECK(reply.error_code() == "forbidden");
      }
    }
    if (!row.allowed.count("public")) {
      INFO("anonymous " << row.method << " " << row.path);
      CHECK(http(port, row.method, row.path, row.body, "", row.content_type).status == 401);
    }
  }
}
