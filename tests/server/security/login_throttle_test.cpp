#include "security/login_throttle.h"

#include <catch2/catch.hpp>

using namespace cesp::server;
using namespace std::chrono_literals;

TEST_CASE("Free attempts, then a doubling delay", "[throttle]") {
  LoginThrottle throttle(ThrottlePolicy{3, 2s, 60s, 1h});
  const auto t0 = LoginThrottle::Clock::now();
  for (int i = 0; i < 3; ++i) {
    CHECK(throttle.wait_for("login:a", t0).count() == 0);
    throttle.record_failure("login:a", t0);
  }
  CHECK(throttle.wait_for("login:a", t0).count() == 0);
  throttle.record_failure("login:a", t0);  // 4th failure: first delay
  CHECK(throttle.wait_for("login:a", t0).count() == 2);
  CHECK(throttle.wait_for("login:a", t0 + 2s).count() == 0);
  throttle.record_failure("login:a", t0 + 2s);  // 5th: doubled
  CHECK(throttle.wait_for("login:a", t0 + 2s).count() == 4);
  for (int i = 0; i < 10; ++i) throttle.record_failure("login:a", t0 + 10s);
  CHECK(throttle.wait_for("login:a", t0 + 10s).count() == 60);  // capped
  CHECK(throttle.wait_for("login:b", t0).count() == 0);         // keys are independent
}

TEST_CASE("Success clears the record; quiet keys are forgotten", "[throttle]") {
  LoginThrottle throttle(ThrottlePolicy{0, 5s, 60s, 10min});
  const auto t0 = LoginThrottle::Clock::now();
  throttle.record_failure("k", t0);
  CHECK(throttle.wait_for("k", t0).count() == 5);
  throttle.record_success("k");
  CHECK(throttle.wait_for("k", t0).count() == 0);
  throttle.record_failure("k", t0);
  CHECK(throttle.wait_for("k", t0 + 11min).count() == 0);
}
