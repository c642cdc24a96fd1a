// Prometheus counters, gauges and latency histograms, exposed as text at
// /metrics. Labels are route patterns and small closed sets (verdicts,
// signature levels), never raw paths or ids, so cardinality stays bounded.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace cesp::server {

class Metrics {
 public:
  // One finished request: route pattern ("unmatched" when none), status, duration.
  // -> cesp_http_requests_total{method,route,status}, cesp_http_request_duration_seconds{method,route}
  void observe_request(const std::string& method, const std::string& route, int status, double seconds);

  // One stored upload (all its files): cesp_uploads_total, cesp_upload_bytes_total.
  void count_upload(std::uint64_t bytes);
  // One finished OCR check: cesp_checks_total{verdict}, cesp_check_duration_seconds.
  // verdict: "accepted", "rejected", "review" (or "error").
  void observe_check(const std::string& verdict, double seconds);
  // One signature made by the platform: cesp_signatures_total{level,result};
  // level "B-B".."B-LTA" or "timestamp"; ok=false counts a failure.
  void count_signature(const std::string& level, bool ok = true);

  // An OCR check waiting for or running in a worker, for as long as the
  // guard lives: gauge cesp_ocr_queue_depth.
  class InFlight {
   public:
    explicit InFlight(std::atomic<long>& gauge) : gauge_(&gauge) { ++*gauge_; }
    InFlight(InFlight&& other) noexcept : gauge_(other.gauge_) { other.gauge_ = nullptr; }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;
    InFlight& operator=(InFlight&&) = delete;
    ~InFlight() {
      if (gauge_) --*gauge_;
    }

   private:
    std::atomic<long>* gauge_;
  };
  InFlight track_check() { return InFlight(checks_in_flight_); }

  // Generic domain counter cesp_<counter>_total (no labels).
  void increment(const std::string& counter, long by = 1);
  // A gauge read when /metrics is scraped, cesp_<name>; setting a name again replaces it.
  void set_gauge(const std::string& name, std::function<double()> read);

  std::string prometheus_text() const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,    0.25,  1.0,  5.0};
  struct Histogram {
    std::array<long, kBuckets.size()> counts{};
    long total = 0;
    double sum = 0;
    void observe(double seconds);
  };

  mutable std::mutex mutex_;
  std::map<std::string, long> requests_;      // key: method|route|status
  std::map<std::string, Histogram> latency_;  // key: method|route
  std::map<std::string, long> counters_;
  // name -> rendered label set ("verdict=\"accepted\"") -> count
  std::map<std::string, std::map<std::string, long>> labelled_;
  Histogram check_latency_;
  std::map<std::string, std::function<double()>> gauges_;
  std::atomic<long> checks_in_flight_{0};
};

}  // namespace cesp::server
