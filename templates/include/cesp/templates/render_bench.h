// The `cesp bench render` measurement: documents rendered one after another
// on the calling thread (one core), from template and data to PDF bytes.
#pragma once

#include <string>
#include <string_view>

#include "cesp/templates/renderer.h"
#include "cesp/templates/template.h"

namespace cesp::templates {

// Times are the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so that the
// figure is "per second on one core" even on a loaded machine; wall_per_s is
// the elapsed-time rate of the same run, for comparison.
struct RenderBenchResult {
  int documents = 0;
  double per_s = 0;       // documents per CPU second over the whole run
  double wall_per_s = 0;  // documents per elapsed second
  double p50_ms = 0;      // median CPU time of one document
  double p99_ms = 0;
  int pages = 0;              // pages of one document
  std::size_t pdf_bytes = 0;  // size of one document
};

// The peer, measured the same way: the same filled text through PoDoFo's
// PdfPainter::DrawMultiLineText with a CreateFontSubset Identity-H font (no
// justification, pagination rules, fields, QR code or metadata).
RenderBenchResult run_podofo_peer_bench(const Renderer& renderer, const Template& tmpl,
                                        std::string_view data_json, int documents,
                                        const std::string& font_path);

// Renders `documents` copies (after a short warm-up). Throws what render throws.
RenderBenchResult run_render_bench(const Renderer& renderer, const Template& tmpl, std::string_view data_json,
                                   int documents);

}  // namespace cesp::templates
