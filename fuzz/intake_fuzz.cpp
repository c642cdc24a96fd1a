// Upload intake: type sniffing, header probes (dimensions, page count) and
// raster / HEIC decoding with EXIF orientation, as the isolated worker runs
// them. PDF bytes stop after sniffing: fuzz_pdf (pdf_fuzz.cpp) loads and
// renders them, at a lower resolution.
#include <string_view>

#include "cesp/ingest/file_type.h"
#include "cesp/ingest/intake.h"

#include "fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto type = cesp::ingest::detect_file_type(bytes);
  (void)cesp::ingest::to_string(type);
  if (type == cesp::ingest::FileType::pdf) return 0;
  cesp::ingest::IntakeLimits limits;
  limits.max_bytes = 1 << 20;
  limits.max_pixels = 4'000'000;  // keeps one execution in milliseconds
  limits.max_pages = 2;
  (void)cesp::ingest::decode_upload(bytes, limits);
  return 0;
}
