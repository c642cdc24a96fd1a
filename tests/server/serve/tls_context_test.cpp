// HTTPS through Poco NetSSL, with certificates made by the openssl CLI and
// checked by independent clients (curl, openssl s_client) besides Poco's.
#include "serve/tls_context.h"

#include <catch2/catch.hpp>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>

#include <cstdio>
#include <cstdlib>

#include "cesp/core/error.h"
#include "cesp/server/http_server.h"

#include "support/http_client.h"

using namespace cesp::server;

namespace {

// Runs a shell command; returns its exit status and stdout+stderr.
std::pair<int, std::string> shell(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// A self-signed server certificate for 127.0.0.1, plus spare keys.
struct TestPki {
  TestPki() : dir(cesp::test::fresh_dir("tls")) {
    auto run = [&](const std::string& cmd) {
      auto [rc, out] = shell("cd " + dir + " && " + cmd);
      INFO(out);
      REQUIRE(rc == 0);
    };
    const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 ";
    run("openssl req -x509" + ec + "-keyout key.pem -out cert.pem -subj /CN=127.0.0.1 " +
        "-addext subjectAltName=IP:127.0.0.1,DNS:localhost");
    run("openssl req -x509" + ec + "-keyout client-key.pem -out client.pem -subj /CN=client");
    run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out other-key.pem");
    run("openssl pkey -in key.pem -aes256 -passout pass:secret -out encrypted-key.pem");
    run("echo 'not a certificate' > garbage.pem");
  }
  std::string path(const std::string& name) const { return dir + "/" + name; }
  std::string dir;
};

ServerOptions tls_options(const TestPki& pki) {
  ServerOptions o;
  o.port = 0;
  o.data_dir = cesp::test::fresh_dir("tls-server");
  o.tls_certificate_file = pki.path("cert.pem");
  o.tls_private_key_file = pki.path("key.pem");
  return o;
}

// The usage error making the server context fails with, or "" if it works.
std::string refusal(const ServerOptions& o) {
  try {
    make_server_tls_context(o);
  } catch (const cesp::Error& e) {
    CHECK(e.code() == cesp::ErrorCode::usage);
    return e.message_fr() + " | " + e.message_en();
  }
  return "";
}

}  // namespace

TEST_CASE("With a certificate the server speaks HTTPS only, TLS 1.2 or later", "[tls]") {
  TestPki pki;
  HttpServer server(tls_options(pki));
  server.start();
  const std::string port = std::to_string(server.port());
  CHECK(server.base_url().rfind("https://127.0.0.1:", 0) == 0);

  // Poco's client, trusting only the test certificate.
  Poco::Net::Context::Ptr client =
      new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", pki.path("cert.pem"),
                             Poco::Net::Context::VERIFY_STRICT, 9, false);
  Poco::Net::HTTPSClientSession session("127.0.0.1", static_cast<Poco::UInt16>(server.port()), client);
  Poco::Net::HTTPRequest request("GET", "/healthz", Poco::Net::HTTPMessage::HTTP_1_1);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::string body;
  Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
  CHECK(response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK);
  CHECK_THAT(body, Catch::Contains("\"status\":\"ok\""));

  // curl, verifying the chain and the host name.
  auto [rc, out] =
      shell("curl -sS --cacert " + pki.path("cert.pem") + " https://127.0.0.1:" + port + "/healthz");
  CHECK(rc == 0);
  CHECK_THAT(out, Catch::Contains("\"status\":\"ok\""));

  // Old protocol versions are refused; TLS 1.2 and 1.3 are accepted.
  auto tls11 =
      shell("openssl s_client -connect 127.0.0.1:" + port + " -tls1_1 -cipher DEFAULT@SECLEVEL=0 </dev/null");
  CHECK(tls11.first != 0);
  auto tls12 = shell("openssl s_client -connect 127.0.0.1:" + port + " -tls1_2 </dev/null");
  CHECK(tls12.first == 0);
  CHECK_THAT(tls12.second, Catch::Contains("TLSv1.2"));
  auto tls13 = shell("openssl s_client -connect 127.0.0.1:" + port + " -tls1_3 </dev/null");
  CHECK(tls13.first == 0);

  // Plain HTTP on the TLS port gets no HTTP answer.
  auto plain = shell("curl -sS -m 5 http://127.0.0.1:" + port + "/healthz");
  CHECK_THAT(plain.second, !Catch::Contains("\"status\":\"ok\""));
}

TEST_CASE("A bad certificate or key stops the server from starting, naming the key", "[tls]") {
  TestPki pki;
  ServerOptions o = tls_options(pki);
  CHECK(refusal(o).empty());

  o.tls_private_key_file = pki.path("other-key.pem");
  CHECK_THAT(refusal(o), Catch::Contains("tls.private_key_file") && Catch::Contains("ne correspond pas"));

  o.tls_private_key_file = pki.path("encrypted-key.pem");
  CHECK_THAT(refusal(o), Catch::Contains("tls.private_key_file") && Catch::Contains("encrypted"));

  o.tls_private_key_file = pki.path("garbage.pem");
  CHECK_THAT(refusal(o), Catch::Contains("tls.private_key_file"));

  o = tls_options(pki);
  o.tls_certificate_file = pki.path("garbage.pem");
  CHECK_THAT(refusal(o), Catch::Contains("tls.certificate_file"));

  o.tls_certificate_file = pki.path("missing.pem");
  CHECK_THAT(refusal(o), Catch::Contains("tls.certificate_file") && Catch::Contains("cannot read"));

  // Through the server too: start() refuses.
  o = tls_options(pki);
  o.tls_private_key_file = pki.path("other-key.pem");
  HttpServer server(o);
  CHECK_THROWS_AS(server.start(), cesp::Error);
}

TEST_CASE("With a client CA, clients must present a certificate it issued", "[tls]") {
  TestPki pki;
  ServerOptions o = tls_options(pki);
  o.tls_client_ca_file = pki.path("client.pem");
  HttpServer server(o);
  server.start();
  const std::string url = "https://127.0.0.1:" + std::to_string(server.port()) + "/healthz";
  auto anonymous = shell("curl -sS --cacert " + pki.path("cert.pem") + " " + url);
  CHECK_THAT(anonymous.second, !Catch::Contains("\"status\":\"ok\""));
  auto wrong = shell("curl -sS --cacert " + pki.path("cert.pem") + " --cert " + pki.path("cert.pem") +
                     " --key " + pki.path("key.pem") + " " + url);
  CHECK_THAT(wrong.second, !Catch::Contains("\"status\":\"ok\""));
  auto known = shell("curl -sS --cacert " + pki.path("cert.pem") + " --cert " + pki.path("client.pem") +
                     " --key " + pki.path("client-key.pem") + " " + url);
  CHECK_THAT(known.second, Catch::Contains("\"status\":\"ok\""));
}
