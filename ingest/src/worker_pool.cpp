#include "cesp/ingest/worker_pool.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "cesp/core/error.h"

namespace cesp::ingest {
namespace {

constexpr std::size_t kMaxMessage = 64u * 1024 * 1024;
using Clock = std::chrono::steady_clock;

// Reads exactly n bytes before the deadline; false on EOF, error or timeout
// (`timed_out` tells which).
bool read_exact(int fd, char* out, std::size_t n, Clock::time_point deadline, bool& timed_out) {
  timed_out = false;
  while (n > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      return false;
    }
    pollfd pfd{fd, POLLIN, 0};
    const int ready = poll(&pfd, 1, static_cast<int>(std::min<long long>(left, 60000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return false;
    if (ready == 0) continue;  // the deadline check above decides
    const ssize_t got = ::read(fd, out, n);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    out += got;
    n -= static_cast<std::size_t>(got);
  }
  return true;
}

bool write_all(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    ssize_t put = ::send(fd, data, n, MSG_NOSIGNAL);
    if (put < 0 && errno == ENOTSOCK) put = ::write(fd, data, n);  // a worker run by hand
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return false;
    data += put;
    n -= static_cast<std::size_t>(put);
  }
  return true;
}

bool write_frame(int fd, const std::string& payload) {
  const auto size = static_cast<std::uint32_t>(payload.size());
  const char header[4] = {static_cast<char>(size >> 24), static_cast<char>(size >> 16),
                          static_cast<char>(size >> 8), static_cast<char>(size)};
  return write_all(fd, header, 4) && write_all(fd, payload.data(), payload.size());
}

bool read_frame(int fd, std::string& payload, Clock::time_point deadline, bool& timed_out) {
  unsigned char header[4];
  if (!read_exact(fd, reinterpret_cast<char*>(header), 4, deadline, timed_out)) return false;
  const std::size_t size = (std::size_t{header[0]} << 24) | (std::size_t{header[1]} << 16) |
                           (std::size_t{header[2]} << 8) | header[3];
  if (size > kMaxMessage) return false;
  payload.resize(size);
  return read_exact(fd, payload.data(), size, deadline, timed_out);
}

std::string describe(int status) {
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
  return "status " + std::to_string(status);
}

}  // namespace

struct WorkerPool::Slot {
  pid_t pid = -1;
  int fd = -1;
  bool busy = false;
};

WorkerPool::WorkerPool(WorkerOptions options) : options_(std::move(options)) {
  if (options_.command.empty()) throw Error(ErrorCode::usage, "worker pool without a command");
  const int count = options_.workers < 1 ? 1 : options_.workers;
  for (int i = 0; i < count; ++i) {
    slots_.push_back(std::make_unique<Slot>());
    spawn(*slots_.back());
  }
}

WorkerPool::~WorkerPool() {
  for (auto& slot : slots_) kill(*slot);
}

void WorkerPool::spawn(Slot& slot) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    throw Error(ErrorCode::unavailable, std::string("socketpair: ") + std::strerror(errno));
  // Everything the child needs is prepared before fork: after it, only
  // async-signal-safe calls are made (the parent may have threads).
  std::vector<std::string> env_strings;
  const auto overridden = [&](std::string_view entry) {
    std::vector<std::string> names = {"OMP_THREAD_LIMIT", "CESP_WORKER_CPU_SECONDS"};
    for (const auto& kv : options_.environment) names.push_back(kv.first);
    for (const auto& name : names)
      if (entry.rfind(name + "=", 0) == 0) return true;
    return false;
  };
  for (char** e = environ; *e; ++e)
    if (!overridden(*e)) env_strings.emplace_back(*e);
  env_strings.push_back("OMP_THREAD_LIMIT=1");
  env_strings.push_back("CESP_WORKER_CPU_SECONDS=" + std::to_string(options_.cpu_seconds_per_job));
  for (const auto& [name, value] : options_.environment) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = options_.command;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const rlimit memory{options_.memory_limit_bytes, options_.memory_limit_bytes};
  const int null_fd = options_.inherit_stderr ? -1 : ::open("/dev/null", O_WRONLY | O_CLOEXEC);

  const pid_t pid = fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    if (null_fd >= 0) ::close(null_fd);
    throw Error(ErrorCode::unavailable, std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::dup2(fds[1], 0);
    ::dup2(fds[1], 1);
    if (null_fd >= 0) ::dup2(null_fd, 2);
    setrlimit(RLIMIT_AS, &memory);
    rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    ::execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  ::close(fds[1]);
  if (null_fd >= 0) ::close(null_fd);
  slot.pid = pid;
  slot.fd = fds[0];
}

void WorkerPool::kill(Slot& slot) {
  if (slot.fd >= 0) ::close(slot.fd);
  if (slot.pid > 0) {
    ::kill(slot.pid, SIGKILL);
    int status = 0;
    while (waitpid(slot.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  slot.fd = -1;
  slot.pid = -1;
}

WorkerReply WorkerPool::run(const std::string& request) {
  Slot* slot = nullptr;
  {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [&] {
      for (auto& s : slots_)
        if (!s->busy) return true;
      return false;
    });
    for (auto& s : slots_)
      if (!s->busy) {
        slot = s.get();
        break;
      }
    slot->busy = true;
  }
  WorkerReply reply;
  try {
    reply = run_on(*slot, request);
  } catch (...) {
    std::lock_guard lock(mutex_);
    slot->busy = false;
    freed_.notify_one();
    throw;
  }
  std::lock_guard lock(mutex_);
  slot->busy = false;
  freed_.notify_one();
  return reply;
}

WorkerReply WorkerPool::run_on(Slot& slot, const std::string& request) {
  const auto started = Clock::now();
  int died_of = 0;
  WorkerReply reply = attempt_on(slot, request, died_of);
  // The worker loop arms RLIMIT_CPU so that a job is stopped after at least
  // cpu_seconds_per_job - 1 seconds of its own CPU. A single-threaded job
  // cannot spend that in less wall time: a SIGXCPU that comes sooner was
  // charged for something the file did not do (seen once during a
  // 4,500-candidate run, on both workers in the same second), and refusing
  // a genuine piece for it would be wrong. Such a job gets one fresh worker.
  const auto impossible_before = std::chrono::seconds(options_.cpu_seconds_per_job - 1);
  if (died_of == SIGXCPU && Clock::now() - started < impossible_before) {
    const std::string first = reply.detail;
    reply = attempt_on(slot, request, died_of);
    reply.retried_after = first;
  }
  return reply;
}

WorkerReply WorkerPool::attempt_on(Slot& slot, const std::string& request, int& died_of) {
  died_of = 0;
  if (slot.pid < 0) spawn(slot);
  const auto deadline = Clock::now() + options_.timeout;
  WorkerReply reply;
  bool timed_out = false;
  if (write_frame(slot.fd, request) && read_frame(slot.fd, reply.payload, deadline, timed_out)) return reply;
  // The worker is gone or stuck: make sure it is dead, then say how it ended.
  if (timed_out) ::kill(slot.pid, SIGKILL);
  ::close(slot.fd);
  slot.fd = -1;
  int status = 0;
  while (waitpid(slot.pid, &status, 0) < 0 && errno == EINTR) {
  }
  slot.pid = -1;
  reply.payload.clear();
  reply.status = timed_out ? WorkerReply::Status::timed_out : WorkerReply::Status::crashed;
  if (!timed_out && WIFSIGNALED(status)) died_of = WTERMSIG(status);
  reply.detail =
      timed_out ? "watchdog after " + std::to_string(options_.timeout.count()) + " ms" : describe(status);
  return reply;
}

int serve_worker_requests(const std::function<std::string(const std::string&)>& handler) {
  signal(SIGPIPE, SIG_IGN);
  int budget = 30;
  if (const char* text = std::getenv("CESP_WORKER_CPU_SECONDS")) budget = std::max(1, std::atoi(text));
  for (;;) {
    std::string request;
    bool timed_out = false;
    if (!read_frame(0, request, Clock::time_point::max(), timed_out)) return 0;  // parent closed
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const rlim_t used = static_cast<rlim_t>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec);
    rlimit cpu{};
    getrlimit(RLIMIT_CPU, &cpu);
    cpu.rlim_cur = used + static_cast<rlim_t>(budget) + 1;
    if (cpu.rlim_max != RLIM_INFINITY && cpu.rlim_cur > cpu.rlim_max) cpu.rlim_cur = cpu.rlim_max;
    setrlimit(RLIMIT_CPU, &cpu);
    if (!write_frame(1, handler(request))) return 0;
  }
}

}  // namespace cesp::ingest
