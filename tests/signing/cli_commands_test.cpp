// End-to-end: the built `cesp` binary's sign / verify / pki / tsa / bench sign commands.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "support/dev_services.h"
#include "support/test_pdf.h"

using namespace cesp::test;

namespace {

const std::string kCesp = CESP_EXE;

int run_cesp(const std::string& args, std::string& out) { return run_command(kCesp + " " + args, out); }

}  // namespace

TEST_CASE("cesp pki init, sign and verify work together; verify exits 1 on a tampered file", "[cli]") {
  auto& services = dev_services();
  auto dir = scratch_dir("cli");
  std::string out;
  REQUIRE(run_cesp("pki init --out " + (dir / "pki").string(), out) == 0);
  CHECK(out.find("NE PAS UTILISER EN PRODUCTION") != std::string::npos);
  write_bytes(dir / "in.pdf", make_test_pdf(1, {"signature_candidat"}));
  const auto& pki = services.pki;  // served by the fixture, so --tsa and OCSP answer
  REQUIRE(run_cesp("sign " + (dir / "in.pdf").string() + " " + (dir / "out.pdf").string() + " --key " +
                       pki.candidate_ec.key_pem.string() + " --cert " + pki.candidate_ec.cert_pem.string() +
                       " --chain " + pki.chain_pem.string() + " --level B-T --tsa " + services.tsa_url +
                       " --field signature_candidat --reason 'Lu et approuvé' --location Paris --certify",
                   out) == 0);
  INFO(out);
  CHECK(out.find("signé:") != std::string::npos);

  const std::string trust = " --trust " + pki.root_cert.string();
  REQUIRE(run_cesp("verify " + (dir / "out.pdf").string() + trust + " --json --html " +
                       (dir / "report.html").string(),
                   out) == 0);
  CHECK(out.find("\"indication\":\"TOTAL_PASSED\"") != std::string::npos);
  CHECK(out.find("\"level\":\"B-T\"") != std::string::npos);
  std::ifstream html(dir / "report.html");
  CHECK(std::string((std::istreambuf_iterator<char>(html)), {}).find("VALIDE") != std::string::npos);

  // Extend to B-LTA later, then verify offline.
  REQUIRE(run_cesp("sign " + (dir / "out.pdf").string() + " " + (dir / "lta.pdf").string() +
                       " --extend --level B-LTA --tsa " + services.tsa_url,
                   out) == 0);
  REQUIRE(run_cesp("verify " + (dir / "lta.pdf").string() + trust + " --offline", out) == 0);
  CHECK(out.find("B-LTA") != std::string::npos);

  auto signed_pdf = read_bytes(dir / "out.pdf");
  auto sig = extract_signature(signed_pdf, 0);
  for (std::size_t at :
       {std::size_t{300},                                                       // inside the signed range
        static_cast<std::size_t>(sig.gap_start) + 2 * sig.cms.size() + 100}) {  // in the padding
    auto tampered = signed_pdf;
    tampered[at] ^= 0x01;
    write_bytes(dir / "tampered.pdf", tampered);
    CHECK(run_cesp("verify " + (dir / "tampered.pdf").string() + trust, out) == 1);
    CHECK(out.find("TOTAL_FAILED") != std::string::npos);
  }
  CHECK(run_cesp("verify " + (dir / "out.pdf").string(), out) == 1);  // no trust anchor
  CHECK(out.find("NO_CERTIFICATE_CHAIN_FOUND") != std::string::npos);

  CHECK(run_cesp("sign " + (dir / "in.pdf").string() + " " + (dir / "x.pdf").string() + " --key " +
                     pki.candidate_ec.key_pem.string() + " --cert " + pki.candidate_ec.cert_pem.string() +
                     " --level B-X",
                 out) != 0);
  CHECK(run_cesp("sign " + (dir / "in.pdf").string() + " " + (dir / "x.pdf").string() + " --key " +
                     pki.candidate_ec.key_pem.string() + " --cert " + pki.candidate_ec.cert_pem.string() +
                     " --level B-T",
                 out) == 4);  // B-T without --tsa: bad input
}

TEST_CASE("cesp tsa serves RFC 3161 on an ephemeral port; openssl ts verifies its reply", "[cli][tsa]") {
  auto dir = scratch_dir("tsa-cli");
  std::string log = (dir / "tsa.log").string();
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    FILE* f = std::freopen(log.c_str(), "w", stdout);
    (void)f;
    execl(kCesp.c_str(), kCesp.c_str(), "tsa", "--port", "0", "--data-dir", dir.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  std::string url;
  for (int i = 0; i < 100 && url.empty(); ++i) {
    usleep(100 * 1000);
    std::ifstream in(log);
    std::string word;
    while (in >> word) {
      if (word.rfind("http://", 0) == 0 && word.find("/tsa") != std::string::npos) url = word;
    }
  }
  std::string out;
  bool verified = false;
  if (!url.empty()) {
    write_bytes(dir / "data.txt", {'c', 'e', 's', 'p'});
    run_command("openssl ts -query -data " + (dir / "data.txt").string() + " -sha256 -cert -out " +
                    (dir / "req.tsq").string() +
                    " && curl -s -H 'Content-Type: application/timestamp-query' " + "--data-binary @" +
                    (dir / "req.tsq").string() + " " + url + " -o " + (dir / "resp.tsr").string(),
                out);
    verified = run_command("openssl ts -verify -in " + (dir / "resp.tsr").string() + " -queryfile " +
                               (dir / "req.tsq").string() + " -CAfile " + (dir / "pki/root-ca.pem").string() +
                               " -untrusted " + (dir / "pki/chain.pem").string(),
                           out) == 0;
  }
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  INFO(out);
  REQUIRE_FALSE(url.empty());
  CHECK(verified);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("cesp bench sign --json prints the contract's fields", "[cli][bench]") {
  std::string out;
  REQUIRE(run_cesp("bench sign --signatures 20 --podofosign 2 --json", out) == 0);
  for (const char* key : {"\"signatures\":20",
                          "\"per_s\":", "\"p50_ms\":", "\"podofosign_per_s\":", "\"rsa_sign_only_per_s\":"}) {
    CHECK(out.find(key) != std::string::npos);
  }
  CHECK(out.find("\"podofosign_per_s\":0.0") == std::string::npos);  // the peer really ran
}
