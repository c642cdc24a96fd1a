// The OCR-B template reader (ocr/src/mrz_glyphs.cpp) on arbitrary grey
// images: it cuts an upload's decoded pixels into glyphs in the OCR worker.
// Input: width as 2 bytes little-endian, then the pixels row by row (a
// partial last row is dropped). Bounded so that one input stays fast.
#include <algorithm>
#include <cstdint>
#include <string>

#include "cesp/ocr/mrz.h"
#include "cesp/ocr/mrz_glyphs.h"

#include "fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  cesp::ingest::PageImage image;
  image.width = std::clamp<int>(data[0] | (data[1] << 8), 1, 1200);
  image.height =
      static_cast<int>(std::min<std::size_t>((size - 2) / static_cast<std::size_t>(image.width), 400));
  if (image.height == 0) return 0;
  image.gray.assign(data + 2, data + 2 + static_cast<std::size_t>(image.width) * image.height);
  for (std::size_t min_glyphs : {std::size_t{1}, std::size_t{20}}) {
    std::vector<std::string> lines;
    for (const auto& line : cesp::ocr::read_ocrb_lines(image, min_glyphs)) {
      if (line.min_margin < 0.0 || line.min_margin > 2.0) __builtin_trap();  // the documented range
      lines.push_back(line.text);
    }
    (void)cesp::ocr::parse_mrz(lines);
  }
  return 0;
}
