// The archive routes over real HTTP: a piece uploaded by the demo candidate
// is listed, exported (verified offline with storage::verify_export and
// `unzip -t`) and audited by the archivist; everybody else is refused.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "cesp/server/http_server.h"
#include "cesp/storage/archive_export.h"

#include "support/demo_server.h"
#include "support/multipart.h"

using namespace cesp::server;
using cesp::test::http;
using cesp::test::Multipart;

namespace {

std::string login(int port, const std::string& who, const std::string& password) {
  auto r = http(port, "POST", "/api/v1/session",
                R"({"login": ")" + who + R"(", "password": ")" + password + R"("})");
  REQUIRE(r.status == 201);
  return r.json()->getValue<std::string>("token");
}

}  // namespace

TEST_CASE("Archivists list, export and audit a beneficiary's archive", "[archive-api]") {
  // Both places documents can live: a folder, or the metadata database
  // (servers that share a PostgreSQL but no folder).
  const std::string backend = GENERATE(as<std::string>{}, "filesystem", "database");
  ServerOptions options = cesp::test::DemoServer::options("archive-api-" + backend);
  options.blob_backend = backend;
  HttpServer server(options);
  server.start();
  const int port = server.port();
  const std::string candidate = login(port, "candidat@demo.cesp", "demo-candidat");
  const std::string archivist = login(port, "archiviste@demo.cesp", "demo-archiviste");
  const std::string id =
      http(port, "GET", "/api/v1/me", "", candidate).json()->getValue<std::string>("candidate_id");

  const std::string piece = std::string(CESP_SOURCE_DIR) + "/samples/pieces/clean/cni_anais.png";
  const std::string body = Multipart()
                               .field("kind", "identity")
                               .file("file", "cni_anais.png", cesp::test::read_binary(piece))
                               .finish();
  auto uploaded =
      http(port, "POST", "/api/v1/candidates/" + id + "/pieces", body, candidate, Multipart::content_type());
  REQUIRE(uploaded.status < 300);

  // The record: items and the journal excerpt.
  auto record = http(port, "GET", "/api/v1/archive/beneficiaries/" + id, "", archivist);
  INFO(record.body);
  REQUIRE(record.status == 200);
  auto items = record.json()->getArray("items");
  REQUIRE(items->size() == 1);
  std::size_t files_in_blob_folder = 0;
  if (std::filesystem::exists(options.data_dir + "/blobs")) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(options.data_dir + "/blobs"))
      files_in_blob_folder += entry.is_regular_file() ? 1 : 0;
  }
  CHECK(files_in_blob_folder == (backend == "filesystem" ? 1u : 0u));
  auto item = items->getObject(0);
  CHECK(item->getValue<std::string>("kind") == "piece");
  CHECK(item->getValue<std::string>("stage") == "identity");
  CHECK(item->getValue<std::string>("sha256").size() == 64);
  CHECK_FALSE(item->getValue<std::string>("archived_at").empty());
  CHECK_FALSE(item->getValue<std::string>("retain_until").empty());
  auto journal = record.json()->getArray("journal");
  REQUIRE(journal->size() >= 1);
  CHECK(journal->getObject(0)->getValue<std::string>("action") == "item.add");
  CHECK(journal->getObject(0)->getValue<std::int64_t>("object_id") == item->getValue<std::int64_t>("id"));

  // The evidence package, checked offline by an independent reader too.
  auto exported = http(port, "GET", "/api/v1/archive/beneficiaries/" + id + "/export", "", archivist);
  REQUIRE(exported.status == 200);
  CHECK(exported.headers["Content-Type"] == "application/zip");
  CHECK(exported.headers["Content-Disposition"] == "attachment; filename=\"preuves-" + id + ".zip\"");
  const auto zip = std::filesystem::path(options.data_dir) / "export-test.zip";
  std::ofstream(zip, std::ios::binary) << exported.body;
  const auto verification = cesp::storage::verify_export(
      zip, {(std::filesystem::path(options.data_dir) / "pki/root-ca.pem").string()});
  INFO(verification.to_text());
  CHECK(verification.ok());
  CHECK(verification.items == 1);
  CHECK(std::system(("unzip -tq " + zip.string() + " > /dev/null").c_str()) == 0);
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(options.data_dir) / "tmp"))
    CHECK(entry.path().filename().string().rfind("export-", 0) != 0);  // the temporary zip was removed

  // The audit: run in the background; poll while it says "running".
  auto audit = http(port, "GET", "/api/v1/archive/audit", "", archivist);
  for (int i = 0; i < 30 && audit.status == 202; ++i) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    audit = http(port, "GET", "/api/v1/archive/audit", "", archivist);
  }
  INFO(audit.body);
  REQUIRE(audit.status == 200);
  CHECK(audit.json()->getValue<std::string>("status") == "ok");
  CHECK(audit.json()->getObject("report")->getValue<std::int64_t>("items") >= 1);

  // Nobody else; not even the beneficiary; unknown ids are 404.
  for (const auto& path :
       {"/api/v1/archive/beneficiaries/" + id, "/api/v1/archive/beneficiaries/" + id + "/export",
        std::string("/api/v1/archive/audit")}) {
    CHECK(http(port, "GET", path, "", candidate).status == 403);
    CHECK(http(port, "GET", path).status == 401);
  }
  CHECK(http(port, "GET", "/api/v1/archive/beneficiaries/nobody", "", archivist).status == 404);
  CHECK(http(port, "GET", "/api/v1/archive/beneficiaries/nobody/export", "", archivist).status == 404);
}
