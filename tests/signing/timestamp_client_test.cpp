#include <catch2/catch.hpp>

#include <Poco/Net/ServerSocket.h>

#include "cesp/core/error.h"
#include "cesp/signing/timestamp.h"

#include "support/dev_services.h"

using namespace cesp::signing;
using cesp::test::dev_services;

TEST_CASE("The HTTP authority gets a verified token from a TSA over HTTP", "[tsa][http]") {
  auto& services = dev_services();
  auto authority = make_http_timestamp_authority(services.tsa_url);
  std::array<unsigned char, 32> digest{};
  digest[0] = 1;
  int before = services.requests;
  TimestampToken token = authority->timestamp(digest);
  CHECK(services.requests == before + 1);
  auto info = verify_timestamp_token(token.der, digest, {services.pki.root_cert.string()});
  CHECK(info.gen_time == token.gen_time);
}

TEST_CASE("The HTTP authority reports an unreachable or wrong TSA as timestamp_failed", "[tsa][http]") {
  std::array<unsigned char, 32> digest{};
  int free_port = 0;
  {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    free_port = probe.address().port();
  }  // closed: nothing listens there now
  auto nobody = make_http_timestamp_authority("http://127.0.0.1:" + std::to_string(free_port) + "/tsa");
  try {
    nobody->timestamp(digest);
    FAIL("no TSA, yet a token");
  } catch (const cesp::Error& e) {
    CHECK(e.code() == cesp::ErrorCode::timestamp_failed);
  }
  auto not_a_tsa = make_http_timestamp_authority(dev_services().base_url + "/nothing-here");
  CHECK_THROWS_AS(not_a_tsa->timestamp(digest), cesp::Error);
  CHECK_THROWS_AS(make_http_timestamp_authority("file:///etc/passwd"), cesp::Error);
}
