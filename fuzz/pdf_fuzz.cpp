// PDF loading as the isolated OCR worker runs it on an uploaded PDF:
// `decode_upload` (size bound, type sniffing, then poppler: load, page count,
// page box against the pixel bound, render to grey, text layer). In process:
// libFuzzer plus the sanitizers are the isolation here.
//
// Bounds: the worker's IntakeLimits (20 MB, 10 pages, 60 Mpx per page at
// 300 dpi), except that pages are rendered at kDpi instead of 300 dpi, with
// the pixel bound scaled by (kDpi / 300)^2 so that the largest page accepted,
// in points, is the same as the worker's. At 300 dpi an A4 page is 8.7 Mpx and
// one execution takes a large fraction of a second under ASan.
//
// poppler is Debian's uninstrumented build: libFuzzer only sees our edges, so
// fuzz/pdf.dict (PDF tokens) keeps the mutants structured. Inside poppler ASan
// catches crashes, bad frees and overflowing libc calls (memcpy...), not plain
// out-of-bounds loads and stores.
#include <string_view>

#include "cesp/ingest/file_type.h"
#include "cesp/ingest/intake.h"

#include "fuzz_entry.h"

namespace {

constexpr int kDpi = 50;

cesp::ingest::IntakeLimits fuzz_limits() {
  cesp::ingest::IntakeLimits limits;  // the worker's defaults
  const double scale = static_cast<double>(kDpi) / limits.pdf_dpi;
  limits.max_pixels = static_cast<std::uint64_t>(static_cast<double>(limits.max_pixels) * scale * scale);
  limits.pdf_dpi = kDpi;
  return limits;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Other types are fuzz_intake's: keep this target's corpus to PDFs.
  if (cesp::ingest::detect_file_type(bytes) != cesp::ingest::FileType::pdf) return -1;
  static const cesp::ingest::IntakeLimits limits = fuzz_limits();
  const auto result = cesp::ingest::decode_upload(bytes, limits);
  // The contract callers rely on: either a rejection or at least one page of
  // width * height grey bytes, never both.
  if (result.rejection ? !result.pages.empty() : result.pages.empty()) __builtin_trap();
  for (const auto& page : result.pages) {
    const auto w = static_cast<std::uint64_t>(page.width), h = static_cast<std::uint64_t>(page.height);
    if (page.width <= 0 || page.height <= 0 || page.gray.size() != w * h) __builtin_trap();
    // The pixel bound is checked on the page box before rendering; the
    // rendered page must respect it (one pixel of rounding on each side).
    if ((w - 1) * (h - 1) > limits.max_pixels) __builtin_trap();
  }
  return 0;
}
