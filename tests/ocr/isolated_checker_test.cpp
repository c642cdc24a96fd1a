// The worker pool running real `cesp check --worker` processes.
#include "cesp/ocr/isolated_checker.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

#include "sample_truth.h"

using namespace cesp::ocr;
using namespace cesp::ocr::testing;

TEST_CASE("in one pool, crashing and hanging pieces are rejected while others are checked", "[isolation]") {
  const auto dir = std::filesystem::temp_directory_path() / ("cesp-iso-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "crash.jpg") << "CESP-FAULT:crash";
  std::ofstream(dir / "hang.jpg") << "CESP-FAULT:hang";
  std::ofstream(dir / "oom.jpg") << "CESP-FAULT:oom";

  IsolationOptions options;
  options.executable = CESP_EXE;
  options.workers = 2;
  options.timeout = std::chrono::seconds(3);
  options.memory_limit_bytes = std::size_t{1} << 30;
  options.enable_fault_hooks = true;
  IsolatedChecker checker(options);

  CheckRequest good;
  good.today = cesp::Date(2025, 11, 15);
  good.kind = "identity";
  good.files = {pieces_dir() + "clean/passport_zoe.png"};
  CheckRequest crash = good, hang = good, oom = good;
  crash.files = {(dir / "crash.jpg").string()};
  hang.files = {(dir / "hang.jpg").string()};
  oom.files = {(dir / "oom.jpg").string()};

  Verdict hung, crashed, fine;
  std::thread slow([&] { hung = checker.check(hang); });
  crashed = checker.check(crash);
  fine = checker.check(good);  // runs while the other worker hangs
  slow.join();
  CHECK(crashed.verdict == "rejected");
  CHECK(crashed.has_reason("unreadable"));
  CHECK(hung.verdict == "rejected");
  CHECK(hung.has_reason("timeout"));
  INFO(to_json(fine));
  CHECK(fine.verdict == "accepted");
  const Verdict blown = checker.check(oom);
  CHECK(blown.verdict == "rejected");
  CHECK(blown.has_reason("unreadable"));
  CHECK(checker.check(good).verdict == "accepted");  // workers were replaced
  std::filesystem::remove_all(dir);
}
