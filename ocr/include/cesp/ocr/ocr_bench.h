// `cesp bench ocr`: latency and throughput of piece checking through the
// isolated worker pool, against the `tesseract` command line on the same
// files in the same run, with the verdict accuracy of both.
#pragma once

#include <string>
#include <vector>

namespace cesp::ocr {

struct OcrBenchOptions {
  std::string dir;                            // a folder of pieces; truth.json there gives kinds and verdicts
  std::string executable = "/proc/self/exe";  // the `cesp` binary the workers run
  bool run_tesseract_cli = true;
  int repeat = 1;  // passes over the pieces for the latency figures
};

// The same figures for the pieces of one kind (identity, bank, enrollment).
struct OcrKindFigures {
  std::string kind;
  int pieces = 0;
  double p50_ms = 0, cpu_p50_ms = 0;
  double tesseract_cli_p50_ms = 0, tesseract_cli_cpu_p50_ms = 0;
};

// A piece whose verdict differs from its truth file's, with the reason codes
// given: what to look at when the accuracy drops.
struct OcrMisjudged {
  std::string file, expected, got, reasons;  // reasons: codes joined by ','
};

struct OcrBenchResult {
  int pieces = 0;
  double p50_ms = 0, p95_ms = 0;  // per piece, one worker, warm engine
  double cpu_p50_ms = 0;          // CPU time the worker spent per piece
  double tesseract_cli_cpu_p50_ms = 0;
  double per_s_1_worker = 0, per_s_2_workers = 0;
  // Mean CPU time a worker spent per piece in those runs: equal figures mean
  // the two workers do not slow each other down (a shortfall of the 2-worker
  // rate is then time spent waiting for a core).
  double cpu_ms_per_piece_1_worker = 0, cpu_ms_per_piece_2_workers = 0;
  double tesseract_cli_p50_ms = 0;      // `tesseract FILE - -l fra`, one thread
  double accuracy = -1;                 // share of correct verdicts (-1: no truth file)
  double tesseract_cli_accuracy = -1;   // the same checks run on the CLI's text
  double load_average = 0;              // of the machine when the run started
  std::vector<OcrKindFigures> by_kind;  // with a truth file: per kind of piece
  std::vector<OcrMisjudged> misjudged;  // cesp's wrong verdicts (latency pass)
};

// Image files only (PNG, JPEG, TIFF, WebP): the CLI cannot read PDFs.
// Throws Error(not_found) when the folder holds no piece.
OcrBenchResult run_ocr_bench(const OcrBenchOptions& options);

std::string to_json(const OcrBenchResult& result);
std::string to_text(const OcrBenchResult& result);

}  // namespace cesp::ocr
