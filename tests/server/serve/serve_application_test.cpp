// End-to-end tests of serve_application.cpp and serve_command.cpp: the built
// `cesp` binary serving with a configuration file, stopped by signals.
#include <catch2/catch.hpp>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "support/cesp_process.h"
#include "support/http_client.h"

using cesp::test::CespProcess;
using cesp::test::fresh_dir;
using cesp::test::http;

namespace {

std::string write_config(const std::string& dir, const std::string& text) {
  const std::string path = dir + "/cesp.ini";
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("cesp serve --config runs with the file's settings and stops on SIGTERM", "[serve][e2e]") {
  const std::string dir = fresh_dir("serve-config");
  const std::string config =
      write_config(dir,
                   "[server]\nport = 0\ndata_dir = data\ndemo = true\n"
                   "[ocr]\nworkers = 1\n[log]\nfile = logs/requests.log\nformat = json\n");
  CespProcess server({"serve", "--config", config});
  const int port = server.wait_for_port();
  REQUIRE(port > 0);
  CHECK_THAT(server.output(), Catch::Contains(dir + "/data"));  // data_dir relative to the file

  auto health = http(port, "GET", "/healthz");
  CHECK(health.status == 200);
  CHECK(server.read_until("candidat@demo.cesp").has_value());  // --demo from the file
  auto metrics = http(port, "GET", "/metrics");
  CHECK_THAT(metrics.body, Catch::Contains("cesp_http_requests_total{method=\"GET\",route=\"/healthz\"") &&
                               Catch::Contains("cesp_ocr_queue_depth 0") &&
                               Catch::Contains("cesp_http_active_connections ") &&
                               Catch::Contains("cesp_http_queued_connections "));

  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
  CHECK_THAT(server.output(), Catch::Contains("arrêt demandé"));
  std::ifstream log(dir + "/logs/requests.log");
  std::string first;
  REQUIRE(std::getline(log, first));
  CHECK_THAT(first, Catch::Contains("\"route\":\"/healthz\"") && Catch::Contains("\"request_id\":"));
}

TEST_CASE("Command-line options override the configuration file", "[serve][e2e]") {
  const std::string dir = fresh_dir("serve-config");
  const std::string config = write_config(dir, "[server]\nport = 1\nhost = 0.0.0.0\n[ocr]\nworkers = 3\n");
  CespProcess printed(
      {"serve", "--config", config, "--port", "0", "--set", "ocr.workers=4", "--print-config"});
  CHECK(printed.wait() == 0);
  CHECK_THAT(printed.output(), Catch::Contains("port = 0\n") && Catch::Contains("host = 0.0.0.0\n") &&
                                   Catch::Contains("workers = 4\n"));
}

TEST_CASE("A bad configuration stops cesp serve with exit code 2 naming the key", "[serve][e2e]") {
  const std::string dir = fresh_dir("serve-config");
  CespProcess unknown({"serve", "--config", write_config(dir, "[server]\nprot = 8080\n")});
  CHECK(unknown.wait() == 2);
  CHECK_THAT(unknown.errors(), Catch::Contains("server.prot"));

  CespProcess bad_value({"serve", "--config", write_config(dir, "[ocr]\nworkers = many\n")});
  CHECK(bad_value.wait() == 2);
  CHECK_THAT(bad_value.errors(), Catch::Contains("ocr.workers"));

  CespProcess bad_override({"serve", "--port", "99999"});
  CHECK(bad_override.wait() == 2);
  CHECK_THAT(bad_override.errors(), Catch::Contains("server.port"));

  CespProcess missing({"serve", "--config", dir + "/missing.ini"});
  CHECK(missing.wait() == 2);
  CHECK_THAT(missing.errors(), Catch::Contains("missing.ini"));
}

TEST_CASE("SIGINT lets a running request finish before the server exits", "[serve][e2e]") {
  const std::string dir = fresh_dir("serve-graceful");
  CespProcess server({"serve", "--port", "0", "--data-dir", dir + "/data", "--demo", "--ocr-workers", "1",
                      "--log-file", dir + "/requests.log", "--pidfile", dir + "/cesp.pid"});
  const int port = server.wait_for_port();
  REQUIRE(port > 0);
  {
    std::ifstream pidfile(dir + "/cesp.pid");
    int pid = 0;
    pidfile >> pid;
    CHECK(pid == server.pid());
  }

  // A login whose body arrives in two parts: the server is inside the
  // handler, reading the body, when the signal arrives.
  const std::string body = R"({"login": "candidat@demo.cesp", "password": "demo-candidat"})";
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  Poco::Net::HTTPRequest request("POST", "/api/v1/session", Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType("application/json");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  std::ostream& out = session.sendRequest(request);
  out << body.substr(0, 10) << std::flush;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  server.signal(SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  out << body.substr(10) << std::flush;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  std::string answer;
  Poco::StreamCopier::copyToString(in, answer);
  CHECK(response.getStatus() == Poco::Net::HTTPResponse::HTTP_CREATED);
  CHECK_THAT(answer, Catch::Contains("token"));

  CHECK(server.wait() == 0);
  CHECK_FALSE(std::filesystem::exists(dir + "/cesp.pid"));  // removed at exit
  // No new connection is accepted any more.
  CHECK_THROWS(http(port, "GET", "/healthz"));
}

TEST_CASE("cesp serve --daemon detaches, writes its pidfile and logs to its log file", "[serve][e2e]") {
  const std::string dir = fresh_dir("serve-daemon");
  int port = 0;
  {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));  // a free port, released
    port = probe.address().port();
  }
  CespProcess launcher({"serve", "--daemon", "--pidfile", dir + "/cesp.pid", "--port", std::to_string(port),
                        "--data-dir", dir + "/data", "--ocr-workers", "1", "--log-file",
                        dir + "/requests.log"});
  CHECK(launcher.wait() == 0);  // the parent returns at once
  int status = 0;
  for (int i = 0; i < 300 && status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    try {
      status = http(port, "GET", "/healthz").status;
    } catch (const Poco::Exception&) {
    }
  }
  REQUIRE(status == 200);
  int pid = 0;
  std::ifstream(dir + "/cesp.pid") >> pid;
  REQUIRE(pid > 1);
  CHECK(pid != launcher.pid());
  CHECK((std::filesystem::status(dir + "/requests.log").permissions() &
         std::filesystem::perms::others_read) == std::filesystem::perms::none);  // umask 027, not Poco's 0
  ::kill(pid, SIGTERM);
  for (int i = 0; i < 100 && std::filesystem::exists(dir + "/cesp.pid"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK_FALSE(std::filesystem::exists(dir + "/cesp.pid"));

  // A daemon that cannot start says why in its log file.
  CespProcess failing({"serve", "--daemon", "--host", "203.0.113.9", "--port", "1", "--data-dir",
                       dir + "/data2", "--ocr-workers", "1", "--log-file", dir + "/failed.log"});
  CHECK(failing.wait() == 0);
  std::string line;
  for (int i = 0; i < 100 && line.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::ifstream log(dir + "/failed.log");
    std::getline(log, line);
  }
  CHECK_THAT(line, Catch::Contains("startup_failed") && Catch::Contains("[unavailable]"));
}
