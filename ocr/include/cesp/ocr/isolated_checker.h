// PieceChecker run in worker processes (ingest::WorkerPool), so that a crash
// or hang of a decoder or of Tesseract on a hostile file costs that file
// only: it is rejected ("unreadable" after a crash, "timeout" after the
// watchdog) and the next piece gets a fresh worker.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "cesp/ingest/worker_pool.h"
#include "cesp/ocr/piece_checker.h"

namespace cesp::ocr {

struct IsolationOptions {
  std::string executable = "/proc/self/exe";  // a `cesp` binary; workers run `cesp check --worker`
  int workers = 1;
  std::chrono::milliseconds timeout{30000};
  std::size_t memory_limit_bytes = std::size_t{2} << 30;
  int cpu_seconds_per_job = 30;
  bool enable_fault_hooks = false;  // tests only: see serve_check_worker
};

class IsolatedChecker {
 public:
  explicit IsolatedChecker(IsolationOptions options);
  ~IsolatedChecker();

  // Thread-safe. Throws Error(internal) when a worker reports an internal error.
  Verdict check(const CheckRequest& request);

 private:
  std::unique_ptr<ingest::WorkerPool> pool_;
};

// The worker side (`cesp check --worker`): one PieceChecker (one Tesseract
// engine, initialised once), serving requests until the parent hangs up.
// With CESP_WORKER_FAULTS=1 in the environment (tests only), a first file
// whose content starts with "CESP-FAULT:crash", "CESP-FAULT:hang" or
// "CESP-FAULT:oom" makes the worker crash, spin or exhaust its memory.
int serve_check_worker();

}  // namespace cesp::ocr
