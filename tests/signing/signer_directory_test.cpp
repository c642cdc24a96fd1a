#include "cesp/signing/signer_directory.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

#include "cesp/core/error.h"
#include "cesp/signing/pades.h"
#include "cesp/signing/verify.h"

#include "support/dev_services.h"
#include "support/softhsm.h"
#include "support/test_pdf.h"

using namespace cesp::signing;
using namespace cesp::test;

namespace {

SignerDirectoryOptions directory_options(const std::string& name) {
  const auto& services = dev_services();
  SignerDirectoryOptions options;
  options.dir = scratch_dir(name);
  options.ca_cert_pem = services.pki.intermediate_cert;
  options.ca_key_pem = services.pki.intermediate_key;
  options.chain_pem = services.pki.chain_pem;
  options.aia_base_url = services.base_url;
  return options;
}

const SignerSubject kAnais{"cand-42", "Anaïs LEFÈVRE-DUPRÉ", "candidat", "anais@example.fr"};

std::string text_of(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string openssl_x509_text(const std::string& pem, const std::filesystem::path& dir) {
  std::ofstream(dir / "cert.pem") << pem;
  std::string out;
  run_command("openssl x509 -noout -text -in " + (dir / "cert.pem").string(), out);
  return out;
}

}  // namespace

TEST_CASE("The first unlock issues an EC P-256 certificate; the next ones return it", "[signer-directory]") {
  auto options = directory_options("directory-issue");
  SignerDirectory directory(options);
  CHECK_FALSE(directory.certificate_pem(kAnais.person_id));

  SignerKey first = directory.unlock(kAnais, "mot de passe 1");
  CHECK(first.key_type() == "EC-P-256");
  CHECK(first.common_name() == "Anaïs LEFÈVRE-DUPRÉ");
  REQUIRE(first.certificates_der().size() == 3);  // personal, intermediate, root
  auto pem = directory.certificate_pem(kAnais.person_id);
  REQUIRE(pem);

  SignerKey again = directory.unlock(kAnais, "mot de passe 1");
  CHECK(again.certificates_der() == first.certificates_der());
  CHECK(directory.certificate_pem(kAnais.person_id) == pem);

  // Independent reading of the certificate: key usage, URLs, names.
  std::string text = openssl_x509_text(*pem, options.dir);
  INFO(text);
  CHECK(text.find("Digital Signature, Non Repudiation") != std::string::npos);
  CHECK(text.find("OCSP - URI:" + dev_services().base_url + "/ocsp") != std::string::npos);
  CHECK(text.find("URI:" + dev_services().base_url + "/crl/intermediate.crl") != std::string::npos);
  CHECK(text.find("CA Issuers - URI:" + dev_services().base_url + "/ca/intermediate.der") !=
        std::string::npos);
  CHECK(text.find("email:anais@example.fr") != std::string::npos);
  std::string subject;
  run_command(
      "openssl x509 -noout -subject -nameopt RFC2253,-esc_msb -in " + (options.dir / "cert.pem").string(),
      subject);
  CHECK(subject.find("CN=Anaïs LEFÈVRE-DUPRÉ,") != std::string::npos);
  CHECK(subject.find("OU=candidat") != std::string::npos);
  CHECK(text.find("NE PAS UTILISER EN PRODUCTION") != std::string::npos);
  CHECK(text.find("CA:FALSE") != std::string::npos);
  std::string out;
  CHECK(run_command("openssl verify -CAfile " + dev_services().pki.root_cert.string() + " -untrusted " +
                        dev_services().pki.intermediate_cert.string() + " " +
                        (options.dir / "cert.pem").string(),
                    out) == 0);

  // The key at rest is encrypted: no plain key, and openssl needs the password.
  const auto key_file = options.dir / "cand-42.key.pem";
  CHECK(text_of(key_file).find("BEGIN ENCRYPTED PRIVATE KEY") != std::string::npos);
  CHECK((std::filesystem::status(key_file).permissions() & std::filesystem::perms::group_all) ==
        std::filesystem::perms::none);
  CHECK(run_command("openssl pkey -noout -passin pass:faux -in " + key_file.string(), out) != 0);
  CHECK(run_command("openssl pkey -noout -passin 'pass:mot de passe 1' -in " + key_file.string(), out) == 0);

  // A person id that is not a plain file name is encoded, never used as a path.
  SignerSubject odd{"../../etc/passwd", "Eve", "candidat", ""};
  directory.unlock(odd, "x");
  CHECK_FALSE(std::filesystem::exists(options.dir / "../../etc/passwd.pem"));
  CHECK(directory.certificate_pem(odd.person_id));
}

TEST_CASE("Another password (changed) gets a new key and certificate", "[signer-directory]") {
  SignerDirectory directory(directory_options("directory-password"));
  SignerKey before = directory.unlock(kAnais, "ancien");
  SignerKey after = directory.unlock(kAnais, "nouveau");
  CHECK(after.certificates_der()[0] != before.certificates_der()[0]);
  // The key is now under the new password; the old one no longer opens it.
  CHECK(directory.unlock(kAnais, "nouveau").certificates_der()[0] == after.certificates_der()[0]);
  CHECK_THROWS_AS(directory.unlock(kAnais, ""), cesp::Error);
  // A changed name (e.g. marriage) is a new certificate too.
  SignerSubject renamed = kAnais;
  renamed.common_name = "Anaïs MARTIN";
  SignerKey renamed_key = directory.unlock(renamed, "nouveau");
  CHECK(renamed_key.common_name() == "Anaïs MARTIN");
}

TEST_CASE("An unlocked personal key signs B-LT: verify_pdf and pdfsig agree", "[signer-directory]") {
  SignerDirectory directory(directory_options("directory-sign"));
  SignerKey candidate = directory.unlock(kAnais, "secret");
  SignerKey agent = directory.unlock({"agent-7", "Alex AGENT", "gestionnaire CNG", ""}, "autre secret");
  auto tsa = make_http_timestamp_authority(dev_services().tsa_url);
  SignOptions options;
  options.level = PadesLevel::b_t;
  options.tsa = tsa.get();
  options.field_name = "signature_candidat";
  options.reason = "Lu et approuvé";
  auto pdf = sign_pdf(make_test_pdf(1, {"signature_candidat", "signature_agent"}), candidate, options).pdf;
  options.field_name = "signature_agent";
  options.level = PadesLevel::b_lt;
  options.trust_anchor_pem_files = {dev_services().pki.root_cert.string()};
  pdf = sign_pdf(pdf, agent, options).pdf;
  pdf = extend_pdf(pdf, PadesLevel::b_lta, tsa.get(), {dev_services().pki.chain_pem.string()});

  VerifyOptions verify;
  verify.trust_anchor_pem_files = {dev_services().pki.root_cert.string()};
  verify.fetch_revocation = false;  // everything must come from the DSS
  VerificationReport report = verify_pdf(pdf, verify);
  INFO(report.to_text());
  CHECK(report.indication == "TOTAL_PASSED");
  REQUIRE(report.signatures.size() == 3);
  CHECK(report.signatures[0].signer_name == "Anaïs LEFÈVRE-DUPRÉ");
  CHECK(report.signatures[0].level == "B-LTA");
  CHECK(report.signatures[0].revocation == "good");
  CHECK(report.signatures[1].signer_name == "Alex AGENT");

  auto file = scratch_dir("directory-sign-out") / "signed.pdf";
  write_bytes(file, pdf);
  std::string out;
  run_command("pdfsig " + file.string(), out);
  INFO(out);
  CHECK(out.find("Anaïs LEFÈVRE-DUPRÉ") != std::string::npos);
  std::size_t valid = 0;
  for (auto at = out.find("Signature is Valid."); at != std::string::npos;
       at = out.find("Signature is Valid.", at + 1))
    ++valid;
  CHECK(valid >= 2);
  CHECK(out.find("Digest Mismatch") == std::string::npos);
}

TEST_CASE("Concurrent unlocks of one person issue a single certificate", "[signer-directory]") {
  auto options = directory_options("directory-threads");
  // Two directory objects on one folder: as two server processes would be.
  SignerDirectory a(options), b(options);
  std::vector<std::vector<unsigned char>> seen(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      SignerDirectory& d = i % 2 ? a : b;
      seen[i] = d.unlock(kAnais, "même secret").certificates_der()[0];
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& cert : seen) CHECK(cert == seen[0]);
  CHECK_FALSE(seen[0].empty());
}

TEST_CASE("An agent's key in a PKCS#11 token is registered and unlocked with its PIN",
          "[signer-directory][pkcs11]") {
  const auto& pki = dev_services().pki;
  SignerDirectory directory(directory_options("directory-token"));
  const std::string uri = softhsm_key("agent-ec", pki.agent_ec.key_pem, "02");
  directory.register_token("agent-9", uri, pki.agent_ec.cert_pem);
  SignerKey key = directory.unlock({"agent-9", "Alex Agent CNG (EC)", "gestionnaire CNG", ""}, "1234");
  CHECK(key.key_type() == "EC-P-256");
  auto pdf = sign_pdf(make_test_pdf(1), key, {}).pdf;
  auto file = scratch_dir("directory-token-out") / "signed.pdf";
  write_bytes(file, pdf);
  std::string out;
  run_command("pdfsig " + file.string(), out);
  INFO(out);
  CHECK(out.find("Signature is Valid.") != std::string::npos);
  CHECK(directory.certificate_pem("agent-9") == text_of(pki.agent_ec.cert_pem));

  // A second unlock in the process reuses the token login (see signer_key_test for the PIN check).
  CHECK(directory.unlock({"agent-9", "Alex Agent CNG (EC)", "gestionnaire CNG", ""}, "1234").key_type() ==
        "EC-P-256");
  // A certificate from another CA is refused.
  auto other = other_pki("directory-foreign");
  CHECK_THROWS_AS(directory.register_token("agent-10", uri, other.agent_ec.cert_pem), cesp::Error);
}

namespace {

// A fresh private key (openssl genpkey arguments) and its PKCS#10 request, made by the openssl CLI.
std::filesystem::path make_csr(const std::filesystem::path& dir, const std::string& genpkey_args) {
  std::string out;
  REQUIRE(run_command("openssl genpkey " + genpkey_args + " -out " + (dir / "key.pem").string(), out) == 0);
  REQUIRE(run_command("openssl req -new -key " + (dir / "key.pem").string() +
                          " -subj '/CN=ignored by the CA' -out " + (dir / "req.pem").string(),
                      out) == 0);
  return dir / "req.pem";
}

}  // namespace

TEST_CASE("A CSR gets a personal certificate; its token key then signs a PDF that verifies",
          "[signer-directory][pkcs11][csr]") {
  auto options = directory_options("directory-csr");
  SignerDirectory directory(options);
  const auto dir = scratch_dir("directory-csr-work");
  const auto csr = make_csr(dir, "-algorithm EC -pkeyopt ec_paramgen_curve:P-256");
  const SignerSubject agent{"agent-csr", "Camille JETON", "gestionnaire CNG", "camille@example.fr"};
  const std::string pem = directory.issue_certificate_for_csr(agent, text_of(csr));
  CHECK_FALSE(directory.certificate_pem(agent.person_id));  // nothing stored yet
  std::ofstream(dir / "cert.pem") << pem;

  // Same profile as unlock()'s certificates, read independently; the subject is ours, not the CSR's.
  std::string text = openssl_x509_text(pem, dir);
  INFO(text);
  CHECK(text.find("Digital Signature, Non Repudiation") != std::string::npos);
  CHECK(text.find("OCSP - URI:" + dev_services().base_url + "/ocsp") != std::string::npos);
  CHECK(text.find("URI:" + dev_services().base_url + "/crl/intermediate.crl") != std::string::npos);
  CHECK(text.find("email:camille@example.fr") != std::string::npos);
  CHECK(text.find("CN = Camille JETON") != std::string::npos);
  CHECK(text.find("ignored by the CA") == std::string::npos);
  std::string out;
  CHECK(run_command("openssl verify -CAfile " + dev_services().pki.root_cert.string() + " -untrusted " +
                        dev_services().pki.intermediate_cert.string() + " " + (dir / "cert.pem").string(),
                    out) == 0);
  // The certificate is for the CSR's key.
  std::string cert_key, csr_key;
  run_command("openssl x509 -noout -pubkey -in " + (dir / "cert.pem").string(), cert_key);
  run_command("openssl req -noout -pubkey -in " + csr.string(), csr_key);
  CHECK(cert_key == csr_key);

  directory.register_token(agent.person_id, softhsm_key("agent-csr", dir / "key.pem", "0c"),
                           dir / "cert.pem");
  SignerKey key = directory.unlock(agent, "1234");
  auto pdf = sign_pdf(make_test_pdf(1), key, {}).pdf;
  VerifyOptions verify;
  verify.trust_anchor_pem_files = {dev_services().pki.root_cert.string()};
  VerificationReport report = verify_pdf(pdf, verify);  // online OCSP at the certificate's URL
  INFO(report.to_text());
  CHECK(report.indication == "TOTAL_PASSED");
  REQUIRE(report.signatures.size() == 1);
  CHECK(report.signatures[0].chain_trusted);
  CHECK(report.signatures[0].signer_name == "Camille JETON");
  CHECK(report.signatures[0].revocation == "good");
}

TEST_CASE("A CSR with a bad self-signature or a weak key or garbage is refused", "[signer-directory][csr]") {
  SignerDirectory directory(directory_options("directory-csr-bad"));
  const auto dir = scratch_dir("directory-csr-bad-work");
  const SignerSubject agent{"agent-bad", "Eve MALLORY", "gestionnaire CNG", ""};
  auto refused = [&](const std::string& csr_pem) {
    try {
      directory.issue_certificate_for_csr(agent, csr_pem);
    } catch (const cesp::Error& e) {
      return e.code() == cesp::ErrorCode::signing_key_invalid;
    }
    return false;
  };
  // Flip the last byte (inside the signature) of a valid request.
  const auto csr = make_csr(dir, "-algorithm EC -pkeyopt ec_paramgen_curve:P-256");
  CHECK_NOTHROW(directory.issue_certificate_for_csr(agent, text_of(csr)));
  std::string out;
  REQUIRE(run_command("openssl req -in " + csr.string() + " -outform DER -out " + (dir / "req.der").string(),
                      out) == 0);
  auto der = read_bytes(dir / "req.der");
  der.back() ^= 0x01;
  write_bytes(dir / "bad.der", der);
  REQUIRE(
      run_command("openssl base64 -in " + (dir / "bad.der").string() + " -out " + (dir / "bad.b64").string(),
                  out) == 0);
  const std::string tampered = "-----BEGIN CERTIFICATE REQUEST-----\n" + text_of(dir / "bad.b64") +
                               "-----END CERTIFICATE REQUEST-----\n";
  CHECK(refused(tampered));

  const auto weak_dir = scratch_dir("directory-csr-weak");
  CHECK(refused(text_of(make_csr(weak_dir, "-algorithm RSA -pkeyopt rsa_keygen_bits:1024"))));
  CHECK(refused(""));
  CHECK(refused("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"));
  CHECK(refused(std::string(100000, 'A')));
}

// Regression: libp11's engine used to be put on OpenSSL's engine list, and the first TLS/HTTP
// client initialisation (online revocation) then made it the default for RSA/EC, so the CA's
// file key could no longer sign: "command not supported" on every later issuance.
TEST_CASE("A token key used in the process leaves the CA's file key able to issue",
          "[signer-directory][pkcs11]") {
  const auto& pki = dev_services().pki;
  SignerDirectoryOptions options;
  options.dir = scratch_dir("directory-token-engine");
  options.ca_cert_pem = pki.intermediate_cert;
  options.ca_key_pem = pki.intermediate_key;
  options.chain_pem = pki.chain_pem;
  SignerDirectory before(options);
  before.unlock({"a", "A", "candidat", ""}, "pw");
  SignerKey token = SignerKey::load(softhsm_key("agent-ec", pki.agent_ec.key_pem, "02"),
                                    pki.agent_ec.cert_pem.string(), pki.chain_pem.string(), "1234");
  CHECK_NOTHROW(before.unlock({"b", "B", "candidat", ""}, "pw"));
  SignerDirectory after(options);
  CHECK_NOTHROW(after.unlock({"c", "C", "candidat", ""}, "pw"));
  CHECK_NOTHROW(sign_pdf(make_test_pdf(1), token, {}));
  auto pdf = sign_pdf(make_test_pdf(1), token, {}).pdf;
  VerifyOptions verify;
  verify.trust_anchor_pem_files = {pki.root_cert.string()};
  verify_pdf(pdf, verify);
  CHECK_NOTHROW(before.unlock({"d", "D", "candidat", ""}, "pw"));
  SignerDirectory after2(options);
  CHECK_NOTHROW(after2.unlock({"e", "E", "candidat", ""}, "pw"));
}
