#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

#include "cesp/core/error.h"
#include "cesp/signing/pades.h"
#include "cesp/signing/tsa_responder.h"

#include "support/dev_services.h"
#include "support/test_pdf.h"

using namespace cesp::signing;
using namespace cesp::test;

namespace {

SignerKey candidate_key() {
  const auto& pki = dev_services().pki;
  return SignerKey::load(pki.candidate_rsa.key_pem.string(), pki.candidate_rsa.cert_pem.string(),
                         pki.chain_pem.string());
}

std::string pdfsig(const std::filesystem::path& file) {
  std::string out;
  run_command("pdfsig " + file.string(), out);
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("A B-B signature is PAdES: pdfsig, qpdf and openssl cms agree", "[pades]") {
  auto dir = scratch_dir("bb");
  auto pdf = make_test_pdf(3);
  SignOptions options;
  options.reason = "Lu et approuvé";
  options.location = "Paris";
  options.signing_time = 1795000000;  // 2026-11-18
  SignResult signed_pdf = sign_pdf(pdf, candidate_key(), options);
  REQUIRE(signed_pdf.pdf.size() > pdf.size());
  CHECK(std::equal(pdf.begin(), pdf.end(), signed_pdf.pdf.begin()));  // incremental: earlier bytes untouched
  CHECK(signed_pdf.field_name == "Signature1");
  CHECK_FALSE(signed_pdf.normalized);
  write_bytes(dir / "signed.pdf", signed_pdf.pdf);

  std::string out = pdfsig(dir / "signed.pdf");
  INFO(out);
  CHECK(out.find("Signature Type: ETSI.CAdES.detached") != std::string::npos);
  CHECK(out.find("Signature Validation: Signature is Valid.") != std::string::npos);
  CHECK(out.find("Total document signed") != std::string::npos);
  CHECK(out.find("Camille Candidat (RSA)") != std::string::npos);

  CHECK(run_command("qpdf --check " + (dir / "signed.pdf").string(), out) == 0);

  ExtractedSignature sig = extract_signature(signed_pdf.pdf, 0);
  CHECK(sig.covered_end == static_cast<long long>(signed_pdf.pdf.size()));
  write_bytes(dir / "sig.der", sig.cms);
  write_bytes(dir / "content.bin", sig.content);
  const auto& pki = dev_services().pki;
  CHECK(run_command("openssl cms -verify -binary -inform DER -in " + (dir / "sig.der").string() +
                        " -content " + (dir / "content.bin").string() + " -CAfile " + pki.root_cert.string() +
                        " -purpose any -out /dev/null",
                    out) == 0);
  INFO(out);
  CHECK(out.find("Verification successful") != std::string::npos);

  // PAdES baseline: one SignerInfo, no signing-time, signing-certificate-v2 present.
  REQUIRE(run_command("openssl cms -cmsout -print -inform DER -in " + (dir / "sig.der").string(), out) == 0);
  CHECK(count(out, "signerInfos:") == 1);
  CHECK(count(out, "version: 1") >= 1);
  CHECK(out.find("signingTime") == std::string::npos);
  CHECK(out.find("id-smime-aa-signingCertificateV2") != std::string::npos);
  CHECK(out.find("messageDigest") != std::string::npos);
  CHECK(out.find("Intermédiaire") != std::string::npos);  // chain included
}

TEST_CASE("ECDSA P-256 signatures verify as well", "[pades]") {
  const auto& pki = dev_services().pki;
  auto key =
      SignerKey::load(pki.agent_ec.key_pem.string(), pki.agent_ec.cert_pem.string(), pki.chain_pem.string());
  CHECK(key.key_type() == "EC-P-256");
  auto dir = scratch_dir("ec");
  write_bytes(dir / "signed.pdf", sign_pdf(make_test_pdf(1), key, {}).pdf);
  std::string out = pdfsig(dir / "signed.pdf");
  INFO(out);
  CHECK(out.find("Signature Validation: Signature is Valid.") != std::string::npos);
}

TEST_CASE("B-T embeds a signature timestamp over the signature value", "[pades][tsa]") {
  auto& services = dev_services();
  auto dir = scratch_dir("bt");
  auto tsa = make_http_timestamp_authority(services.tsa_url);
  SignOptions options;
  options.level = PadesLevel::b_t;
  options.tsa = tsa.get();
  SignResult result = sign_pdf(make_test_pdf(2), candidate_key(), options);
  CHECK_FALSE(result.timestamp_time.empty());
  write_bytes(dir / "signed.pdf", result.pdf);
  std::string out = pdfsig(dir / "signed.pdf");
  INFO(out);
  CHECK(out.find("Signature Validation: Signature is Valid.") != std::string::npos);
  ExtractedSignature sig = extract_signature(result.pdf, 0);
  write_bytes(dir / "sig.der", sig.cms);
  REQUIRE(run_command("openssl cms -cmsout -print -inform DER -in " + (dir / "sig.der").string(), out) == 0);
  CHECK(out.find("id-smime-aa-timeStampToken") != std::string::npos);
}

TEST_CASE("Sequential signatures into the template's named fields keep earlier revisions intact", "[pades]") {
  const auto& pki = dev_services().pki;
  auto dir = scratch_dir("sequential");
  auto pdf = make_test_pdf(2, {"signature_candidat", "signature_agent"});
  SignOptions first;
  first.field_name = "signature_candidat";
  first.certify = true;
  first.reason = "Lu et approuvé";
  auto once = sign_pdf(pdf, candidate_key(), first);
  SignOptions second;
  second.field_name = "signature_agent";
  auto agent = SignerKey::load(pki.agent_rsa.key_pem.string(), pki.agent_rsa.cert_pem.string(),
                               pki.chain_pem.string());
  auto twice = sign_pdf(once.pdf, agent, second);
  if (std::getenv("CESP_KEEP")) write_bytes(std::getenv("CESP_KEEP"), twice.pdf);
  CHECK(std::equal(once.pdf.begin(), once.pdf.end(), twice.pdf.begin()));
  write_bytes(dir / "signed.pdf", twice.pdf);
  std::string out = pdfsig(dir / "signed.pdf");
  INFO(out);
  CHECK(count(out, "Signature Validation: Signature is Valid.") == 2);
  CHECK(out.find("Signature Field Name: signature_candidat") != std::string::npos);
  CHECK(out.find("Signature Field Name: signature_agent") != std::string::npos);
  CHECK(out.find("Total document signed") != std::string::npos);  // the agent's covers everything
  CHECK(run_command("qpdf --check " + (dir / "signed.pdf").string(), out) == 0);

  // The same field cannot be signed twice; certification only comes first.
  CHECK_THROWS_AS(sign_pdf(twice.pdf, agent, second), cesp::Error);
  SignOptions late_certify;
  late_certify.certify = true;
  try {
    sign_pdf(once.pdf, agent, late_certify);
    FAIL("late certification accepted");
  } catch (const cesp::Error& e) {
    CHECK(e.code() == cesp::ErrorCode::signature_field_invalid);
  }
}

TEST_CASE("Visible signatures get an appearance on the requested page", "[pades]") {
  auto dir = scratch_dir("visible");
  SignOptions options;
  options.visible = parse_visible_box("2:300,80,220,70");
  options.reason = "Lu et approuvé";
  auto result = sign_pdf(make_test_pdf(2), candidate_key(), options);
  write_bytes(dir / "signed.pdf", result.pdf);
  std::string out;
  CHECK(run_command("qpdf --check " + (dir / "signed.pdf").string(), out) == 0);
  CHECK(pdfsig(dir / "signed.pdf").find("Signature is Valid.") != std::string::npos);
  CHECK_THROWS_AS(parse_visible_box("0:1,2,3,4"), cesp::Error);
  CHECK_THROWS_AS(parse_visible_box("1:1,2,3"), cesp::Error);
}

TEST_CASE("PDFs with object streams are normalised before a first signature, refused after", "[pades]") {
  auto dir = scratch_dir("objstm");
  write_bytes(dir / "plain.pdf", make_test_pdf(1));
  std::string out;
  REQUIRE(run_command("qpdf --object-streams=generate " + (dir / "plain.pdf").string() + " " +
                          (dir / "objstm.pdf").string(),
                      out) == 0);
  auto result = sign_pdf(read_bytes(dir / "objstm.pdf"), candidate_key(), {});
  CHECK(result.normalized);
  write_bytes(dir / "signed.pdf", result.pdf);
  CHECK(pdfsig(dir / "signed.pdf").find("Signature is Valid.") != std::string::npos);

  // A signed file rewritten with object streams must be refused, not rewritten again.
  REQUIRE(run_command("qpdf --object-streams=generate " + (dir / "signed.pdf").string() + " " +
                          (dir / "signed-objstm.pdf").string(),
                      out) == 0);
  try {
    sign_pdf(read_bytes(dir / "signed-objstm.pdf"), candidate_key(), {});
    FAIL("signed xref-stream PDF accepted");
  } catch (const cesp::Error& e) {
    CHECK(e.code() == cesp::ErrorCode::pdf_unsupported);
  }
}

TEST_CASE("Keys load from PKCS#12 and bad inputs are refused cleanly", "[pades][keys]") {
  const auto& pki = dev_services().pki;
  auto p12 = SignerKey::load(pki.candidate_ec.p12.string(), "", "", pki.candidate_ec.p12_password);
  CHECK(p12.certificates_der().size() == 3);  // signer, intermediate, root
  CHECK(p12.common_name() == "Camille Candidat (EC)");
  CHECK_THROWS_AS(SignerKey::load(pki.candidate_ec.p12.string(), "", "", "wrong"), cesp::Error);
  CHECK_THROWS_AS(SignerKey::load(pki.candidate_rsa.key_pem.string(), pki.agent_rsa.cert_pem.string()),
                  cesp::Error);
  CHECK_THROWS_AS(sign_pdf({'%', 'P', 'D', 'F'}, p12, {}), cesp::Error);
  SignOptions bt;
  bt.level = PadesLevel::b_t;  // no TSA given
  CHECK_THROWS_AS(sign_pdf(make_test_pdf(1), p12, bt), cesp::Error);
}

TEST_CASE("A timestamp token larger than the reserved space is an error, never a corrupt file",
          "[pades][tsa]") {
  const auto& pki = dev_services().pki;
  auto dir = scratch_dir("overflow");
  // A TSA that embeds its chain eight times: its tokens no longer fit the reserve.
  std::string chain;
  std::ifstream in(pki.chain_pem);
  std::string one((std::istreambuf_iterator<char>(in)), {});
  for (int i = 0; i < 8; ++i) chain += one;
  std::ofstream(dir / "big-chain.pem") << chain;
  auto responder = std::make_shared<TsaResponder>(pki.tsa.key_pem, pki.tsa.cert_pem, dir / "big-chain.pem");
  auto tsa = make_local_timestamp_authority(responder);
  SignOptions options;
  options.level = PadesLevel::b_t;
  options.tsa = tsa.get();
  try {
    sign_pdf(make_test_pdf(1), candidate_key(), options);
    FAIL("oversized signature accepted");
  } catch (const cesp::Error& e) {
    CHECK(e.code() == cesp::ErrorCode::signature_too_large);
  }
}
