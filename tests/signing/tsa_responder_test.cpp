#include "cesp/signing/tsa_responder.h"

#include <catch2/catch.hpp>

#include "cesp/core/error.h"
#include "cesp/signing/timestamp.h"

#include "support/dev_services.h"

using namespace cesp::signing;
using cesp::test::dev_services;

namespace {
std::array<unsigned char, 32> digest_of(unsigned char fill) {
  std::array<unsigned char, 32> d{};
  d.fill(fill);
  return d;
}
}  // namespace

TEST_CASE("A local TSA token verifies against the dev root and openssl ts agrees", "[tsa]") {
  auto& services = dev_services();
  auto authority = make_local_timestamp_authority(services.tsa);
  auto digest = digest_of(0x42);
  TimestampToken token = authority->timestamp(digest);
  REQUIRE_FALSE(token.der.empty());
  CHECK(token.gen_time.size() == 20);
  CHECK(token.gen_time.back() == 'Z');

  TimestampInfo info = verify_timestamp_token(token.der, digest, {services.pki.root_cert.string()});
  CHECK(info.gen_time == token.gen_time);
  CHECK_FALSE(info.serial_hex.empty());
  CHECK(info.tsa_subject.find("CESP DEV Horodatage") != std::string::npos);

  auto dir = cesp::test::scratch_dir("tsa");
  cesp::test::write_bytes(dir / "token.der", token.der);
  std::string hex;
  for (unsigned char c : digest) {
    char b[3];
    std::snprintf(b, sizeof b, "%02x", c);
    hex += b;
  }
  std::string out;
  CHECK(cesp::test::run_command("openssl ts -verify -token_in -in " + (dir / "token.der").string() +
                                    " -digest " + hex + " -CAfile " + services.pki.root_cert.string() +
                                    " -untrusted " + services.pki.chain_pem.string(),
                                out) == 0);
  CHECK(out.find("Verification: OK") != std::string::npos);
}

TEST_CASE("Timestamp verification fails on another digest, a flipped byte or an untrusted root", "[tsa]") {
  auto& services = dev_services();
  auto authority = make_local_timestamp_authority(services.tsa);
  auto digest = digest_of(0x07);
  TimestampToken token = authority->timestamp(digest);
  std::vector<std::string> anchors{services.pki.root_cert.string()};

  CHECK_THROWS_AS(verify_timestamp_token(token.der, digest_of(0x08), anchors), cesp::Error);
  auto flipped = token.der;
  flipped[flipped.size() - 10] ^= 0x01;  // inside the signature value
  try {
    verify_timestamp_token(flipped, digest, anchors);
    FAIL("flipped token accepted");
  } catch (const cesp::Error& e) {
    CHECK(e.code() == cesp::ErrorCode::integrity_failure);
  }
  // Trusting only the TSA's own issuer's sibling (a different PKI) must fail.
  auto other = cesp::test::other_pki("other-pki");
  try {
    verify_timestamp_token(token.der, digest, {other.root_cert.string()});
    FAIL("untrusted root accepted");
  } catch (const cesp::Error& e) {
    CHECK(e.code() == cesp::ErrorCode::integrity_failure);
  }
}

TEST_CASE("The responder rejects garbage and refuses a certificate without the timeStamping EKU", "[tsa]") {
  auto& services = dev_services();
  auto response = services.tsa->respond({0x30, 0x03, 0x02, 0x01, 0x01});
  REQUIRE(response.size() > 5);
  CHECK(response[0] == 0x30);  // a TimeStampResp with a rejection status, not an exception
  CHECK_THROWS_AS(TsaResponder(services.pki.candidate_rsa.key_pem, services.pki.candidate_rsa.cert_pem),
                  cesp::Error);
}
