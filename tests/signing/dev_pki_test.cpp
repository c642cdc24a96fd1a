#include "cesp/signing/dev_pki.h"

#include <catch2/catch.hpp>

#include <fstream>

#include "support/dev_services.h"

using namespace cesp::signing;
using cesp::test::dev_services;
using cesp::test::run_command;

TEST_CASE("The dev PKI chains, marks itself as development and lists the revoked signer", "[pki]") {
  const DevPki& pki = dev_services().pki;
  std::string out;
  const std::string ca =
      " -CAfile " + pki.root_cert.string() + " -untrusted " + pki.intermediate_cert.string() + " ";
  CHECK(run_command("openssl verify" + ca + pki.candidate_rsa.cert_pem.string(), out) == 0);
  CHECK(run_command("openssl verify" + ca + pki.agent_ec.cert_pem.string(), out) == 0);
  CHECK(run_command("openssl verify -purpose timestampsign" + ca + pki.tsa.cert_pem.string(), out) == 0);
  CHECK(run_command("openssl verify" + ca + pki.expired.cert_pem.string(), out) != 0);
  CHECK(out.find("expired") != std::string::npos);
  CHECK(run_command("openssl verify -crl_check -CRLfile " + pki.intermediate_crl_pem.string() + ca +
                        pki.revoked.cert_pem.string(),
                    out) != 0);
  CHECK(out.find("revoked") != std::string::npos);

  REQUIRE(run_command("openssl x509 -noout -subject -ext extendedKeyUsage,authorityInfoAccess -in " +
                          pki.tsa.cert_pem.string(),
                      out) == 0);
  CHECK(out.find("NE PAS UTILISER EN PRODUCTION") != std::string::npos);
  CHECK(out.find("critical") != std::string::npos);
  CHECK(out.find("Time Stamping") != std::string::npos);
  CHECK(out.find(dev_services().base_url + "/ocsp") != std::string::npos);

  CHECK(run_command("openssl pkcs12 -noout -passin pass:" + pki.candidate_ec.p12_password + " -in " +
                        pki.candidate_ec.p12.string(),
                    out) == 0);
}

TEST_CASE("Creating the dev PKI twice reuses keys and certificates", "[pki]") {
  auto dir = cesp::test::scratch_dir("pki-idempotent");
  DevPki first = create_dev_pki(dir);
  auto before = cesp::test::read_bytes(first.agent_rsa.cert_pem);
  DevPkiOptions ignored;
  ignored.base_url = "http://ignored.example";
  DevPki second = create_dev_pki(dir, ignored);
  CHECK(cesp::test::read_bytes(second.agent_rsa.cert_pem) == before);
  CHECK(second.base_url.empty());
  std::string out;
  CHECK(run_command("openssl x509 -noout -ext authorityInfoAccess -in " + second.agent_rsa.cert_pem.string(),
                    out) == 0);
  CHECK(out.find("ignored.example") == std::string::npos);
}

TEST_CASE("The OCSP responder answers good and revoked like the CRL, checked by openssl ocsp",
          "[pki][ocsp]") {
  auto& services = dev_services();
  const DevPki& pki = services.pki;
  std::string out;
  auto ask = [&](const std::filesystem::path& cert) {
    return run_command("openssl ocsp -issuer " + pki.intermediate_cert.string() + " -cert " + cert.string() +
                           " -url " + services.base_url + "/ocsp -CAfile " + pki.root_cert.string() +
                           " -verify_other " + pki.chain_pem.string(),
                       out);
  };
  int status = ask(pki.candidate_rsa.cert_pem);
  INFO(out);
  REQUIRE(status == 0);
  CHECK(out.find("Response verify OK") != std::string::npos);
  CHECK(out.find(": good") != std::string::npos);
  status = ask(pki.revoked.cert_pem);
  INFO(out);
  REQUIRE(status == 0);
  CHECK(out.find(": revoked") != std::string::npos);
  CHECK(out.find("keyCompromise") != std::string::npos);

  OcspResponder responder(pki);
  auto garbage = responder.respond({1, 2, 3});
  CHECK_FALSE(garbage.empty());  // malformedRequest, not an exception
}
