// A worker for worker_pool_test: echoes requests, or misbehaves on demand.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "cesp/ingest/worker_pool.h"

int main() {
  return cesp::ingest::serve_worker_requests([](const std::string& request) -> std::string {
    if (request == "crash") std::raise(SIGSEGV);
    if (request == "abort") std::abort();
    if (request == "hang")
      for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
    if (request == "spin") {
      std::atomic<unsigned long> counter{0};
      for (;;) counter.fetch_add(1, std::memory_order_relaxed);
    }
    if (request == "oom") {
      std::vector<std::vector<char>> hog;
      for (;;) hog.emplace_back(std::size_t{64} << 20, 'x');
    }
    // A CPU-limit death the job cannot have caused (it comes at once), on
    // the first attempt only: the marker file remembers that attempt.
    if (request.rfind("xcpu-once:", 0) == 0) {
      const std::string marker = request.substr(10);
      if (access(marker.c_str(), F_OK) != 0) {
        std::fclose(std::fopen(marker.c_str(), "w"));
        std::raise(SIGXCPU);
      }
      return std::to_string(getpid());
    }
    if (request == "xcpu") std::raise(SIGXCPU);
    if (request == "pid") return std::to_string(getpid());
    if (request == "env") return std::getenv("OMP_THREAD_LIMIT") ? std::getenv("OMP_THREAD_LIMIT") : "";
    return "echo:" + request;
  });
}
