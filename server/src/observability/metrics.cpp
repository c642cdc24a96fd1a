#include "observability/metrics.h"

#include <sstream>

namespace cesp::server {
namespace {

std::string labels(const std::string& key, bool with_status) {
  const auto first = key.find('|');
  const auto second = key.find('|', first + 1);
  std::string out = "method=\"" + key.substr(0, first) + "\",route=\"" +
                    key.substr(first + 1, (with_status ? second : key.size()) - first - 1) + "\"";
  if (with_status) out += ",status=\"" + key.substr(second + 1) + "\"";
  return out;
}

}  // namespace

void Metrics::observe_request(const std::string& method, const std::string& route, int status,
                              double seconds) {
  std::lock_guard lock(mutex_);
  const std::string key = method + "|" + route;
  ++requests_[key + "|" + std::to_string(status)];
  Histogram& h = latency_[key];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.total;
  h.sum += seconds;
}

void Metrics::increment(const std::string& counter, long by) {
  std::lock_guard lock(mutex_);
  counters_[counter] += by;
}

void Metrics::set_gauge(const std::string& name, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauges_[name] = std::move(read);
}

std::string Metrics::prometheus_text() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP cesp_http_requests_total HTTP requests by route and status.\n"
         "# TYPE cesp_http_requests_total counter\n";
  for (const auto& [key, count] : requests_)
    out << "cesp_http_requests_total{" << labels(key, true) << "} " << count << "\n";
  out << "# HELP cesp_http_request_duration_seconds HTTP request latency.\n"
         "# TYPE cesp_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    const std::string l = labels(key, false);
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out << "cesp_http_request_duration_seconds_bucket{" << l << ",le=\"" << kBuckets[i] << "\"} "
          << h.counts[i] << "\n";
    }
    out << "cesp_http_request_duration_seconds_bucket{" << l << ",le=\"+Inf\"} " << h.total << "\n"
        << "cesp_http_request_duration_seconds_sum{" << l << "} " << h.sum << "\n"
        << "cesp_http_request_duration_seconds_count{" << l << "} " << h.total << "\n";
  }
  for (const auto& [name, value] : counters_) {
    out << "# TYPE cesp_" << name << "_total counter\ncesp_" << name << "_total " << value << "\n";
  }
  for (const auto& [name, read] : gauges_) {
    out << "# TYPE cesp_" << name << " gauge\ncesp_" << name << " " << read() << "\n";
  }
  return out.str();
}

}  // namespace cesp::server
