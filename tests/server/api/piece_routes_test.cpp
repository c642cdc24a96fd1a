#include <catch2/catch.hpp>

#include "cesp/server/http_server.h"
#include "cesp/storage/archive_setup.h"

#include "support/demo_server.h"
#include "support/multipart.h"

using namespace cesp::server;
using cesp::test::http;
using cesp::test::Multipart;

namespace {

const std::string kPieces = std::string(CESP_SOURCE_DIR) + "/samples/pieces/";

struct Fixture {
  Fixture() {
    admin = login("admin@demo.cesp", "demo-admin");
    REQUIRE(
        http(
            port(), "POST", "/api/v1/campaigns",
            R"({"academic_year": "2025-2026", "quotas": [{"ufr": "UFR-TEST", "discipline": "medecine", "contracts": 3}]})",
            admin)
            .status == 201);
    const std::string csv =
        "list;rank;ufr;discipline;status;year_of_study;birth_name;usage_name;given_names;sex;birth_date;"
        "birth_place;"
        "nationality;email;ine;region;street;postal_code;city\n"
        "principale;1;UFR-TEST;medecine;etudiant;4;LEFÈVRE-DUPRÉ;;Anaïs Marie;F;2001-03-14;Lyon;française;"
        "anais@test.example;;ARA;1 rue;69001;Lyon\n";
    auto imported = http(port(), "POST", "/api/v1/campaigns/camp-2025-2026/rankings", csv, admin, "text/csv");
    REQUIRE(imported.status == 201);
    auto created = imported.json()->getArray("candidates")->getObject(0);
    candidate_id = created->getValue<std::string>("candidate_id");
    candidate = login("anais@test.example", created->getValue<std::string>("initial_password"));
  }
  int port() const { return demo.port(); }
  std::string login(const std::string& who, const std::string& password) { return demo.login(who, password); }
  cesp::test::Reply upload(const std::string& kind, const std::string& file, const std::string& token) {
    const std::string body =
        Multipart()
            .field("kind", kind)
            .file("file", file.substr(file.rfind('/') + 1), cesp::test::read_binary(kPieces + file))
            .finish();
    return http(port(), "POST", "/api/v1/candidates/" + candidate_id + "/pieces", body, token,
                Multipart::content_type());
  }

  cesp::test::DemoServer demo{"pieces-api"};
  std::string admin, candidate, candidate_id;
};

std::string first_reason(const cesp::test::Reply& r) {
  auto reasons = r.json()->getObject("verdict")->getArray("reasons");
  return reasons && reasons->size() > 0 ? reasons->getObject(0)->getValue<std::string>("code") : "";
}

}  // namespace

TEST_CASE("A candidate uploads pieces, gets verdicts, replaces a refused one", "[pieces-api]") {
  Fixture f;
  auto identity = f.upload("identity", "clean/cni_anais.png", f.candidate);
  REQUIRE(identity.status == 201);
  CHECK(identity.json()->getValue<std::string>("state") == "accepted");
  CHECK(identity.json()->getObject("verdict")->getObject("fields")->getValue<std::string>("birth_date") ==
        "2001-03-14");

  // An accepted piece cannot be replaced.
  CHECK(f.upload("identity", "clean/cni_anais.png", f.candidate).status == 409);

  auto wrong_holder = f.upload("bank", "clean/rib_anais_other_holder.png", f.candidate);
  REQUIRE(wrong_holder.status == 201);
  CHECK(wrong_holder.json()->getValue<std::string>("state") == "rejected");
  CHECK(first_reason(wrong_holder) == "holder_mismatch");

  // The same bytes again are a duplicate, not a second check.
  auto duplicate = f.upload("bank", "clean/rib_anais_other_holder.png", f.candidate);
  CHECK(first_reason(duplicate) == "duplicate");

  auto good_rib = f.upload("bank", "clean/rib_anais.png", f.candidate);
  CHECK(good_rib.json()->getValue<std::string>("state") == "accepted");

  auto hostile = f.upload("enrollment", "hostile/zip_named.pdf", f.candidate);
  REQUIRE(hostile.status == 201);
  CHECK(hostile.json()->getValue<std::string>("state") == "rejected");
  CHECK(first_reason(hostile) == "unsupported_type");

  auto dossier = http(f.port(), "GET", "/api/v1/candidates/" + f.candidate_id + "/dossier", "", f.candidate);
  REQUIRE(dossier.status == 200);
  auto pieces = dossier.json()->getArray("pieces");
  std::map<std::string, std::string> states;
  for (std::size_t i = 0; i < pieces->size(); ++i) {
    auto p = pieces->getObject(static_cast<unsigned>(i));
    states[p->getValue<std::string>("kind")] = p->getValue<std::string>("state");
  }
  CHECK(states["identity"] == "accepted");
  CHECK(states["bank"] == "accepted");
  CHECK(states["enrollment"] == "rejected");
  CHECK_FALSE(dossier.json()->getValue<bool>("complete"));

  auto history = http(f.port(), "GET", "/api/v1/candidates/" + f.candidate_id + "/pieces", "", f.candidate);
  CHECK(Poco::JSON::Parser().parse(history.body).extract<Poco::JSON::Array::Ptr>()->size() == 5);
}

TEST_CASE("Uploads are validated before any check", "[pieces-api]") {
  Fixture f;
  const std::string path = "/api/v1/candidates/" + f.candidate_id + "/pieces";
  CHECK(http(f.port(), "POST", path, "{}", f.candidate).status == 400);  // not multipart
  auto no_kind = http(f.port(), "POST", path, Multipart().file("file", "a.png", "x").finish(), f.candidate,
                      Multipart::content_type());
  CHECK(no_kind.status == 400);
  auto no_file = http(f.port(), "POST", path, Multipart().field("kind", "bank").finish(), f.candidate,
                      Multipart::content_type());
  CHECK(no_file.error_code() == "missing_field");
  auto too_big = http(
      f.port(), "POST", path,
      Multipart().field("kind", "bank").file("file", "big.png", std::string((20u << 20) + 1, 'x')).finish(),
      f.candidate, Multipart::content_type());
  CHECK(too_big.status == 413);
  // Another person's dossier is out of reach, even for uploads.
  const std::string other = f.login("candidat@demo.cesp", "demo-candidat");
  CHECK(f.upload("bank", "clean/rib_anais.png", other).status == 403);
}

TEST_CASE("The demo candidate's sample pieces pass, as the README promises", "[pieces-api]") {
  cesp::test::DemoServer s("demo-pieces");
  const std::string token = s.login("candidat@demo.cesp", "demo-candidat");
  const std::string id = s.get("/api/v1/me", token).json()->getValue<std::string>("candidate_id");
  for (const auto& [kind, file] :
       {std::pair{"identity", "clean/cni_anais.png"}, {"bank", "clean/rib_anais.png"}}) {
    const std::string body = Multipart()
                                 .field("kind", kind)
                                 .file("file", "piece.png", cesp::test::read_binary(kPieces + file))
                                 .finish();
    auto reply = http(s.port(), "POST", "/api/v1/candidates/" + id + "/pieces", body, token,
                      Multipart::content_type());
    INFO(reply.body);
    REQUIRE(reply.status == 201);
    CHECK(reply.json()->getValue<std::string>("state") == "accepted");
  }
}

TEST_CASE("Uploads are archived and the journal gets sealed", "[pieces-api]") {
  auto options = cesp::test::DemoServer::options("sealed");
  options.seal_interval = std::chrono::milliseconds(200);
  cesp::server::HttpServer server(options);
  server.start();
  auto r = http(server.port(), "POST", "/api/v1/session",
                R"({"login": "candidat@demo.cesp", "password": "demo-candidat"})");
  const std::string token = r.json()->getValue<std::string>("token");
  const std::string id =
      http(server.port(), "GET", "/api/v1/me", "", token).json()->getValue<std::string>("candidate_id");
  const std::string body =
      Multipart()
          .field("kind", "bank")
          .file("file", "rib.png", cesp::test::read_binary(kPieces + "clean/rib_anais.png"))
          .finish();
  REQUIRE(http(server.port(), "POST", "/api/v1/candidates/" + id + "/pieces", body, token,
               Multipart::content_type())
              .status == 201);
  server.stop();  // a last seal runs at shutdown

  auto archive = cesp::storage::open_archive(cesp::storage::ArchiveLocation{options.data_dir, ""});
  auto items = archive->list(id);
  REQUIRE(items.size() == 1);
  CHECK(items[0].label == "rib.png");
  CHECK(items[0].stage == "bank");
  CHECK_FALSE(archive->seals().empty());
  CHECK(archive->audit().ok());
}
