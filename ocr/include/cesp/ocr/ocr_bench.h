// `cesp bench ocr`: latency and throughput of piece checking through the
// isolated worker pool, against the `tesseract` command line on the same
// files in the same run, with the verdict accuracy of both.
#pragma once

#include <string>

namespace cesp::ocr {

struct OcrBenchOptions {
  std::string dir;                            // a folder of pieces; truth.json there gives kinds and verdicts
  std::string executable = "/proc/self/exe";  // the `cesp` binary the workers run
  bool run_tesseract_cli = true;
  int repeat = 1;  // passes over the pieces for the latency figures
};

struct OcrBenchResult {
  int pieces = 0;
  double p50_ms = 0, p95_ms = 0;  // per piece, one worker, warm engine
  double cpu_p50_ms = 0;          // CPU time the worker spent per piece
  double tesseract_cli_cpu_p50_ms = 0;
  double per_s_1_worker = 0, per_s_2_workers = 0;
  double tesseract_cli_p50_ms = 0;     // `tesseract FILE - -l fra`, one thread
  double accuracy = -1;                // share of correct verdicts (-1: no truth file)
  double tesseract_cli_accuracy = -1;  // the same checks run on the CLI's text
  double load_average = 0;             // of the machine when the run started
};

// Image files only (PNG, JPEG, TIFF, WebP): the CLI cannot read PDFs.
// Throws Error(not_found) when the folder holds no piece.
OcrBenchResult run_ocr_bench(const OcrBenchOptions& options);

std::string to_json(const OcrBenchResult& result);
std::string to_text(const OcrBenchResult& result);

}  // namespace cesp::ocr
