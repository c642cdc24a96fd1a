// Isolation of untrusted parsing: a pool of pre-started worker processes.
//
// Each worker is a separate process (normally `cesp check --worker`, the
// same executable in worker mode) started with an address-space limit
// (RLIMIT_AS) and a per-job CPU limit (RLIMIT_CPU, re-armed before each job
// by the worker loop), and watched by a wall-clock watchdog in the parent.
// A crash, a memory blow-up or a hang while decoding or recognising one file
// kills that worker only: the job is reported as crashed or timed out and a
// fresh worker replaces it for the next job. A CPU-limit death that comes
// sooner than the job could have spent its budget is not the file's doing:
// that job alone is run once more on a fresh worker. Workers are reused between jobs
// so that expensive state (the OCR engine) is initialised once per worker.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace cesp::ingest {

struct WorkerOptions {
  // argv of a worker; argv[0] is the executable's path ("/proc/self/exe" works).
  std::vector<std::string> command;
  int workers = 1;
  std::size_t memory_limit_bytes = std::size_t{2} << 30;  // RLIMIT_AS of each worker
  int cpu_seconds_per_job = 30;                           // RLIMIT_CPU budget per job
  std::chrono::milliseconds timeout{30000};               // watchdog, wall clock, per job
  // Added to the worker's environment (OMP_THREAD_LIMIT=1 is always set).
  std::vector<std::pair<std::string, std::string>> environment;
  bool inherit_stderr = false;  // false: the worker's stderr goes to /dev/null
};

struct WorkerReply {
  enum class Status { ok, crashed, timed_out };
  Status status = Status::ok;
  std::string payload;  // the worker's answer when ok
  std::string detail;   // what happened otherwise ("signal 11", "exit 3"...)
  // Not empty when a first attempt died of a CPU limit it could not have
  // reached in the wall time it ran, and the job was run again on a fresh
  // worker: what the first attempt died of.
  std::string retried_after;
};

class WorkerPool {
 public:
  // Starts every worker now. Throws Error(unavailable) when none can start.
  explicit WorkerPool(WorkerOptions options);
  ~WorkerPool();  // kills and reaps every worker
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Sends one request to a free worker (waiting for one) and returns its
  // reply. Thread-safe; as many jobs run at once as there are workers.
  WorkerReply run(const std::string& request);

  int size() const { return static_cast<int>(slots_.size()); }

 private:
  struct Slot;
  WorkerReply run_on(Slot& slot, const std::string& request);
  // `died_of`: the signal that ended a crashed worker, else 0.
  WorkerReply attempt_on(Slot& slot, const std::string& request, int& died_of);
  void spawn(Slot& slot);
  void kill(Slot& slot);

  WorkerOptions options_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::mutex mutex_;
  std::condition_variable freed_;
};

// The worker side: reads framed requests on fd 0 and writes the handler's
// framed replies on fd 1 until the parent closes the channel. Before each
// job the CPU soft limit is re-armed to `cpu_seconds_per_job` more seconds
// (read from CESP_WORKER_CPU_SECONDS). Returns the process exit code.
int serve_worker_requests(const std::function<std::string(const std::string&)>& handler);

}  // namespace cesp::ingest
