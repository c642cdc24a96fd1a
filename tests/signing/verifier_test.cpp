#include <catch2/catch.hpp>

#include <podofo/podofo.h>

#include "cesp/core/error.h"
#include "cesp/signing/pades.h"
#include "cesp/signing/verify.h"

#include "support/dev_services.h"
#include "support/test_pdf.h"

using namespace cesp::signing;
using namespace cesp::test;

namespace {

SignerKey key_of(const DevIdentity& id) {
  return SignerKey::load(id.key_pem.string(), id.cert_pem.string(), dev_services().pki.chain_pem.string());
}

VerifyOptions trusted(bool online = true) {
  VerifyOptions options;
  options.trust_anchor_pem_files = {dev_services().pki.root_cert.string()};
  options.fetch_revocation = online;
  return options;
}

std::string pdfsig_of(const std::vector<unsigned char>& pdf, const std::string& name) {
  auto file = scratch_dir("pdfsig") / name;
  write_bytes(file, pdf);
  std::string out;
  run_command("pdfsig " + file.string(), out);
  return out;
}

const std::vector<unsigned char>& signed_bb() {
  static const auto pdf = sign_pdf(make_test_pdf(2), key_of(dev_services().pki.candidate_rsa), {}).pdf;
  return pdf;
}

// Appends an unsigned revision that draws on page 1 (what a forger would do).
std::vector<unsigned char> append_page_change(const std::vector<unsigned char>& pdf) {
  using namespace PoDoFo;
  PdfMemDocument doc;
  doc.LoadFromBuffer(reinterpret_cast<const char*>(pdf.data()), static_cast<long>(pdf.size()), true);
  PdfPainter painter;
  painter.SetPage(doc.GetPage(0));
  PdfFont* font = doc.CreateFont("Helvetica", false, PdfEncodingFactory::GlobalWinAnsiEncodingInstance(),
                                 PdfFontCache::eFontCreationFlags_AutoSelectBase14, false);
  font->SetFontSize(14);
  painter.SetFont(font);
  painter.DrawText(100, 100, PdfString("Montant: 1 000 000 EUR"));
  painter.FinishPage();
  PdfRefCountedBuffer buffer;
  PdfOutputDevice device(&buffer);
  doc.WriteUpdate(&device, true);
  const auto* data = reinterpret_cast<const unsigned char*>(buffer.GetBuffer());
  return std::vector<unsigned char>(data, data + device.GetLength());
}

}  // namespace

TEST_CASE("A B-B signature with a trusted root passes, with revocation checked online", "[verify]") {
  VerificationReport report = verify_pdf(signed_bb(), trusted());
  INFO(report.to_text());
  CHECK(report.indication == "TOTAL_PASSED");
  REQUIRE(report.signatures.size() == 1);
  const auto& s = report.signatures[0];
  CHECK(s.level == "B-B");
  CHECK(s.coverage == "whole-file");
  CHECK(s.revocation == "good");
  CHECK(s.revocation_source == "online-ocsp");
  CHECK(s.signer_name == "Camille Candidat (RSA)");
  CHECK(report.passed());
  CHECK(report.to_json().find("\"indication\":\"TOTAL_PASSED\"") != std::string::npos);
  CHECK(report.to_html().find("VALIDE") != std::string::npos);
}

TEST_CASE("Without a trust anchor, or with another root, the chain is not found (pdfsig agrees)",
          "[verify]") {
  auto report = verify_pdf(signed_bb(), VerifyOptions{});
  CHECK(report.indication == "INDETERMINATE");
  CHECK(report.sub_indication == "NO_CERTIFICATE_CHAIN_FOUND");
  CHECK(pdfsig_of(signed_bb(), "untrusted.pdf").find("Certificate issuer isn't Trusted") !=
        std::string::npos);
  auto other = other_pki("other-root");
  VerifyOptions wrong;
  wrong.trust_anchor_pem_files = {other.root_cert.string()};
  CHECK(verify_pdf(signed_bb(), wrong).sub_indication == "NO_CERTIFICATE_CHAIN_FOUND");
}

TEST_CASE("A byte flipped inside the signed ranges is a HASH_FAILURE (pdfsig: digest mismatch)",
          "[verify][tamper]") {
  auto pdf = signed_bb();
  // Flip a byte inside the first page's compressed content stream: structure intact, digest not.
  std::string text(pdf.begin(), pdf.end());
  std::size_t at = text.find("stream\n");
  REQUIRE(at != std::string::npos);
  pdf[at + 7 + 40] ^= 0x20;
  auto report = verify_pdf(pdf, trusted());
  CHECK(report.indication == "TOTAL_FAILED");
  CHECK(report.sub_indication == "HASH_FAILURE");
  std::string out = pdfsig_of(pdf, "flipped.pdf");
  INFO(out);
  CHECK(out.find("Digest Mismatch") != std::string::npos);
}

TEST_CASE("A byte flipped in the signature value (outside the ranges) is a SIG_CRYPTO_FAILURE",
          "[verify][tamper]") {
  auto pdf = signed_bb();
  auto sig = extract_signature(pdf, 0);
  // The RSA signature value is the last element of a B-B CMS: flip a hex digit inside it.
  std::size_t hex_at = static_cast<std::size_t>(sig.gap_start) + 1 + sig.cms.size() * 2 - 20;
  pdf[hex_at] = pdf[hex_at] == 'A' ? 'B' : 'A';
  auto report = verify_pdf(pdf, trusted());
  CHECK(report.indication == "TOTAL_FAILED");
  CHECK(report.sub_indication == "SIG_CRYPTO_FAILURE");
  std::string out = pdfsig_of(pdf, "sigflip.pdf");
  CHECK(out.find("Signature is Valid.") == std::string::npos);
}

TEST_CASE("A truncated file fails in format, never crashes", "[verify][tamper]") {
  auto pdf = signed_bb();
  pdf.resize(pdf.size() - 300);
  auto report = verify_pdf(pdf, trusted());
  CHECK(report.indication != "TOTAL_PASSED");
  CHECK(verify_pdf({'%', 'P', 'D', 'F', '-'}, trusted()).indication != "TOTAL_PASSED");
}

TEST_CASE("An appended unsigned revision changing page content is flagged", "[verify][tamper]") {
  auto pdf = append_page_change(signed_bb());
  auto report = verify_pdf(pdf, trusted());
  INFO(report.to_text());
  CHECK(report.indication == "TOTAL_FAILED");
  REQUIRE(report.signatures.size() == 1);
  CHECK(report.signatures[0].digest_ok);  // the signed revision itself is intact
  CHECK(report.signatures[0].disallowed_changes);
  CHECK(report.signatures[0].coverage == "revision 2 of 3");
  // pdfsig still says the signature is valid but not over the whole document.
  std::string out = pdfsig_of(pdf, "appended.pdf");
  CHECK(out.find("Signature is Valid.") != std::string::npos);
  CHECK(out.find("Not total document signed") != std::string::npos);
}

TEST_CASE("Revoked and expired signers are not accepted", "[verify]") {
  auto& services = dev_services();
  auto tsa = make_http_timestamp_authority(services.tsa_url);
  SignOptions bt;
  bt.level = PadesLevel::b_t;
  bt.tsa = tsa.get();
  auto revoked = sign_pdf(make_test_pdf(1), key_of(services.pki.revoked), bt).pdf;
  auto report = verify_pdf(revoked, trusted());
  INFO(report.to_text());
  CHECK(report.indication == "TOTAL_FAILED");
  CHECK(report.sub_indication == "REVOKED");
  auto revoked_bb = sign_pdf(make_test_pdf(1), key_of(services.pki.revoked), {}).pdf;
  CHECK(verify_pdf(revoked_bb, trusted()).sub_indication == "REVOKED_NO_POE");

  auto expired = sign_pdf(make_test_pdf(1), key_of(services.pki.expired), {}).pdf;
  auto expired_report = verify_pdf(expired, trusted());
  CHECK(expired_report.indication == "INDETERMINATE");
  CHECK(expired_report.sub_indication == "EXPIRED");
}

TEST_CASE("Sequential signatures: the first covers its revision, later signatures are allowed", "[verify]") {
  const auto& pki = dev_services().pki;
  auto pdf = make_test_pdf(1, {"signature_candidat", "signature_agent"});
  SignOptions first;
  first.field_name = "signature_candidat";
  first.certify = true;
  SignOptions second;
  second.field_name = "signature_agent";
  auto once = sign_pdf(pdf, key_of(pki.candidate_ec), first).pdf;
  auto twice = sign_pdf(once, key_of(pki.agent_rsa), second).pdf;
  auto report = verify_pdf(twice, trusted());
  INFO(report.to_text());
  CHECK(report.indication == "TOTAL_PASSED");
  REQUIRE(report.signatures.size() == 2);
  CHECK(report.signatures[0].certification);
  CHECK(report.signatures[0].coverage == "revision 2 of 3");
  CHECK_FALSE(report.signatures[0].disallowed_changes);
  CHECK(report.signatures[0].changes_after.front() == "later signature(s)");
  CHECK(report.signatures[1].coverage == "whole-file");
}

TEST_CASE("B-LTA: DSS and document timestamp, verifiable offline; openssl ts agrees", "[verify][lta]") {
  auto& services = dev_services();
  auto tsa = make_http_timestamp_authority(services.tsa_url);
  SignOptions options;
  options.level = PadesLevel::b_lta;
  options.tsa = tsa.get();
  auto pdf = sign_pdf(make_test_pdf(1), key_of(services.pki.agent_ec), options).pdf;
  if (std::getenv("CESP_KEEP")) write_bytes(std::getenv("CESP_KEEP"), pdf);
  std::string text(pdf.begin(), pdf.end());
  CHECK(text.find("/DSS") != std::string::npos);
  CHECK(text.find("/VRI") != std::string::npos);
  CHECK(text.find("/ETSI.RFC3161") != std::string::npos);

  auto report = verify_pdf(pdf, trusted(false));  // offline: everything must come from the DSS
  INFO(report.to_text());
  CHECK(report.indication == "TOTAL_PASSED");
  REQUIRE(report.signatures.size() == 2);
  CHECK(report.signatures[0].level == "B-LTA");
  CHECK(report.signatures[0].revocation_source == "dss-ocsp");
  CHECK(report.signatures[1].kind == "document-timestamp");

  auto dir = scratch_dir("lta");
  auto doc_ts = extract_signature(pdf, 1);
  write_bytes(dir / "token.der", doc_ts.cms);
  write_bytes(dir / "content.bin", doc_ts.content);
  std::string out;
  CHECK(run_command("openssl ts -verify -token_in -in " + (dir / "token.der").string() + " -data " +
                        (dir / "content.bin").string() + " -CAfile " + services.pki.root_cert.string() +
                        " -untrusted " + services.pki.chain_pem.string(),
                    out) == 0);
  CHECK(out.find("Verification: OK") != std::string::npos);
  // pdfsig 22.12 lists the document timestamp (as "Signature Type: unknown") over the whole file.
  std::string sig = pdfsig_of(pdf, "lta.pdf");
  CHECK(sig.find("Signature Field Name: DocumentTimestamp1") != std::string::npos);
  CHECK(sig.find("Signature is Valid.") != std::string::npos);
}

TEST_CASE("A B-T file is extended to B-LTA later without touching its bytes", "[verify][lta]") {
  auto& services = dev_services();
  auto tsa = make_http_timestamp_authority(services.tsa_url);
  SignOptions bt;
  bt.level = PadesLevel::b_t;
  bt.tsa = tsa.get();
  auto pdf = sign_pdf(make_test_pdf(1), key_of(services.pki.candidate_rsa), bt).pdf;
  CHECK(verify_pdf(pdf, trusted()).signatures[0].level == "B-T");
  auto extended = extend_pdf(pdf, PadesLevel::b_lta, tsa.get());
  CHECK(std::equal(pdf.begin(), pdf.end(), extended.begin()));
  auto report = verify_pdf(extended, trusted(false));
  INFO(report.to_text());
  CHECK(report.indication == "TOTAL_PASSED");
  CHECK(report.signatures[0].level == "B-LTA");
}

TEST_CASE("Without any revocation source: TRY_LATER, unless revocation is not required", "[verify]") {
  DevPki offline = other_pki("no-urls");  // created without a base URL: no OCSP, no CRL point
  auto key = SignerKey::load(offline.candidate_rsa.key_pem.string(), offline.candidate_rsa.cert_pem.string(),
                             offline.chain_pem.string());
  auto pdf = sign_pdf(make_test_pdf(1), key, {}).pdf;
  VerifyOptions options;
  options.trust_anchor_pem_files = {offline.root_cert.string()};
  auto strict = verify_pdf(pdf, options);
  CHECK(strict.indication == "INDETERMINATE");
  CHECK(strict.sub_indication == "TRY_LATER");
  options.require_revocation = false;
  CHECK(verify_pdf(pdf, options).indication == "TOTAL_PASSED");
  options.trust_anchor_pem_files = {"/nonexistent/root.pem"};
  CHECK_THROWS_AS(verify_pdf(pdf, options), cesp::Error);
}
