// `cesp render` and `cesp bench render` through the built binary.
#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include "test_support.h"

using namespace cesp::templates::test;

namespace {

std::string cesp_cmd() { return std::string("'") + CESP_EXE + "' "; }

}  // namespace

TEST_CASE("cesp render writes the PDF and reports the hashes", "[cli]") {
  TempDir dir;
  const CommandResult r = run(cesp_cmd() + "render --template contrat-cesp-medecine --data '" +
                              source_path("samples/data/contrat-cesp-medecine.json") + "' --out '" +
                              dir.file("c.pdf") + "' --json");
  REQUIRE(r.exit_code == 0);
  const auto json = Poco::JSON::Parser().parse(r.output).extract<Poco::JSON::Object::Ptr>();
  CHECK(json->getValue<int>("pages") == 2);
  CHECK(json->getValue<std::string>("reference") == "CESP-2026-000123");
  CHECK(json->getValue<std::string>("template_sha256").size() == 64);
  CHECK(json->getArray("signature_fields")->size() == 2);
  CHECK(read_file(dir.file("c.pdf")).rfind("%PDF-1.7", 0) == 0);
}

TEST_CASE("cesp render accepts a template file", "[cli]") {
  TempDir dir;
  const CommandResult r =
      run(cesp_cmd() + "render --template '" + source_path("samples/templates/avenant-suspension.tmpl") +
          "' --data '" + source_path("samples/data/avenant-suspension.json") + "' --out '" +
          dir.file("a.pdf") + "'");
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("CESP-2026-000123-A2") != std::string::npos);
}

TEST_CASE("cesp render --list shows ids, versions and SHA-256", "[cli]") {
  const CommandResult r = run(cesp_cmd() + "render --list --json");
  REQUIRE(r.exit_code == 0);
  const auto list = Poco::JSON::Parser().parse(r.output).extract<Poco::JSON::Array::Ptr>();
  CHECK(list->size() == 7);
  const auto first = list->getObject(0);
  CHECK(first->getValue<std::string>("id") == "avenant-coordonnees-bancaires");
  CHECK(first->getValue<int>("version") == 1);
  CHECK(first->getValue<std::string>("sha256").size() == 64);
  const CommandResult text = run(cesp_cmd() + "render --list");
  CHECK(text.output.find("contrat-cesp-medecine  v1  ") != std::string::npos);
}

TEST_CASE("missing data fails with every missing field and a non-zero exit", "[cli]") {
  TempDir dir;
  write_file(dir.file("d.json"), R"({"candidate": {"birth_name": "DURAND"}, "agent": {"name": "A"}})");
  const CommandResult r = run(cesp_cmd() + "render --template contrat-cesp-medecine --data '" +
                              dir.file("d.json") + "' --out '" + dir.file("x.pdf") + "' 2>&1");
  CHECK(r.exit_code != 0);
  for (const char* field : {"candidate.given_names", "candidate.address", "contract", "agent.title"}) {
    INFO(field);
    CHECK(r.output.find(field) != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(dir.file("x.pdf")));
}

TEST_CASE("cesp bench render --json prints documents, per_s and p50_ms", "[cli]") {
  const CommandResult r = run(cesp_cmd() + "bench render --json --documents 20");
  REQUIRE(r.exit_code == 0);
  const auto json = Poco::JSON::Parser().parse(r.output).extract<Poco::JSON::Object::Ptr>();
  CHECK(json->getValue<int>("documents") == 20);
  CHECK(json->getValue<double>("per_s") > 0);
  CHECK(json->getValue<double>("p50_ms") > 0);
}

TEST_CASE("cesp bench render --peer measures PoDoFo's own text path too", "[cli]") {
  const CommandResult r = run(cesp_cmd() + "bench render --json --documents 5 --peer");
  REQUIRE(r.exit_code == 0);
  const auto json = Poco::JSON::Parser().parse(r.output).extract<Poco::JSON::Object::Ptr>();
  CHECK(json->getValue<std::string>("peer") == "podofo-drawmultilinetext");
  CHECK(json->getValue<double>("peer_per_s") > 0);
}
