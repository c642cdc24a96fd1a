#include "cesp/signing/signer_key.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "cesp/core/error.h"
#include "cesp/signing/pades.h"

#include "support/dev_services.h"
#include "support/softhsm.h"
#include "support/test_pdf.h"

using namespace cesp::signing;
using namespace cesp::test;

namespace {

// A SoftHSM2 token holding the candidate's RSA key, in a private directory.
std::string softhsm_uri() { return softhsm_key("signer", dev_services().pki.candidate_rsa.key_pem, "01"); }

}  // namespace

TEST_CASE("A PKCS#11 key in SoftHSM2 signs a PDF that pdfsig accepts", "[keys][pkcs11]") {
  const auto& pki = dev_services().pki;
  std::string uri = softhsm_uri();
  ::setenv("CESP_PKCS11_PIN", "1234", 1);
  SignerKey key = SignerKey::load(uri, pki.candidate_rsa.cert_pem.string(), pki.chain_pem.string());
  CHECK(key.key_type() == "RSA-2048");
  auto pdf = sign_pdf(make_test_pdf(1), key, {}).pdf;
  auto file = scratch_dir("pkcs11") / "signed.pdf";
  write_bytes(file, pdf);
  std::string out;
  run_command("pdfsig " + file.string(), out);
  INFO(out);
  CHECK(out.find("Signature is Valid.") != std::string::npos);

  // A second load in the same process works (one engine per process).
  SignerKey again = SignerKey::load(uri, pki.candidate_rsa.cert_pem.string(), pki.chain_pem.string());
  CHECK(again.key_type() == "RSA-2048");
  ::unsetenv("CESP_PKCS11_PIN");
  // The PIN is checked when the process logs in to the token (libp11 then keeps
  // the login for the process): a wrong PIN in a fresh process is refused.
  write_bytes(file.parent_path() / "in.pdf", make_test_pdf(1));
  const std::string sign = std::string(CESP_EXE) + " sign " + (file.parent_path() / "in.pdf").string() + " " +
                           (file.parent_path() / "out.pdf").string() + " --key '" + uri + "' --cert " +
                           pki.candidate_rsa.cert_pem.string();
  CHECK(run_command("CESP_PKCS11_PIN=0000 " + sign, out) != 0);
  CHECK(run_command("CESP_PKCS11_PIN=1234 " + sign, out) == 0);
  CHECK_THROWS_AS(
      SignerKey::load("pkcs11:token=nope;object=none;pin-value=1234", pki.candidate_rsa.cert_pem.string()),
      cesp::Error);
}

TEST_CASE("A raw signature from a file key verifies with the certificate", "[keys]") {
  const auto& pki = dev_services().pki;
  auto key = SignerKey::load(pki.agent_rsa.key_pem.string(), pki.agent_rsa.cert_pem.string());
  const std::string message = "attributs signés";
  auto sig = key.sign_sha256(reinterpret_cast<const unsigned char*>(message.data()), message.size());
  auto dir = scratch_dir("raw");
  write_bytes(dir / "msg", std::vector<unsigned char>(message.begin(), message.end()));
  write_bytes(dir / "sig", sig);
  std::string out;
  CHECK(run_command("openssl x509 -in " + pki.agent_rsa.cert_pem.string() + " -pubkey -noout > " +
                        (dir / "pub.pem").string() + " && openssl dgst -sha256 -verify " +
                        (dir / "pub.pem").string() + " -signature " + (dir / "sig").string() + " " +
                        (dir / "msg").string(),
                    out) == 0);
  CHECK(out.find("Verified OK") != std::string::npos);
  CHECK(key.certificates_der().size() == 1);
}
