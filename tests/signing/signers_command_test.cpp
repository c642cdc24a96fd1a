// End-to-end: `cesp signers issue / register-token / show` on a data dir, with the key in a
// SoftHSM2 token; the registered key then signs a PDF that verifies against the data dir's root.
#include <catch2/catch.hpp>

#include <fstream>

#include "cesp/core/error.h"
#include "cesp/signing/dev_pki.h"
#include "cesp/signing/pades.h"
#include "cesp/signing/signer_directory.h"
#include "cesp/signing/verify.h"

#include "support/dev_services.h"
#include "support/softhsm.h"
#include "support/test_pdf.h"

using namespace cesp::signing;
using namespace cesp::test;

namespace {

int run_cesp(const std::string& args, std::string& out) {
  return run_command(std::string(CESP_EXE) + " " + args, out);
}

}  // namespace

TEST_CASE("cesp signers issues a certificate for a token key from its CSR and registers the token",
          "[cli][signers][pkcs11]") {
  const auto dir = scratch_dir("cli-signers");
  const auto data = dir / "data";
  const std::string data_dir = " --data-dir " + data.string();
  std::string out;
  REQUIRE(run_command("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " +
                          (dir / "key.pem").string(),
                      out) == 0);
  REQUIRE(run_command("openssl req -new -key " + (dir / "key.pem").string() + " -subj '/CN=agent' -out " +
                          (dir / "req.pem").string(),
                      out) == 0);
  const std::string uri = softhsm_key("cli-agent", dir / "key.pem", "0d");  // sets SOFTHSM2_CONF for cesp

  // Nothing yet for this person.
  CHECK(run_cesp("signers show" + data_dir + " --person agent-cli", out) != 0);

  REQUIRE(run_cesp("signers issue" + data_dir + " --csr " + (dir / "req.pem").string() +
                       " --person agent-cli --name 'Dominique JETON' --role 'gestionnaire CNG' --out " +
                       (dir / "cert.pem").string() + " --public-url http://cesp.example.fr/",
                   out) == 0);
  INFO(out);
  std::string text;
  run_command("openssl x509 -noout -text -in " + (dir / "cert.pem").string(), text);
  INFO(text);
  CHECK(text.find("Digital Signature, Non Repudiation") != std::string::npos);
  CHECK(text.find("OCSP - URI:http://cesp.example.fr/pki/ocsp") != std::string::npos);
  CHECK(text.find("CN = Dominique JETON") != std::string::npos);
  const DevPki pki = create_dev_pki(data / "pki");  // the data dir's PKI, as `cesp signers` left it
  CHECK(run_command("openssl verify -CAfile " + pki.chain_pem.string() + " " + (dir / "cert.pem").string(),
                    out) == 0);

  // A CSR whose signature does not verify is refused (exit status != 0, no certificate written).
  std::ofstream(dir / "garbage.pem") << "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n"
                                        "-----END CERTIFICATE REQUEST-----\n";
  CHECK(run_cesp("signers issue" + data_dir + " --csr " + (dir / "garbage.pem").string() +
                     " --person agent-cli --name X --out " + (dir / "none.pem").string(),
                 out) != 0);
  CHECK_FALSE(std::filesystem::exists(dir / "none.pem"));

  REQUIRE(run_cesp("signers register-token" + data_dir + " --person agent-cli --uri '" + uri + "' --cert " +
                       (dir / "cert.pem").string(),
                   out) == 0);
  REQUIRE(run_cesp("signers show" + data_dir + " --person agent-cli", out) == 0);
  CHECK(out.find("CN=Dominique JETON") != std::string::npos);
  CHECK(out.find("jeton PKCS#11 " + uri) != std::string::npos);
  CHECK(out.find("valide au") != std::string::npos);

  // The server's directory on that data dir now signs with the token key (PIN as password).
  SignerDirectoryOptions options;
  options.dir = data / "signers";
  options.ca_cert_pem = pki.intermediate_cert;
  options.ca_key_pem = pki.intermediate_key;
  options.chain_pem = pki.chain_pem;
  options.aia_base_url = "http://cesp.example.fr/pki";
  SignerDirectory directory(options);
  SignerKey key = directory.unlock({"agent-cli", "Dominique JETON", "gestionnaire CNG", ""}, "1234");
  auto pdf = sign_pdf(make_test_pdf(1), key, {}).pdf;
  VerifyOptions verify;
  verify.trust_anchor_pem_files = {pki.root_cert.string()};
  verify.fetch_revocation = false;  // nothing answers at cesp.example.fr
  verify.require_revocation = false;
  VerificationReport report = verify_pdf(pdf, verify);
  INFO(report.to_text());
  REQUIRE(report.signatures.size() == 1);
  CHECK(report.signatures[0].signature_ok);
  CHECK(report.signatures[0].chain_trusted);
  CHECK(report.signatures[0].signer_name == "Dominique JETON");
  CHECK(report.indication == "TOTAL_PASSED");

  // A certificate from another CA is refused by register-token.
  auto other = other_pki("cli-signers-foreign");
  CHECK(run_cesp("signers register-token" + data_dir + " --person agent-x --uri '" + uri + "' --cert " +
                     other.agent_ec.cert_pem.string(),
                 out) != 0);
}
