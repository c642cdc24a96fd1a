// End to end: the built `cesp` binary, its worker processes and real
// Tesseract, on the samples; isolation proven with crashing and hanging inputs.
#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "sample_truth.h"

using namespace cesp::ocr::testing;

namespace {

struct Run {
  int exit_code = -1;
  std::string out;
};

Run run(const std::string& arguments, const std::string& environment = "") {
  const std::string command = environment + " '" + std::string(CESP_EXE) + "' " + arguments + " 2>/dev/null";
  Run result;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  std::array<char, 4096> buffer{};
  for (std::size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;)
    result.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

Poco::JSON::Object::Ptr json(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string first_reason(const Poco::JSON::Object::Ptr& verdict) {
  auto reasons = verdict->getArray("reasons");
  return reasons->size() ? reasons->getObject(0)->getValue<std::string>("code") : "";
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() / ("cesp-check-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name, const std::string& content) const {
    std::ofstream(path / name, std::ios::binary) << content;
    return (path / name).string();
  }
};

}  // namespace

TEST_CASE("cesp check prints the contract's JSON for an accepted identity card", "[cli]") {
  const std::string dir = pieces_dir();
  auto r = run("check '" + dir + "clean/cni_anais.png' --kind identity --candidate '" + dir +
               "candidates/anais.json' --today 2025-11-15 --campaign-year 2025-2026 --json");
  REQUIRE(r.exit_code == 0);
  auto v = json(r.out);
  CHECK(v->getValue<std::string>("verdict") == "accepted");
  CHECK(v->getValue<std::string>("kind") == "identity");
  auto fields = v->getObject("fields");
  CHECK(fields->getValue<std::string>("document_type") == "cni");
  CHECK(fields->getValue<std::string>("surname") == "LEFEVRE DUPRE");
  CHECK(fields->getValue<std::string>("birth_date") == "2001-03-14");
  CHECK(fields->getValue<std::string>("expiry_date") == "2031-03-13");
  CHECK(fields->getArray("mrz")->size() == 3);
  CHECK(v->has("confidence"));
  CHECK(v->getObject("timings_ms")->has("total"));
}

TEST_CASE("cesp check rejects a wrong IBAN and a wrong check digit", "[cli]") {
  const std::string dir = pieces_dir();
  auto iban = run("check '" + dir + "phone/rib_remi_bad_iban.jpg' --candidate '" + dir +
                  "candidates/remi.json' --today 2025-11-15 --json");
  REQUIRE(iban.exit_code == 0);
  CHECK(json(iban.out)->getValue<std::string>("verdict") == "rejected");
  CHECK(first_reason(json(iban.out)) == "iban_invalid");
  auto mrz =
      run("check '" + dir + "clean/cni_anais_bad_check.png' --kind identity --today 2025-11-15 --json");
  REQUIRE(mrz.exit_code == 0);
  CHECK(json(mrz.out)->getValue<std::string>("verdict") == "rejected");
  CHECK(first_reason(json(mrz.out)) == "mrz_check_digit");
}

TEST_CASE("cesp check reads pieces scanned sideways or upside down", "[cli][rotation]") {
  const std::string dir = pieces_dir();
  const std::string common = " --today 2025-11-15 --campaign-year 2025-2026 --json";
  // Kind auto: the orientation must be found before the kind can be.
  auto card = run("check '" + dir + "rotated/cni_anais_90.png' --candidate '" + dir +
                  "candidates/anais.json'" + common);
  REQUIRE(card.exit_code == 0);
  INFO(card.out);
  auto v = json(card.out);
  CHECK(v->getValue<std::string>("kind") == "identity");
  CHECK(v->getValue<std::string>("verdict") == "accepted");
  CHECK(v->getObject("fields")->getValue<std::string>("document_number") == "X4RTBPFW4");

  auto rib = run("check '" + dir + "rotated/rib_anais_180.png' --candidate '" + dir +
                 "candidates/anais.json'" + common);
  REQUIRE(rib.exit_code == 0);
  INFO(rib.out);
  v = json(rib.out);
  CHECK(v->getValue<std::string>("kind") == "bank");
  CHECK(v->getValue<std::string>("verdict") == "accepted");
  CHECK(v->getObject("fields")->getValue<std::string>("iban") == "FR7630006000011234567890189");

  // Turned or not, a wrong IBAN is never accepted.
  auto bad = run("check '" + dir + "rotated/rib_remi_bad_iban_90.png' --kind bank --candidate '" + dir +
                 "candidates/remi.json'" + common);
  REQUIRE(bad.exit_code == 0);
  INFO(bad.out);
  CHECK(json(bad.out)->getValue<std::string>("verdict") == "rejected");
  CHECK(first_reason(json(bad.out)) == "iban_invalid");

  auto certificate =
      run("check '" + dir + "rotated/certificat_anais_270.png' --kind enrollment --candidate '" + dir +
          "candidates/anais.json'" + common);
  REQUIRE(certificate.exit_code == 0);
  INFO(certificate.out);
  v = json(certificate.out);
  CHECK(v->getValue<std::string>("verdict") == "accepted");
  CHECK(v->getObject("fields")->getValue<std::string>("ine") == "0912345678K");
}

TEST_CASE("cesp check rejects every hostile file with its code and exit 0", "[cli][hostile]") {
  for (const auto& [file, reason] : hostile_files()) {
    auto r = run("check '" + file + "' --json --today 2025-11-15");
    INFO(file << "\n" << r.out);
    REQUIRE(r.exit_code == 0);
    auto v = json(r.out);
    CHECK(v->getValue<std::string>("verdict") == "rejected");
    CHECK(first_reason(v) == reason);
  }
}

TEST_CASE("a crashing or hanging input is rejected alone; the next piece is checked", "[cli][isolation]") {
  TempDir tmp;
  const std::string crash = tmp.file("crash.png", "CESP-FAULT:crash");
  const std::string hang = tmp.file("hang.png", "CESP-FAULT:hang");
  const std::string env = "CESP_WORKER_FAULTS=1";

  auto crashed = run("check '" + crash + "' --json --today 2025-11-15", env);
  REQUIRE(crashed.exit_code == 0);
  CHECK(json(crashed.out)->getValue<std::string>("verdict") == "rejected");
  CHECK(first_reason(json(crashed.out)) == "unreadable");

  const auto start = std::chrono::steady_clock::now();
  auto hung = run("check '" + hang + "' --json --timeout 2 --today 2025-11-15", env);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(15));
  REQUIRE(hung.exit_code == 0);
  CHECK(first_reason(json(hung.out)) == "timeout");

  // Without the test switch the same bytes are just an unsupported file.
  auto plain = run("check '" + crash + "' --json --today 2025-11-15");
  CHECK(first_reason(json(plain.out)) == "unsupported_type");
}

TEST_CASE("cesp check usage errors exit 2", "[cli]") {
  CHECK(run("check --json").exit_code == 2);
  CHECK(run("check x.png --kind passport").exit_code == 2);
  CHECK(run("check x.png --today 2025-13-45").exit_code == 2);
}
