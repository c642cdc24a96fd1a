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

// Label values come from code (verdict names, levels), but quote them safely anyway.
std::string label_value(const std::string& text) {
  std::string out;
  for (char c : text.substr(0, 40)) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') continue;
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::Histogram::observe(double seconds) {
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++counts[i];
  }
  ++total;
  sum += seconds;
}

void Metrics::observe_request(const std::string& method, const std::string& route, int status,
                              double seconds) {
  std::string key = method + "|" + route;
  std::lock_guard lock(mutex_);
  latency_[key].observe(seconds);
  key += "|" + std::to_string(status);
  ++requests_[key];
}

void Metrics::count_upload(std::uint64_t bytes) {
  std::lock_guard lock(mutex_);
  ++counters_["uploads"];
  counters_["upload_bytes"] += static_cast<long>(bytes);
}

void Metrics::observe_check(const std::string& verdict, double seconds) {
  std::lock_guard lock(mutex_);
  ++labelled_["checks"]["verdict=\"" + label_value(verdict) + "\""];
  check_latency_.observe(seconds);
}

void Metrics::count_signature(const std::string& level, bool ok) {
  std::lock_guard lock(mutex_);
  ++labelled_["signatures"]["level=\"" + label_value(level) + "\",result=\"" + (ok ? "ok" : "failed") + "\""];
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
  for (const auto& [name, series] : labelled_) {
    out << "# TYPE cesp_" << name << "_total counter\n";
    for (const auto& [label_set, value] : series)
      out << "cesp_" << name << "_total{" << label_set << "} " << value << "\n";
  }
  if (check_latency_.total > 0) {
    out << "# HELP cesp_check_duration_seconds OCR check latency (queue wait included).\n"
           "# TYPE cesp_check_duration_seconds histogram\n";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out << "cesp_check_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << check_latency_.counts[i]
          << "\n";
    }
    out << "cesp_check_duration_seconds_bucket{le=\"+Inf\"} " << check_latency_.total << "\n"
        << "cesp_check_duration_seconds_sum " << check_latency_.sum << "\n"
        << "cesp_check_duration_seconds_count " << check_latency_.total << "\n";
  }
  out << "# HELP cesp_ocr_queue_depth OCR checks waiting for or running in a worker.\n"
         "# TYPE cesp_ocr_queue_depth gauge\ncesp_ocr_queue_depth "
      << checks_in_flight_.load() << "\n";
  for (const auto& [name, read] : gauges_) {
    out << "# TYPE cesp_" << name << " gauge\ncesp_" << name << " " << read() << "\n";
  }
  return out.str();
}

}  // namespace cesp::server
