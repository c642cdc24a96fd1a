#include "observability/metrics.h"

#include <catch2/catch.hpp>

using namespace cesp::server;

TEST_CASE("Requests are counted per route pattern and status", "[metrics]") {
  Metrics m;
  m.observe_request("GET", "/api/v1/me", 200, 0.002);
  m.observe_request("GET", "/api/v1/me", 200, 0.030);
  m.observe_request("GET", "/api/v1/me", 401, 0.0005);
  m.increment("uploads");
  m.increment("uploads", 2);
  m.set_gauge("ocr_queue_depth", [] { return 3.0; });
  const std::string text = m.prometheus_text();
  CHECK_THAT(text, Catch::Contains(
                       "cesp_http_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"200\"} 2"));
  CHECK_THAT(text, Catch::Contains(
                       "cesp_http_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"401\"} 1"));
  CHECK_THAT(
      text,
      Catch::Contains(
          "cesp_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/me\",le=\"0.0025\"} 2"));
  CHECK_THAT(text, Catch::Contains(
                       "cesp_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/me\"} 3"));
  CHECK_THAT(text, Catch::Contains("cesp_uploads_total 3"));
  CHECK_THAT(text, Catch::Contains("cesp_ocr_queue_depth 3"));
}
