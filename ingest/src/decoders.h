// Private: one decoder per family of formats, each wrapping one third-party
// library. Each checks the header bounds before decoding and reports every
// problem as a Rejection (never throws on bad bytes).
#pragma once

#include <string_view>

#include "cesp/ingest/intake.h"

namespace cesp::ingest::detail {

IntakeResult decode_pdf(std::string_view bytes, const IntakeLimits& limits);                    // poppler-cpp
IntakeResult decode_raster(std::string_view bytes, FileType type, const IntakeLimits& limits);  // Leptonica
IntakeResult decode_heic(std::string_view bytes, const IntakeLimits& limits);                   // libheif

// EXIF orientation tag (1..8) of a JPEG, 1 when absent or unreadable (libexif).
int exif_orientation(std::string_view jpeg_bytes);
// Rotates/mirrors the page so that orientation `tag` becomes 1.
void apply_orientation(PageImage& page, int tag);

IntakeResult rejected(FileType type, std::string code, std::string detail = {});

}  // namespace cesp::ingest::detail
