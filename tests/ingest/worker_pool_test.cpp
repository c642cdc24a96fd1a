#include "cesp/ingest/worker_pool.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

using namespace cesp::ingest;
using Status = WorkerReply::Status;

namespace {
WorkerOptions options(int workers = 1) {
  WorkerOptions o;
  o.command = {CESP_TEST_WORKER};
  o.workers = workers;
  o.timeout = std::chrono::milliseconds(1500);
  o.memory_limit_bytes = std::size_t{512} << 20;
  o.cpu_seconds_per_job = 1;
  return o;
}
}  // namespace

TEST_CASE("a worker answers requests and is reused between them", "[worker]") {
  WorkerPool pool(options());
  CHECK(pool.run("hello").payload == "echo:hello");
  const std::string pid = pool.run("pid").payload;
  CHECK(pool.run("pid").payload == pid);
  CHECK(pool.run("env").payload == "1");  // OMP_THREAD_LIMIT=1 for every worker
}

TEST_CASE("a crash, a hang, a CPU spin and a memory blow-up cost one job each", "[worker]") {
  WorkerPool pool(options());
  const std::string first_pid = pool.run("pid").payload;

  auto crash = pool.run("crash");
  CHECK(crash.status == Status::crashed);
  CHECK(crash.detail == "signal 11");
  CHECK(pool.run("after crash").payload == "echo:after crash");
  CHECK(pool.run("pid").payload != first_pid);  // a fresh worker took over

  const auto start = std::chrono::steady_clock::now();
  auto hang = pool.run("hang");
  CHECK(hang.status == Status::timed_out);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK(pool.run("after hang").payload == "echo:after hang");

  // RLIMIT_CPU (1 s) or the watchdog stops a busy loop, whichever comes first.
  auto spin = pool.run("spin");
  CHECK(spin.status != Status::ok);
  CHECK(pool.run("after spin").payload == "echo:after spin");
}

TEST_CASE("the address-space limit stops a memory blow-up", "[worker]") {
  WorkerOptions o = options();
  o.memory_limit_bytes = std::size_t{256} << 20;
  o.timeout = std::chrono::seconds(20);
  WorkerPool pool(o);
  auto oom = pool.run("oom");  // bad_alloc escapes the handler: abort
  CHECK(oom.status == Status::crashed);
  CHECK(oom.detail == "signal 6");
  CHECK(pool.run("after oom").payload == "echo:after oom");
}

TEST_CASE("two workers run two jobs at once", "[worker]") {
  WorkerPool pool(options(2));
  std::string a, b;
  std::thread t1([&] { a = pool.run("pid").payload; });
  std::thread t2([&] { b = pool.run("hang").status == Status::timed_out ? "timed out" : "?"; });
  t1.join();
  t2.join();
  CHECK(!a.empty());
  CHECK(b == "timed out");
  CHECK(pool.run("still here").payload == "echo:still here");
}

TEST_CASE("a worker that cannot start is reported as crashed, not as a hang", "[worker]") {
  WorkerOptions o = options();
  o.command = {"/nonexistent/cesp-worker"};
  WorkerPool pool(o);
  auto reply = pool.run("x");
  CHECK(reply.status == Status::crashed);
  CHECK(reply.detail == "exit 127");
}

TEST_CASE("a CPU-limit death sooner than the job could have spent its budget gets one fresh worker",
          "[worker]") {
  WorkerOptions o = options();
  o.cpu_seconds_per_job = 5;
  WorkerPool pool(o);
  const std::string first_pid = pool.run("pid").payload;

  const std::string marker = "/tmp/cesp-xcpu-once-" + std::to_string(::getpid());
  std::remove(marker.c_str());
  auto retried = pool.run("xcpu-once:" + marker);
  std::remove(marker.c_str());
  CHECK(retried.status == Status::ok);
  CHECK(retried.retried_after == "signal 24");
  CHECK(retried.payload != first_pid);  // answered by the fresh worker

  // Only once: a job that dies that way again is reported, not retried forever.
  auto again = pool.run("xcpu");
  CHECK(again.status == Status::crashed);
  CHECK(again.detail == "signal 24");
  CHECK(again.retried_after == "signal 24");

  // A job that ran into the limit by spinning is not retried (the watchdog
  // is pushed past the CPU budget so that the limit is what stops it).
  o.cpu_seconds_per_job = 3;
  o.timeout = std::chrono::seconds(20);
  WorkerPool strict(o);
  auto spin = strict.run("spin");
  CHECK(spin.status == Status::crashed);
  CHECK(spin.detail == "signal 24");
  CHECK(spin.retried_after.empty());
}
