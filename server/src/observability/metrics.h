// Prometheus counters and a latency histogram, exposed as text at /metrics.
// Labels are route patterns, never raw paths, so cardinality stays bounded.
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace cesp::server {

class Metrics {
 public:
  // One finished request: route pattern ("unmatched" when none), status, duration.
  void observe_request(const std::string& method, const std::string& route, int status, double seconds);
  // Domain events: "uploads", "checks", "signatures"...
  void increment(const std::string& counter, long by = 1);
  // A gauge read when /metrics is scraped (e.g. OCR queue depth).
  void set_gauge(const std::string& name, std::function<double()> read);

  std::string prometheus_text() const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,    0.25,  1.0,  5.0};
  struct Histogram {
    std::array<long, kBuckets.size()> counts{};
    long total = 0;
    double sum = 0;
  };

  mutable std::mutex mutex_;
  std::map<std::string, long> requests_;      // key: method|route|status
  std::map<std::string, Histogram> latency_;  // key: method|route
  std::map<std::string, long> counters_;
  std::map<std::string, std::function<double()>> gauges_;
};

}  // namespace cesp::server
