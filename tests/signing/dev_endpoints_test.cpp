#include "cesp/signing/dev_endpoints.h"

#include <catch2/catch.hpp>

#include "support/dev_services.h"

using namespace cesp::signing;
using namespace cesp::test;

TEST_CASE("Dev endpoints route TSA, OCSP, CRLs and CA certificates, and nothing else", "[pki][endpoints]") {
  DevEndpoints& endpoints = *dev_services().endpoints;
  auto crl = endpoints.answer("GET", "/crl/intermediate.crl", {});
  REQUIRE(crl);
  CHECK(crl->content_type == "application/pkix-crl");
  auto dir = scratch_dir("endpoints");
  write_bytes(dir / "i.crl", crl->body);
  std::string out;
  REQUIRE(run_command("openssl crl -inform DER -noout -text -in " + (dir / "i.crl").string(), out) == 0);
  CHECK(out.find("Key Compromise") != std::string::npos);

  auto ca = endpoints.answer("GET", "/ca/root.der", {});
  REQUIRE(ca);
  CHECK(ca->body == read_bytes(endpoints.pki().dir / "root-ca.der"));
  auto tsa = endpoints.answer("POST", "/tsa", {0x30, 0x00});
  REQUIRE(tsa);
  CHECK(tsa->content_type == "application/timestamp-reply");
  CHECK_FALSE(tsa->body.empty());  // a rejection, still a TimeStampResp

  CHECK_FALSE(endpoints.answer("GET", "/tsa", {}));
  CHECK_FALSE(endpoints.answer("GET", "/crl/../root-ca.key.pem", {}));
  CHECK_FALSE(endpoints.answer("GET", "/root-ca.key.pem", {}));
  CHECK_FALSE(endpoints.answer("DELETE", "/ocsp", {}));
}
