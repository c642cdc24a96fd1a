// The signing benchmark (see cesp/signing/bench.h).
#include "cesp/signing/bench.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>

#include "cesp/signing/dev_pki.h"
#include "cesp/signing/pades.h"

#include "openssl_util.h"

extern char** environ;

namespace cesp::signing {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time of this thread: what "on one core" means when the machine is shared.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double children_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  auto seconds = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec * 1e-6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Runs argv without a shell; returns the exit status (-1 when it cannot start).
int spawn_and_wait(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

}  // namespace

SignBenchResult run_sign_bench(const SignBenchOptions& options) {
  if (options.work_dir.empty()) throw Error(ErrorCode::invalid_argument, "bench work_dir");
  SignBenchResult result;
  DevPki pki = create_dev_pki(options.work_dir / "pki");
  SignerKey key = SignerKey::load(pki.candidate_rsa.key_pem.string(), pki.candidate_rsa.cert_pem.string(),
                                  pki.chain_pem.string());
  std::vector<unsigned char> pdf = make_sample_contract_pdf(options.pdf_bytes);
  result.pdf_bytes = pdf.size();
  const auto input_path = options.work_dir / "contract.pdf";
  detail::write_file(input_path, pdf);

  SignOptions sign_options;
  sign_options.signing_time = 1795000000;
  sign_options.reason = "Lu et approuvé";
  for (int i = 0; i < 20; ++i) sign_pdf(pdf, key, sign_options);  // warm-up

  std::vector<double> latencies, cpu_latencies;
  latencies.reserve(static_cast<std::size_t>(options.signatures));
  cpu_latencies.reserve(static_cast<std::size_t>(options.signatures));
  std::size_t checksum = 0;
  auto start = Clock::now();
  double cpu_start = thread_cpu_seconds();
  for (int i = 0; i < options.signatures; ++i) {
    auto t0 = Clock::now();
    double c0 = thread_cpu_seconds();
    SignResult signed_pdf = sign_pdf(pdf, key, sign_options);
    cpu_latencies.push_back((thread_cpu_seconds() - c0) * 1000.0);
    latencies.push_back(seconds_since(t0) * 1000.0);
    if (signed_pdf.pdf.size() <= pdf.size()) throw Error(ErrorCode::internal, "bench: empty signature");
    checksum += signed_pdf.pdf[signed_pdf.pdf.size() / 2];
  }
  double elapsed = seconds_since(start);
  result.signatures = options.signatures;
  result.per_s = options.signatures / elapsed;
  result.cpu_per_s = options.signatures / (thread_cpu_seconds() - cpu_start);
  std::sort(cpu_latencies.begin(), cpu_latencies.end());
  if (!cpu_latencies.empty()) result.cpu_p50_ms = cpu_latencies[cpu_latencies.size() / 2];
  std::sort(latencies.begin(), latencies.end());
  if (!latencies.empty()) {
    result.p50_ms = latencies[latencies.size() / 2];
    result.p99_ms = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
  }

  // The raw RSA-2048 signature over a signed-attributes-sized buffer.
  std::vector<unsigned char> attributes(120, 0x31);
  const int rsa_runs = std::max(500, options.signatures);
  start = Clock::now();
  cpu_start = thread_cpu_seconds();
  for (int i = 0; i < rsa_runs; ++i) checksum += key.sign_sha256(attributes.data(), attributes.size())[0];
  result.rsa_sign_only_per_s = rsa_runs / seconds_since(start);
  result.rsa_sign_only_cpu_per_s = rsa_runs / (thread_cpu_seconds() - cpu_start);

  if (options.podofosign_documents > 0) {
    int ok = 0;
    start = Clock::now();
    double children_start = children_cpu_seconds();
    for (int i = 0; i < options.podofosign_documents; ++i) {
      auto out = options.work_dir / ("podofosign-" + std::to_string(i) + ".pdf");
      int rc = spawn_and_wait({"podofosign", "-in", input_path.string(), "-out", out.string(), "-cert",
                               pki.candidate_rsa.cert_pem.string(), "-pkey",
                               pki.candidate_rsa.key_pem.string(), "-digest", "sha256"});
      if (rc != 0) break;
      ++ok;
    }
    double peer_elapsed = seconds_since(start);
    if (ok == options.podofosign_documents) {
      result.podofosign_per_s = ok / peer_elapsed;
      result.podofosign_cpu_per_s = ok / (children_cpu_seconds() - children_start);
    } else {
      result.note = "podofosign unavailable or failed (Debian package libpodofo-utils)";
    }
  }
  if (checksum == 0xFFFFFFFF) result.note += " ";  // keeps the work observable
  return result;
}

std::string SignBenchResult::to_json() const {
  std::ostringstream out;
  out << "{\"signatures\":" << signatures << ",\"per_s\":" << fixed(per_s, 1)
      << ",\"p50_ms\":" << fixed(p50_ms, 3) << ",\"p99_ms\":" << fixed(p99_ms, 3)
      << ",\"podofosign_per_s\":" << fixed(podofosign_per_s, 1)
      << ",\"rsa_sign_only_per_s\":" << fixed(rsa_sign_only_per_s, 1)
      << ",\"cpu_per_s\":" << fixed(cpu_per_s, 1) << ",\"cpu_p50_ms\":" << fixed(cpu_p50_ms, 3)
      << ",\"podofosign_cpu_per_s\":" << fixed(podofosign_cpu_per_s, 1)
      << ",\"rsa_sign_only_cpu_per_s\":" << fixed(rsa_sign_only_cpu_per_s, 1)
      << ",\"pdf_bytes\":" << pdf_bytes << ",\"level\":\"B-B\",\"key\":\"RSA-2048\"}";
  return out.str();
}

std::string SignBenchResult::to_text() const {
  std::ostringstream out;
  out << "cesp bench sign: " << signatures << " signatures B-B (RSA-2048) d'un contrat de " << pdf_bytes
      << " octets, clé chargée une fois, un thread\n"
      << "                          horloge murale               temps CPU (un cœur)\n"
      << "  cesp (en processus)     " << fixed(per_s, 1) << " sig/s (p50 " << fixed(p50_ms, 3) << " ms)   "
      << fixed(cpu_per_s, 1) << " sig/s (p50 " << fixed(cpu_p50_ms, 3) << " ms)\n"
      << "  podofosign (1 proc/doc) " << fixed(podofosign_per_s, 1) << " sig/s                     "
      << fixed(podofosign_cpu_per_s, 1) << " sig/s\n"
      << "  RSA-2048 seul           " << fixed(rsa_sign_only_per_s, 1) << " sig/s                   "
      << fixed(rsa_sign_only_cpu_per_s, 1) << " sig/s\n";
  if (!note.empty()) out << "  note: " << note << "\n";
  return out.str();
}

}  // namespace cesp::signing
