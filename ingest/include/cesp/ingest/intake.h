// Turning an uploaded file into page images that OCR can read, under bounds.
//
// Everything here parses untrusted bytes with third-party decoders (poppler,
// Leptonica, libheif, libexif): call it inside an isolated worker process
// (see worker_pool.h), never in the server process itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cesp/ingest/file_type.h"

namespace cesp::ingest {

struct IntakeLimits {
  std::size_t max_bytes = 20u * 1024 * 1024;  // whole file
  std::uint64_t max_pixels = 60'000'000;      // per page, from the header, before decoding
  int max_pages = 10;
  int pdf_dpi = 300;  // rendering resolution for PDF pages (scans are 300 dpi)
};

// Why a file is refused. `code` is one of the stable verdict reason codes:
// unreadable, unsupported_type, too_large, too_many_pixels, too_many_pages.
struct Rejection {
  std::string code;
  std::string message;  // French, for the candidate
};

// One page as 8-bit grey, rows top to bottom, already turned upright
// according to EXIF orientation.
struct PageImage {
  int width = 0;
  int height = 0;
  int dpi = 0;                     // 0 when unknown
  std::vector<std::uint8_t> gray;  // width * height bytes
  std::string text_layer;          // a PDF page's own text (UTF-8), empty for scans
};

struct IntakeResult {
  FileType type = FileType::unknown;
  std::optional<Rejection> rejection;  // set: the file is refused, pages is empty
  std::vector<PageImage> pages;
};

// Checks the bounds in the cheapest order (size, type, header dimensions,
// page count) and only then decodes. Never throws for a bad file: every
// problem with the bytes becomes a Rejection.
IntakeResult decode_upload(std::string_view bytes, const IntakeLimits& limits = {});

// The rejection for a stable code with its French message; used by callers
// that refuse a file for reasons found outside decode_upload (timeouts...).
Rejection make_rejection(std::string code, std::string detail = {});

}  // namespace cesp::ingest
