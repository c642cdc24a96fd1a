#include "cesp/signing/signer_key.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "cesp/core/error.h"
#include "cesp/signing/pades.h"

#include "support/dev_services.h"
#include "support/test_pdf.h"

using namespace cesp::signing;
using namespace cesp::test;

namespace {

// A SoftHSM2 token holding the candidate's RSA key, in a private directory.
std::string softhsm_uri() {
  static std::string uri = [] {
    const auto& pki = dev_services().pki;
    auto dir = scratch_dir("softhsm");
    std::filesystem::create_directories(dir / "tokens");
    std::ofstream(dir / "softhsm2.conf") << "directories.tokendir = " << (dir / "tokens").string()
                                         << "\nobjectstore.backend = file\nlog.level = ERROR\n";
    ::setenv("SOFTHSM2_CONF", (dir / "softhsm2.conf").c_str(), 1);
    std::string out;
    if (run_command("softhsm2-util --init-token --free --label cesp-test --pin 1234 --so-pin 5678", out) !=
        0) {
      FAIL("softhsm2-util --init-token: " << out);
    }
    if (run_command("openssl pkcs8 -topk8 -nocrypt -in " + pki.candidate_rsa.key_pem.string() + " -out " +
                        (dir / "key.pk8").string(),
                    out) != 0 ||
        run_command("softhsm2-util --import " + (dir / "key.pk8").string() +
                        " --token cesp-test --label signer --id 01 --pin 1234",
                    out) != 0) {
      FAIL("softhsm2-util --import: " << out);
    }
    return std::string("pkcs11:token=cesp-test;object=signer;type=private");
  }();
  return uri;
}

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

  ::setenv("CESP_PKCS11_PIN", "0000", 1);
  CHECK_THROWS_AS(SignerKey::load(uri, pki.candidate_rsa.cert_pem.string()), cesp::Error);
  ::unsetenv("CESP_PKCS11_PIN");
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
