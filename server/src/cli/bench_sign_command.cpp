// `cesp bench sign`: PAdES B-B throughput (logic in cesp/signing/bench.h).
#include <unistd.h>

#include <filesystem>
#include <ostream>

#include "cesp/core/error.h"
#include "cesp/signing/bench.h"

#include "cli/commands.h"

namespace cesp::server {

CommandSpec bench_sign_command() {
  CommandSpec spec;
  spec.name = "sign";
  spec.summary = "in-process PAdES B-B signatures/s on a ~100 KB contract, next to podofosign";
  spec.description =
      "Signs the same sample contract N times with one RSA-2048 key loaded once (one thread), then runs\n"
      "podofosign once per document (one process each) and times the raw RSA-2048 signature, in the\n"
      "same run. The dev PKI and outputs go to a temporary directory removed afterwards.";
  spec.options = {
      {"signatures", "N", "in-process signatures to time (default 3000)"},
      {"podofosign", "N", "podofosign documents (default 40; 0 skips the peer)"},
      {"json", "",
       "print {\"signatures\",\"per_s\",\"p50_ms\",\"podofosign_per_s\",\"rsa_sign_only_per_s\",...}"},
  };
  spec.run = [](const Args& args, CommandContext& ctx) {
    auto count = [&](const char* name, int fallback) {
      std::string text = args.value_or(name, std::to_string(fallback));
      try {
        int value = std::stoi(text);
        if (value >= 0 && value <= 10000000) return value;
      } catch (const std::exception&) {
      }
      throw Error(ErrorCode::usage, std::string("--") + name + " invalide: " + text);
    };
    signing::SignBenchOptions options;
    options.signatures = std::max(1, count("signatures", 3000));
    options.podofosign_documents = count("podofosign", 40);
    options.work_dir =
        std::filesystem::temp_directory_path() / ("cesp-bench-sign-" + std::to_string(::getpid()));
    std::filesystem::create_directories(options.work_dir);
    signing::SignBenchResult result;
    try {
      result = signing::run_sign_bench(options);
    } catch (...) {
      std::filesystem::remove_all(options.work_dir);
      throw;
    }
    std::filesystem::remove_all(options.work_dir);
    ctx.out << (args.has("json") ? result.to_json() + "\n" : result.to_text());
    return 0;
  };
  return spec;
}

}  // namespace cesp::server
