#include "cesp/templates/render_bench.h"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "podofo_peer.h"

namespace cesp::templates {
namespace {

// CPU time of the calling thread: "per second on one core" must not depend
// on what else the machine runs (CI runners and shared build hosts are busy).
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

template <typename RenderOne>
RenderBenchResult measure(int documents, RenderOne render_one) {
  using Clock = std::chrono::steady_clock;
  RenderBenchResult result;
  for (int i = 0; i < 5; ++i) render_one(result);
  std::vector<double> times;
  times.reserve(std::size_t(std::max(documents, 1)));
  const auto start = Clock::now();
  const double cpu_start = thread_cpu_ms();
  for (int i = 0; i < documents; ++i) {
    const double t0 = thread_cpu_ms();
    RenderBenchResult ignored;
    render_one(ignored);
    times.push_back(thread_cpu_ms() - t0);
  }
  const double cpu_seconds = (thread_cpu_ms() - cpu_start) / 1e3;
  const double wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.documents = documents;
  result.per_s = cpu_seconds > 0 ? documents / cpu_seconds : 0;
  result.wall_per_s = wall_seconds > 0 ? documents / wall_seconds : 0;
  if (!times.empty()) {
    std::sort(times.begin(), times.end());
    result.p50_ms = times[times.size() / 2];
    result.p99_ms = times[std::min(times.size() - 1, times.size() * 99 / 100)];
  }
  return result;
}

}  // namespace

RenderBenchResult run_render_bench(const Renderer& renderer, const Template& tmpl, std::string_view data_json,
                                   int documents) {
  return measure(documents, [&](RenderBenchResult& r) {
    const RenderedDocument doc = renderer.render(tmpl, data_json, 1);
    r.pages = doc.page_count;
    r.pdf_bytes = doc.pdf.size();
  });
}

RenderBenchResult run_podofo_peer_bench(const Renderer& renderer, const Template& tmpl,
                                        std::string_view data_json, int documents,
                                        const std::string& font_path) {
  return measure(documents, [&](RenderBenchResult& r) {
    const std::string pdf = render_with_podofo_painter(renderer.fill(tmpl, data_json), font_path);
    r.pdf_bytes = pdf.size();
  });
}

}  // namespace cesp::templates
