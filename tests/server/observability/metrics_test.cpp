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
  m.set_gauge("http_queued_connections", [] { return 3.0; });
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
  CHECK_THAT(text, Catch::Contains("cesp_http_queued_connections 3"));
}

TEST_CASE("Uploads, checks and signatures have their own series", "[metrics]") {
  Metrics m;
  m.count_upload(1000);
  m.count_upload(24);
  m.observe_check("accepted", 0.8);
  m.observe_check("rejected", 2.0);
  m.observe_check("accepted", 0.5);
  m.count_signature("B-T");
  m.count_signature("B-T");
  m.count_signature("B-LTA", false);
  const std::string text = m.prometheus_text();
  CHECK_THAT(text, Catch::Contains("cesp_uploads_total 2\n"));
  CHECK_THAT(text, Catch::Contains("cesp_upload_bytes_total 1024\n"));
  CHECK_THAT(text, Catch::Contains("cesp_checks_total{verdict=\"accepted\"} 2\n"));
  CHECK_THAT(text, Catch::Contains("cesp_checks_total{verdict=\"rejected\"} 1\n"));
  CHECK_THAT(text, Catch::Contains("cesp_check_duration_seconds_bucket{le=\"1\"} 2\n"));
  CHECK_THAT(text, Catch::Contains("cesp_check_duration_seconds_count 3\n"));
  CHECK_THAT(text, Catch::Contains("cesp_signatures_total{level=\"B-T\",result=\"ok\"} 2\n"));
  CHECK_THAT(text, Catch::Contains("cesp_signatures_total{level=\"B-LTA\",result=\"failed\"} 1\n"));
}

TEST_CASE("The OCR queue depth counts checks in flight", "[metrics]") {
  Metrics m;
  CHECK_THAT(m.prometheus_text(), Catch::Contains("cesp_ocr_queue_depth 0\n"));
  {
    auto first = m.track_check();
    auto second = m.track_check();
    CHECK_THAT(m.prometheus_text(), Catch::Contains("cesp_ocr_queue_depth 2\n"));
  }
  CHECK_THAT(m.prometheus_text(), Catch::Contains("cesp_ocr_queue_depth 0\n"));
}
