#include "cesp/storage/progress.h"

#include <cstdio>
#include <ostream>

#include "archive_internal.h"

namespace cesp::storage {

ProgressBar::ProgressBar(std::ostream& out, std::string label, bool enabled)
    : out_(out), label_(std::move(label)), enabled_(enabled), started_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(std::int64_t done, std::int64_t total) {
  if (!enabled_) return;
  done_ = done;
  total_ = total;
  const auto now = std::chrono::steady_clock::now();
  if (done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw();
}

void ProgressBar::draw() {
  constexpr int kWidth = 30;
  const double fraction = total_ > 0 ? static_cast<double>(done_) / static_cast<double>(total_) : 1.0;
  const int filled = static_cast<int>(fraction * kWidth);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  char tail[96];
  std::snprintf(tail, sizeof tail, "] %3d%% %lld/%lld %.1fs", static_cast<int>(fraction * 100),
                static_cast<long long>(done_), static_cast<long long>(total_), elapsed);
  out_ << "\r" << label_ << " [" << std::string(filled, '#') << std::string(kWidth - filled, '.') << tail
       << std::flush;
  drawn_ = true;
}

void ProgressBar::finish() {
  if (!enabled_) return;
  draw();
  out_ << "\n" << std::flush;
  enabled_ = false;
}

}  // namespace cesp::storage
