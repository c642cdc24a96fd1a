#include "config/server_config.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <sstream>

#include "cesp/core/error.h"

#include "support/http_client.h"

using namespace cesp::server;
using cesp::Error;
using cesp::ErrorCode;

namespace {

std::filesystem::path write_file(const std::string& dir, const std::string& name, const std::string& text) {
  auto path = std::filesystem::path(dir) / name;
  std::ofstream(path) << text;
  return path;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The error a config file raises, or "" when it loads.
std::string config_error(const std::string& text) {
  const auto file = write_file(cesp::test::fresh_dir("config"), "cesp.ini", text);
  ServerOptions options;
  try {
    apply_config_file(options, file);
    validate_options(options);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::usage);  // exit code 2
    return e.message_fr() + " | " + e.message_en();
  }
  return "";
}

}  // namespace

TEST_CASE("A configuration file sets keys over the defaults", "[config]") {
  const std::string dir = cesp::test::fresh_dir("config");
  const auto file =
      write_file(dir, "cesp.ini",
                 "; comment\n"
                 "[server]\nhost = 0.0.0.0\nport = 9443\ndata_dir = /srv/cesp\nmax_threads = 32\n"
                 "demo = yes\nshutdown_grace = 5\n"
                 "[database]\nuri = postgresql:host=db port=5432 dbname=cesp user=cesp\n"
                 "[tsa]\nurl = http://tsa.example.fr/tsa\n"
                 "[ocr]\nworkers = 4\n"
                 "[archive]\nseal_interval = 60\nblob_backend = database\n"
                 "[tls]\ncertificate_file = tls/cert.pem\nprivate_key_file = /etc/cesp/key.pem\n"
                 "[log]\nformat = text\n");
  ServerOptions options;
  apply_config_file(options, file);
  CHECK(options.host == "0.0.0.0");
  CHECK(options.port == 9443);
  CHECK(options.data_dir == "/srv/cesp");
  CHECK(options.max_threads == 32);
  CHECK(options.demo);
  CHECK(options.shutdown_grace == std::chrono::seconds{5});
  CHECK(options.database_uri == "postgresql:host=db port=5432 dbname=cesp user=cesp");
  CHECK(options.tsa_url == "http://tsa.example.fr/tsa");
  CHECK(options.ocr_workers == 4);
  CHECK(options.seal_interval == std::chrono::seconds{60});
  CHECK(options.blob_backend == "database");
  // Relative paths are taken from the file's folder.
  CHECK(options.tls_certificate_file ==
        (std::filesystem::absolute(dir) / "tls/cert.pem").lexically_normal().string());
  CHECK(options.tls_private_key_file == "/etc/cesp/key.pem");
  CHECK(options.log_format == "text");
  // Keys the file does not name keep their defaults.
  CHECK(options.max_queued == ServerOptions{}.max_queued);
  CHECK(options.rules_file.empty());
}

TEST_CASE("Command-line settings win over the file, the file over the defaults", "[config]") {
  const auto file =
      write_file(cesp::test::fresh_dir("config"), "cesp.ini", "[server]\nport = 9000\nhost = 0.0.0.0\n");
  ServerOptions options;
  apply_config_file(options, file);
  apply_setting(options, "server.port", "9100", "--port");
  CHECK(options.port == 9100);
  CHECK(options.host == "0.0.0.0");
  CHECK(options.ocr_workers == 2);
}

TEST_CASE("Unknown keys and bad values are errors naming the key", "[config]") {
  CHECK_THAT(config_error("[server]\nprot = 8080\n"),
             Catch::Contains("server.prot") && Catch::Contains("inconnue") && Catch::Contains("unknown key"));
  CHECK_THAT(config_error("port = 8080\n"), Catch::Contains("port") && Catch::Contains("unknown key"));
  CHECK_THAT(config_error("[server]\nport = 70000\n"),
             Catch::Contains("server.port") && Catch::Contains("0 et 65535") && Catch::Contains("'70000'"));
  CHECK_THAT(config_error("[server]\nport = 80a\n"), Catch::Contains("server.port"));
  CHECK_THAT(config_error("[server]\nport =\n"), Catch::Contains("server.port"));
  CHECK_THAT(config_error("[server]\ndemo = maybe\n"),
             Catch::Contains("server.demo") && Catch::Contains("boolean"));
  CHECK_THAT(config_error("[ocr]\nworkers = 0\n"), Catch::Contains("ocr.workers"));
  CHECK_THAT(config_error("[log]\nformat = xml\n"),
             Catch::Contains("log.format") && Catch::Contains("json, text"));
  CHECK_THAT(config_error("[database]\nuri = mysql:x\n"), Catch::Contains("database.uri"));
  CHECK_THAT(config_error("[tsa]\nurl = ftp://tsa\n"), Catch::Contains("tsa.url"));
  CHECK_THAT(config_error("[archive]\nblob_backend = s3\n"),
             Catch::Contains("archive.blob_backend") && Catch::Contains("filesystem, database"));
  CHECK_THAT(config_error("[server]\nport = 8080 ; inline comments are not comments\n"),
             Catch::Contains("server.port"));
  CHECK_THAT(config_error("[tls]\ncertificate_file = /x/cert.pem\n"),
             Catch::Contains("tls.private_key_file"));
  CHECK(config_error("[server]\nPort = 8081\n").empty());  // INI keys are case-insensitive
}

TEST_CASE("A missing configuration file is an error naming it", "[config]") {
  ServerOptions options;
  try {
    apply_config_file(options, "/nonexistent/cesp.ini");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::usage);
    CHECK_THAT(e.message_en(), Catch::Contains("/nonexistent/cesp.ini"));
  }
}

TEST_CASE("The sample file documents every key with its default", "[config]") {
  const std::string sample = read_text(std::filesystem::path(CESP_SOURCE_DIR) / "samples/config/cesp.ini");
  // Uncommenting every ";key = value" line of the sample changes nothing.
  const std::string uncommented =
      std::regex_replace(sample, std::regex(R"(^;(\w+ =))", std::regex::multiline), "$1");
  const std::string dir = cesp::test::fresh_dir("config");
  const auto file = write_file(dir, "cesp.ini", uncommented);
  ServerOptions loaded;
  apply_config_file(loaded, file);
  const ServerOptions defaults;
  for (const auto& key : server_config_keys()) {
    INFO(key.name);
    const std::string section = "[" + key.name.substr(0, key.name.find('.')) + "]";
    const std::string value = key.get(defaults);
    const std::string line =
        ";" + key.name.substr(key.name.find('.') + 1) + " =" + (value.empty() ? "" : " " + value);
    const auto section_at = sample.find(section);
    REQUIRE(section_at != std::string::npos);
    const auto line_at = sample.find(line + "\n", section_at);
    CHECK(line_at != std::string::npos);
    CHECK(line_at < sample.find("\n[", section_at + 1));  // in its own section
    if (key.is_path && !key.get(defaults).empty()) {
      CHECK(key.get(loaded) ==
            (std::filesystem::absolute(dir) / key.get(defaults)).lexically_normal().string());
    } else {
      CHECK(key.get(loaded) == key.get(defaults));
    }
  }
}

TEST_CASE("The effective configuration prints as INI that loads back", "[config]") {
  ServerOptions options;
  options.port = 1234;
  options.tsa_url = "https://tsa.example.fr";
  options.data_dir = "/srv/cesp";
  const auto file = write_file(cesp::test::fresh_dir("config"), "cesp.ini", to_ini(options));
  ServerOptions loaded;
  apply_config_file(loaded, file);
  CHECK(to_ini(loaded) == to_ini(options));
}
