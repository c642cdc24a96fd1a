#include "cesp/ocr/isolated_checker.h"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <new>
#include <vector>

#include "cesp/core/error.h"
#include "cesp/ingest/intake.h"

namespace cesp::ocr {
namespace {

constexpr std::string_view kErrorPrefix = "ERROR ";

// Tests prove isolation with these; they are off unless the worker's
// environment says CESP_WORKER_FAULTS=1.
void maybe_fault(const CheckRequest& request) {
  static const bool enabled = [] {
    const char* v = std::getenv("CESP_WORKER_FAULTS");
    return v && std::string_view(v) == "1";
  }();
  if (!enabled || request.files.empty()) return;
  std::ifstream in(request.files.front(), std::ios::binary);
  char head[32] = {};
  in.read(head, sizeof head - 1);
  const std::string_view text(head);
  if (text.rfind("CESP-FAULT:crash", 0) == 0) std::raise(SIGSEGV);
  if (text.rfind("CESP-FAULT:hang", 0) == 0) {
    std::atomic<unsigned long> spin{0};
    for (;;) spin.fetch_add(1, std::memory_order_relaxed);
  }
  if (text.rfind("CESP-FAULT:oom", 0) == 0) {
    std::vector<std::vector<char>> hog;
    for (;;) hog.emplace_back(std::size_t{64} << 20, 'x');
  }
}

}  // namespace

IsolatedChecker::IsolatedChecker(IsolationOptions options) {
  ingest::WorkerOptions w;
  w.command = {options.executable, "check", "--worker"};
  w.workers = options.workers;
  w.timeout = options.timeout;
  w.memory_limit_bytes = options.memory_limit_bytes;
  w.cpu_seconds_per_job = options.cpu_seconds_per_job;
  if (options.enable_fault_hooks) w.environment.emplace_back("CESP_WORKER_FAULTS", "1");
  pool_ = std::make_unique<ingest::WorkerPool>(std::move(w));
}

IsolatedChecker::~IsolatedChecker() = default;

Verdict IsolatedChecker::check(const CheckRequest& request) {
  const ingest::WorkerReply reply = pool_->run(to_json(request));
  if (reply.status == ingest::WorkerReply::Status::ok) {
    if (reply.payload.rfind(kErrorPrefix, 0) == 0)
      throw Error(ErrorCode::internal, "worker: " + reply.payload.substr(kErrorPrefix.size()));
    return verdict_from_json(reply.payload);
  }
  Verdict verdict;
  verdict.file = request.files.empty() ? std::string() : request.files.front();
  verdict.kind = request.kind == "auto" ? "unknown" : request.kind;
  const bool timed_out = reply.status == ingest::WorkerReply::Status::timed_out;
  const auto rejection = ingest::make_rejection(timed_out ? "timeout" : "unreadable");
  verdict.reject(rejection.code, rejection.message);
  verdict.set_field("worker", reply.detail);
  return verdict;
}

int serve_check_worker() {
  PieceChecker checker;  // the engine is initialised once, before the first request
  return ingest::serve_worker_requests([&](const std::string& request_json) -> std::string {
    try {
      const CheckRequest request = request_from_json(request_json);
      maybe_fault(request);
      return to_json(checker.check(request));
    } catch (const std::bad_alloc&) {
      // Out of address space (RLIMIT_AS) on this input: the process state
      // is suspect, so die; the parent rejects the file and respawns.
      std::_Exit(70);
    } catch (const std::exception& e) {
      return std::string(kErrorPrefix) + e.what();
    }
  });
}

}  // namespace cesp::ocr
