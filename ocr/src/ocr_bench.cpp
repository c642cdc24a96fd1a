#include "cesp/ocr/ocr_bench.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "cesp/core/error.h"
#include "cesp/core/json_text.h"
#include "cesp/ocr/isolated_checker.h"

namespace cesp::ocr {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct BenchPiece {
  CheckRequest request;
  std::string expected_verdict;  // empty: unknown
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

bool is_image(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".tif" || ext == ".tiff" ||
         ext == ".webp";
}

std::vector<BenchPiece> load_pieces(const fs::path& dir) {
  std::vector<BenchPiece> pieces;
  if (fs::exists(dir / "truth.json")) {
    Poco::JSON::Parser parser;
    auto root = parser.parse(slurp(dir / "truth.json")).extract<Poco::JSON::Object::Ptr>();
    auto list = root->getArray("pieces");
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto p = list->getObject(static_cast<unsigned>(i));
      BenchPiece piece;
      auto files = p->getArray("files");
      for (std::size_t k = 0; k < files->size(); ++k)
        piece.request.files.push_back(
            (dir / files->getElement<std::string>(static_cast<unsigned>(k))).string());
      if (!std::all_of(piece.request.files.begin(), piece.request.files.end(),
                       [](const std::string& f) { return is_image(f); }))
        continue;
      // Turned pieces (rotated/) are a robustness check of the tests, not
      // the upright pieces the figures are about.
      if (p->optValue<int>("rotation", 0) != 0) continue;
      piece.request.kind = p->getValue<std::string>("kind");
      piece.request.today = Date::parse_iso(root->getValue<std::string>("today"));
      piece.request.campaign_year = AcademicYear::parse(root->getValue<std::string>("campaign_year"));
      piece.request.candidate = candidate_from_json(slurp(dir / p->getValue<std::string>("candidate")));
      piece.expected_verdict = p->getValue<std::string>("verdict");
      pieces.push_back(std::move(piece));
    }
    return pieces;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && is_image(entry.path())) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  for (const auto& f : files) {
    BenchPiece piece;
    piece.request.files = {f.string()};
    piece.request.today = Date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    pieces.push_back(std::move(piece));
  }
  return pieces;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t index =
      std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5));
  return values[index];
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Runs `tesseract FILE - -l fra` on one thread and returns its text lines;
// adds the child's CPU time to `cpu_ms`.
std::vector<std::string> tesseract_cli(const std::string& file, double& cpu_ms) {
  int out[2];
  if (pipe(out) != 0) throw Error(ErrorCode::internal, "pipe");
  const pid_t pid = fork();
  if (pid < 0) throw Error(ErrorCode::internal, "fork");
  if (pid == 0) {
    dup2(out[1], 1);
    const int null_fd = open("/dev/null", O_WRONLY);
    if (null_fd >= 0) dup2(null_fd, 2);
    close(out[0]);
    setenv("OMP_THREAD_LIMIT", "1", 1);
    execlp("tesseract", "tesseract", file.c_str(), "-", "-l", "fra", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = read(out[0], buffer, sizeof buffer)) > 0;)
    text.append(buffer, static_cast<std::size_t>(n));
  close(out[0]);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  cpu_ms += static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
            static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) == 127)
    throw Error(ErrorCode::unavailable, "la commande tesseract est introuvable", "tesseract CLI not found");
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \f\r") != std::string::npos) lines.push_back(line);
  return lines;
}

// Each worker takes the next piece as soon as it is free. `passes` rounds
// over the pieces amortise the end of the run, where one worker may still be
// busy with a long piece while the other has nothing left.
// `cpu_ms_per_piece`: the workers' own mean CPU time per piece, which tells
// contention between the workers (shared caches, SMT siblings) from waiting
// for a core taken by other processes.
double pieces_per_second(const std::vector<BenchPiece>& pieces, const std::string& executable, int workers,
                         int passes, double& cpu_ms_per_piece) {
  IsolationOptions isolation;
  isolation.executable = executable;
  isolation.workers = workers;
  IsolatedChecker checker(isolation);
  const auto run_threads = [&](std::size_t jobs, const auto& job) {
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w)
      threads.emplace_back([&] {
        for (std::size_t i; (i = next.fetch_add(1)) < jobs;) job(i);
      });
    for (auto& t : threads) t.join();
  };
  // Warm every worker at once (one after the other would warm the first
  // worker only: the pool hands a lone job to its first free worker).
  run_threads(static_cast<std::size_t>(workers), [&](std::size_t) { checker.check(pieces.front().request); });
  const std::size_t jobs = pieces.size() * static_cast<std::size_t>(passes);
  std::vector<double> cpu(jobs, 0.0);
  const auto start = Clock::now();
  run_threads(jobs, [&](std::size_t i) {
    for (const auto& [name, value] : checker.check(pieces[i % pieces.size()].request).timings_ms)
      if (name == "cpu") cpu[i] = value;
  });
  const double seconds = ms_since(start) / 1000.0;
  double total = 0;
  for (double c : cpu) total += c;
  cpu_ms_per_piece = total / static_cast<double>(jobs);
  return static_cast<double>(jobs) / seconds;
}

}  // namespace

OcrBenchResult run_ocr_bench(const OcrBenchOptions& options) {
  const auto pieces = load_pieces(options.dir);
  if (pieces.empty())
    throw Error(ErrorCode::not_found, "aucune image dans " + options.dir,
                "no image pieces in " + options.dir);
  OcrBenchResult result;
  result.pieces = static_cast<int>(pieces.size());
  double loads[1] = {0};
  if (getloadavg(loads, 1) == 1) result.load_average = loads[0];

  // Per piece timings, for the per-kind figures.
  struct Samples {
    std::vector<double> wall, cpu;
  };
  std::vector<Samples> ours(pieces.size()), cli(pieces.size());

  // Latency: one warm worker, one piece at a time.
  {
    IsolationOptions isolation;
    isolation.executable = options.executable;
    IsolatedChecker checker(isolation);
    checker.check(pieces.front().request);
    std::vector<double> times, cpu;
    int correct = 0, judged = 0;
    for (int pass = 0; pass < std::max(1, options.repeat); ++pass)
      for (std::size_t i = 0; i < pieces.size(); ++i) {
        const auto& piece = pieces[i];
        const auto start = Clock::now();
        const Verdict v = checker.check(piece.request);
        times.push_back(ms_since(start));
        ours[i].wall.push_back(times.back());
        for (const auto& [name, value] : v.timings_ms)
          if (name == "cpu") {
            cpu.push_back(value);
            ours[i].cpu.push_back(value);
          }
        if (pass == 0 && !piece.expected_verdict.empty()) {
          ++judged;
          if (v.verdict == piece.expected_verdict) {
            ++correct;
          } else {
            std::string codes;
            for (const auto& reason : v.reasons) codes += (codes.empty() ? "" : ",") + reason.code;
            result.misjudged.push_back(
                {piece.request.files.front(), piece.expected_verdict, v.verdict, codes});
          }
        }
      }
    result.p50_ms = percentile(times, 0.5);
    result.p95_ms = percentile(times, 0.95);
    result.cpu_p50_ms = percentile(cpu, 0.5);
    if (judged > 0) result.accuracy = static_cast<double>(correct) / judged;
  }
  const int passes = std::max(2, options.repeat);
  result.per_s_1_worker =
      pieces_per_second(pieces, options.executable, 1, passes, result.cpu_ms_per_piece_1_worker);
  result.per_s_2_workers =
      pieces_per_second(pieces, options.executable, 2, passes, result.cpu_ms_per_piece_2_workers);

  if (options.run_tesseract_cli) {
    std::vector<double> times, cpu;
    int correct = 0, judged = 0;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      const auto& piece = pieces[i];
      std::vector<std::string> lines;
      const auto start = Clock::now();
      double cpu_ms = 0;
      for (const auto& file : piece.request.files) {
        auto more = tesseract_cli(file, cpu_ms);
        lines.insert(lines.end(), more.begin(), more.end());
      }
      times.push_back(ms_since(start));
      cpu.push_back(cpu_ms);
      cli[i].wall.push_back(times.back());
      cli[i].cpu.push_back(cpu_ms);
      if (!piece.expected_verdict.empty()) {
        ++judged;
        correct += check_text(lines, piece.request).verdict == piece.expected_verdict ? 1 : 0;
      }
    }
    result.tesseract_cli_p50_ms = percentile(times, 0.5);
    result.tesseract_cli_cpu_p50_ms = percentile(cpu, 0.5);
    if (judged > 0) result.tesseract_cli_accuracy = static_cast<double>(correct) / judged;
  }
  for (const char* kind : {"identity", "bank", "enrollment"}) {
    OcrKindFigures figures;
    figures.kind = kind;
    Samples mine, theirs;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      if (pieces[i].request.kind != kind) continue;
      ++figures.pieces;
      const auto append = [](std::vector<double>& to, const std::vector<double>& from) {
        to.insert(to.end(), from.begin(), from.end());
      };
      append(mine.wall, ours[i].wall);
      append(mine.cpu, ours[i].cpu);
      append(theirs.wall, cli[i].wall);
      append(theirs.cpu, cli[i].cpu);
    }
    if (figures.pieces == 0) continue;
    figures.p50_ms = percentile(mine.wall, 0.5);
    figures.cpu_p50_ms = percentile(mine.cpu, 0.5);
    figures.tesseract_cli_p50_ms = percentile(theirs.wall, 0.5);
    figures.tesseract_cli_cpu_p50_ms = percentile(theirs.cpu, 0.5);
    result.by_kind.push_back(figures);
  }
  return result;
}

std::string to_json(const OcrBenchResult& r) {
  char buffer[768];
  std::snprintf(
      buffer, sizeof buffer,
      "{\"pieces\":%d,\"p50_ms\":%.1f,\"p95_ms\":%.1f,\"per_s_1_worker\":%.2f,"
      "\"per_s_2_workers\":%.2f,\"tesseract_cli_p50_ms\":%.1f,\"cpu_p50_ms\":%.1f,"
      "\"tesseract_cli_cpu_p50_ms\":%.1f,\"accuracy\":%.3f,\"tesseract_cli_accuracy\":%.3f,"
      "\"load_average\":%.2f,\"cpu_ms_per_piece_1_worker\":%.1f,\"cpu_ms_per_piece_2_workers\":%.1f",
      r.pieces, r.p50_ms, r.p95_ms, r.per_s_1_worker, r.per_s_2_workers, r.tesseract_cli_p50_ms, r.cpu_p50_ms,
      r.tesseract_cli_cpu_p50_ms, r.accuracy, r.tesseract_cli_accuracy, r.load_average,
      r.cpu_ms_per_piece_1_worker, r.cpu_ms_per_piece_2_workers);
  std::string out = buffer;
  out += ",\"by_kind\":{";
  for (std::size_t i = 0; i < r.by_kind.size(); ++i) {
    const auto& k = r.by_kind[i];
    std::snprintf(buffer, sizeof buffer,
                  "%s\"%s\":{\"pieces\":%d,\"p50_ms\":%.1f,\"cpu_p50_ms\":%.1f,\"tesseract_cli_p50_ms\":%.1f,"
                  "\"tesseract_cli_cpu_p50_ms\":%.1f}",
                  i ? "," : "", k.kind.c_str(), k.pieces, k.p50_ms, k.cpu_p50_ms, k.tesseract_cli_p50_ms,
                  k.tesseract_cli_cpu_p50_ms);
    out += buffer;
  }
  out += "},\"misjudged\":[";
  for (std::size_t i = 0; i < r.misjudged.size(); ++i) {
    const auto& m = r.misjudged[i];
    out += std::string(i ? "," : "") + "{\"file\":" + json_quote(m.file) +
           ",\"expected\":" + json_quote(m.expected) + ",\"got\":" + json_quote(m.got) +
           ",\"reasons\":" + json_quote(m.reasons) + "}";
  }
  return out + "]}";
}

std::string to_text(const OcrBenchResult& r) {
  std::ostringstream out;
  out << "pieces                 " << r.pieces << "\n"
      << "p50 / p95 per piece    " << r.p50_ms << " / " << r.p95_ms << " ms (1 warm worker)\n"
      << "throughput             " << r.per_s_1_worker << " pieces/s (1 worker), " << r.per_s_2_workers
      << " pieces/s (2 workers); worker CPU per piece " << r.cpu_ms_per_piece_1_worker << " / "
      << r.cpu_ms_per_piece_2_workers << " ms\n"
      << "tesseract CLI p50      " << r.tesseract_cli_p50_ms << " ms (-l fra, one thread)\n"
      << "CPU p50 per piece      " << r.cpu_p50_ms << " ms (cesp worker), " << r.tesseract_cli_cpu_p50_ms
      << " ms (tesseract CLI)\n"
      << "verdict accuracy       " << r.accuracy << " (cesp), " << r.tesseract_cli_accuracy
      << " (same checks on the CLI's text)\n"
      << "load average at start  " << r.load_average << "\n";
  for (const auto& k : r.by_kind)
    out << "  " << k.kind << " (" << k.pieces << ")  p50 " << k.p50_ms << " ms, CPU " << k.cpu_p50_ms
        << " ms; CLI p50 " << k.tesseract_cli_p50_ms << " ms, CPU " << k.tesseract_cli_cpu_p50_ms << " ms\n";
  for (const auto& m : r.misjudged)
    out << "  misjudged " << m.file << ": " << m.got << " (" << m.reasons << "), expected " << m.expected
        << "\n";
  return out.str();
}

}  // namespace cesp::ocr
