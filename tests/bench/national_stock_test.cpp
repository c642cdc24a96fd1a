// bench/national-stock/run.py, small: a real `cesp serve` SIGKILLed twice in
// every stage that writes (upload, issue, sign, countersign) and restarted.
// The driver retries each request after asking the server what the killed
// attempt committed, then checks the invariants and soaks the server for a
// few seconds of mixed reads and logins; this test reads its report.
#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

// A port free right now (the server binds it a moment later).
int free_port() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  return socket.address().port();
}

// The person of the committed sample pieces, in the shape make_pieces.py writes.
void write_people(const fs::path& dir) {
  const std::string pieces = std::string(CESP_SOURCE_DIR) + "/samples/pieces/";
  auto renderings = [&](const std::string& base, const std::string& clean_ext) {
    return "{\"clean\": \"" + pieces + "clean/" + base + clean_ext + "\", \"phone\": \"" + pieces + "phone/" +
           base + ".jpg\", \"pdf\": \"" + pieces + "pdf/" + base + ".pdf\"}";
  };
  std::ofstream out(dir / "people.json");
  out << "{\"year\": \"2025-2026\", \"people\": [{\"id\": \"anais\", \"surname\": \"LEFÈVRE-DUPRÉ\", "
         "\"given_names\": \"Anaïs Marie\", \"birth_date\": \"2001-03-14\", \"sex\": \"F\", "
         "\"discipline\": \"medecine\", \"year_of_study\": 5, \"ine\": \"0912345678K\", \"files\": {"
      << "\"identity\": " << renderings("cni_anais", ".png")
      << ", \"enrollment\": " << renderings("certificat_anais", ".png")
      << ", \"bank\": " << renderings("rib_anais", ".png") << "}}]}\n";
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("The national-stock run survives SIGKILLs in every stage", "[national_stock][e2e]") {
  const fs::path dir = fs::temp_directory_path() / ("cesp-stock-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  write_people(dir);
  const std::string port = std::to_string(free_port());
  const std::string serve = std::string("exec ") + CESP_EXE + " serve --demo --port " + port +
                            " --data-dir " + (dir / "data").string() + " --log-file " +
                            (dir / "requests.log").string();
  // 5 candidates in one UFR, the last on the complementary list: 4 places.
  const std::string command =
      "python3 " + std::string(CESP_SOURCE_DIR) + "/bench/national-stock/run.py --pieces " + dir.string() +
      " --candidates 5 --ufrs 1 --complementary 1 --threads 3 " +
      "--kills-per-stage 2 --seed 7 --soak 0.2 --sample 2 --url http://127.0.0.1:" + port + " --serve '" +
      serve + "' --server-log " + (dir / "server.log").string() + " --json " + (dir / "run.json").string() +
      " > " + (dir / "driver.log").string() + " 2>&1";
  const int status = std::system(command.c_str());
  INFO(slurp(dir / "driver.log"));
  REQUIRE(status == 0);

  const auto report = Poco::JSON::Parser().parse(slurp(dir / "run.json")).extract<Poco::JSON::Object::Ptr>();
  CHECK(report->getArray("problems")->size() == 0);
  CHECK(report->getValue<int>("server_kills") == 8);
  const auto counters = report->getObject("counters");
  CHECK(counters->getValue<int>("contracts_issued") == 4);
  CHECK(counters->getValue<int>("complementary_refused") == 1);
  CHECK(counters->getValue<int>("signatures") == 8);
  // One signature of each kind sent again on purpose, as after a lost answer: recognised as done.
  CHECK(counters->getValue<int>("repeated_signatures_recognised") == 2);
  // The archivist's session is ended on purpose before the archive stage: the driver logs in again.
  CHECK(counters->getValue<int>("logins_after_session_expiry") >= 1);
  CHECK_FALSE(counters->has("dossiers_left_incomplete"));
  // The memory soak after the run: mixed reads and logins, every answer checked.
  const auto soak = report->getObject("soak");
  REQUIRE(soak);
  CHECK(soak->getValue<int>("requests") > 0);
  CHECK(soak->getValue<int>("errors") == 0);
  CHECK(soak->getObject("by_kind")->has("dossier"));
  // Every archived item was checked by the audit, and the journal has one entry per item.
  const auto audit = report->getObject("audit");
  CHECK(audit->getValue<int>("items") == audit->getValue<int>("blobs_checked"));
  CHECK(audit->getValue<int>("journal_entries") >= audit->getValue<int>("items"));
  fs::remove_all(dir);
}
