// A text progress bar for long archive operations (audit, import), drawn on
// one line of a stream (stderr) and redrawn at most every 100 ms.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

namespace cesp::storage {

class ProgressBar {
 public:
  // When !enabled every call is a no-op.
  ProgressBar(std::ostream& out, std::string label, bool enabled);
  ~ProgressBar();
  void update(std::int64_t done, std::int64_t total);
  // Draws the final state and ends the line (idempotent).
  void finish();

 private:
  void draw();
  std::ostream& out_;
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::int64_t done_ = 0, total_ = 0;
  std::chrono::steady_clock::time_point last_draw_{};
  std::chrono::steady_clock::time_point started_;
};

}  // namespace cesp::storage
