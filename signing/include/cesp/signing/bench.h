// `cesp bench sign`: in-process B-B signatures per second on a ~100 KB
// contract with the key loaded once, next to `podofosign` (one process per
// document) and the raw RSA-2048 signature, all measured in the same run.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace cesp::signing {

struct SignBenchOptions {
  int signatures = 3000;          // in-process signatures to time
  int podofosign_documents = 40;  // podofosign runs (one process each); 0 skips the peer
  std::size_t pdf_bytes = 100 * 1024;
  std::filesystem::path work_dir;  // scratch (dev PKI, sample PDF, peer outputs); required
};

struct SignBenchResult {
  int signatures = 0;
  double per_s = 0;   // in-process B-B signatures per second (one thread)
  double p50_ms = 0;  // median latency of one signature
  double p99_ms = 0;
  double podofosign_per_s = 0;     // 0 when podofosign is unavailable or skipped
  double rsa_sign_only_per_s = 0;  // EVP_DigestSign RSA-2048 SHA-256 alone
  // The same on CPU time (this thread; podofosign's children), i.e. "on one
  // core" even when the machine is shared with other work.
  double cpu_per_s = 0, cpu_p50_ms = 0, podofosign_cpu_per_s = 0, rsa_sign_only_cpu_per_s = 0;
  std::size_t pdf_bytes = 0;  // size of the sample contract
  std::string note;           // e.g. why the peer was skipped

  std::string to_json()
      const;  // {"signatures","per_s","p50_ms","podofosign_per_s","rsa_sign_only_per_s",...}
  std::string to_text() const;
};

// Every signed output is checked (size grows, ByteRange digest) so that the
// loop cannot be optimised into nothing. Throws cesp::Error on setup failure.
SignBenchResult run_sign_bench(const SignBenchOptions& options);

// A contract-like sample PDF of about target_bytes (text pages plus an
// incompressible grey "scan"), classic xref; used by the bench and tests.
std::vector<unsigned char> make_sample_contract_pdf(std::size_t target_bytes);

}  // namespace cesp::signing
