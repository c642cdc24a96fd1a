#include <ostream>

#include "cesp/ocr/ocr_bench.h"

#include "cli/commands.h"

namespace cesp::server {

CommandSpec bench_ocr_command() {
  CommandSpec spec;
  spec.name = "ocr";
  spec.summary = "piece checking latency and throughput vs the tesseract command line";
  spec.description =
      "Checks every image piece of DIR (with DIR/truth.json: its kinds, candidates and expected verdicts)\n"
      "through the isolated worker pool, then runs `tesseract FILE - -l fra` on the same files.";
  spec.positionals = {{"DIR", "folder of pieces, e.g. samples/pieces", 1, 1}};
  spec.options = {
      {"repeat", "N", "passes over the pieces for the latency figures (default 1)"},
      {"no-cli", "", "skip the tesseract command line"},
      {"json", "", "print one JSON object"},
  };
  spec.run = [](const Args& args, CommandContext& ctx) {
    ocr::OcrBenchOptions options;
    options.dir = args.positionals().front();
    options.run_tesseract_cli = !args.has("no-cli");
    options.repeat = std::max(1, std::atoi(args.value_or("repeat", "1").c_str()));
    const auto result = ocr::run_ocr_bench(options);
    ctx.out << (args.has("json") ? ocr::to_json(result) + "\n" : ocr::to_text(result));
    return 0;
  };
  return spec;
}

}  // namespace cesp::server
