// The whole path of issue 7 through the HTTP API, with real components: the
// candidate uploads the three sample pieces (real OCR in isolated workers),
// an agent issues the contract, the candidate signs, the agent
// countersigns, the contract is extended to B-LTA; the final PDF passes our
// verifier and poppler's pdfsig, and the beneficiary's archive exports and
// verifies (GET /api/v1/archive/beneficiaries/{id}[/export], then
// storage::verify_export offline).
#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <cstdio>
#include <fstream>

#include "cesp/server/http_server.h"
#include "cesp/signing/verify.h"
#include "cesp/storage/archive_export.h"

#include "support/contract_fixture.h"
#include "support/demo_server.h"
#include "support/multipart.h"

using namespace cesp;
using cesp::test::http;
using cesp::test::Multipart;
using cesp::test::string_member;

namespace {

const std::string kPieces = std::string(CESP_SOURCE_DIR) + "/samples/pieces/";

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  pclose(pipe);
  return out;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("A full dossier through the API: pieces, issue, signatures, B-LTA, archive export",
          "[contracts-api][e2e]") {
  auto options = cesp::test::DemoServer::options("contract-e2e");
  server::HttpServer server(options);
  server.start();
  const int port = server.port();
  auto login = [&](const std::string& who, const std::string& password) {
    return string_member(http(port, "POST", "/api/v1/session",
                              R"({"login": ")" + who + R"(", "password": ")" + password + R"("})"),
                         "token");
  };
  const std::string admin = login("admin@demo.cesp", "demo-admin");
  const std::string agent = login("agent@demo.cesp", "demo-agent");

  // The sample certificate is of 2025-2026: a campaign of that year, where
  // Anaïs (the person of the sample pieces) is ranked first.
  REQUIRE(
      http(
          port, "POST", "/api/v1/campaigns",
          R"({"academic_year": "2025-2026", "quotas": [{"ufr": "UFR-MED-LYON-EST", "discipline": "medecine", "contracts": 1}]})",
          admin)
          .status == 201);
  const std::string csv =
      "list;rank;ufr;discipline;status;year_of_study;birth_name;usage_name;given_names;sex;birth_date;birth_"
      "place;"
      "nationality;email;ine;region;street;postal_code;city\n"
      "principale;1;UFR-MED-LYON-EST;medecine;etudiant;5;LEFÈVRE-DUPRÉ;;Anaïs "
      "Marie;F;2001-03-14;Lyon;française;"
      "anais@e2e.example;;ARA;12 rue de l'Université;69007;Lyon\n";
  auto imported = http(port, "POST", "/api/v1/campaigns/camp-2025-2026/rankings", csv, admin, "text/csv");
  REQUIRE(imported.status == 201);
  auto created = imported.json()->getArray("candidates")->getObject(0);
  const std::string candidate_id = created->getValue<std::string>("candidate_id");
  const std::string password = created->getValue<std::string>("initial_password");
  const std::string candidate = login("anais@e2e.example", password);

  for (const auto& [kind, file] : {std::pair{"identity", "clean/cni_anais.png"},
                                   {"enrollment", "clean/certificat_anais.png"},
                                   {"bank", "clean/rib_anais.png"}}) {
    const std::string body = Multipart()
                                 .field("kind", kind)
                                 .file("file", "piece.png", cesp::test::read_binary(kPieces + file))
                                 .finish();
    auto reply = http(port, "POST", "/api/v1/candidates/" + candidate_id + "/pieces", body, candidate,
                      Multipart::content_type());
    INFO(kind << ": " << reply.body);
    REQUIRE(reply.status == 201);
    CHECK(string_member(reply, "state") == "accepted");
  }
  auto dossier = http(port, "GET", "/api/v1/candidates/" + candidate_id + "/dossier", "", candidate);
  REQUIRE(dossier.json()->getValue<bool>("complete"));

  auto issued = cesp::test::issue_contract(port, candidate_id, agent);
  INFO(issued.body);
  REQUIRE(issued.status == 201);
  const std::string id = string_member(issued, "id");
  auto signed_reply = cesp::test::sign_contract(port, id, candidate, password);
  INFO(signed_reply.body);
  REQUIRE(signed_reply.status == 200);
  auto countersigned = cesp::test::sign_contract(port, id, agent, "demo-agent");
  INFO(countersigned.body);
  REQUIRE(countersigned.status == 200);
  CHECK(string_member(countersigned, "state") == "archived");

  auto report = http(port, "GET", "/api/v1/contracts/" + id + "/verification", "", candidate);
  INFO(report.body.substr(0, 3000));
  CHECK(string_member(report, "indication") == "TOTAL_PASSED");
  auto pdf = http(port, "GET", "/api/v1/contracts/" + id + "/pdf", "", candidate);
  REQUIRE(pdf.status == 200);
  CHECK(pdf.headers["X-Revision-Stage"] == "lta");

  // poppler's own check of the final file: both signatures valid.
  const std::string file = cesp::test::fresh_dir("contract-e2e-pdf") + "/contrat.pdf";
  std::ofstream(file, std::ios::binary) << pdf.body;
  const std::string pdfsig = run("pdfsig " + file);
  INFO(pdfsig);
  CHECK(count_of(pdfsig, "Signature is Valid") >= 2);
  CHECK(pdfsig.find("signature_candidat") != std::string::npos);
  CHECK(pdfsig.find("signature_agent") != std::string::npos);
  // The archivist's view: four revisions of the contract next to the
  // pieces; the beneficiary's evidence package exports and verifies offline.
  const std::string archivist = login("archiviste@demo.cesp", "demo-archiviste");
  auto record = http(port, "GET", "/api/v1/archive/beneficiaries/" + candidate_id, "", archivist);
  INFO(record.body.substr(0, 2000));
  REQUIRE(record.status == 200);
  std::vector<std::string> stages;
  auto items = record.json()->getArray("items");
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto item = items->getObject(static_cast<unsigned>(i));
    if (item->getValue<std::string>("kind") == "contract")
      stages.push_back(item->getValue<std::string>("stage"));
  }
  CHECK(stages == std::vector<std::string>{"draft", "signed_by_candidate", "countersigned", "lta"});
  auto exported =
      http(port, "GET", "/api/v1/archive/beneficiaries/" + candidate_id + "/export", "", archivist);
  REQUIRE(exported.status == 200);
  const std::string zip = cesp::test::fresh_dir("contract-e2e-export") + "/export.zip";
  std::ofstream(zip, std::ios::binary) << exported.body;
  server.stop();
  const auto verification = storage::verify_export(zip, {});
  INFO(verification.to_text());
  CHECK(verification.ok());
}
