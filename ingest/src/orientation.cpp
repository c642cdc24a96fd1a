// EXIF orientation (the only file that includes libexif) and the pixel moves
// that make a page upright.
#include <libexif/exif-data.h>

#include <memory>

#include "decoders.h"

namespace cesp::ingest::detail {
namespace {

struct ExifDeleter {
  void operator()(ExifData* data) const { exif_data_unref(data); }
};

}  // namespace

int exif_orientation(std::string_view bytes) {
  // Only the APP1 segment matters; libexif finds it in the JPEG by itself.
  const std::size_t scan = std::min<std::size_t>(bytes.size(), 256 * 1024);
  std::unique_ptr<ExifData, ExifDeleter> data(exif_data_new_from_data(
      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<unsigned>(scan)));
  if (!data) return 1;
  ExifEntry* entry = exif_data_get_entry(data.get(), EXIF_TAG_ORIENTATION);
  if (!entry || entry->format != EXIF_FORMAT_SHORT || entry->components < 1 || entry->size < 2) return 1;
  const int tag = exif_get_short(entry->data, exif_data_get_byte_order(data.get()));
  return tag >= 1 && tag <= 8 ? tag : 1;
}

void apply_orientation(PageImage& page, int tag) {
  if (tag <= 1 || tag > 8) return;
  const int w = page.width, h = page.height;
  const bool swaps = tag >= 5;  // 5..8 exchange width and height
  const int ow = swaps ? h : w, oh = swaps ? w : h;
  std::vector<std::uint8_t> out(page.gray.size());
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      int nx = x, ny = y;
      switch (tag) {
        case 2: nx = w - 1 - x; break;  // mirrored
        case 3:
          nx = w - 1 - x;
          ny = h - 1 - y;
          break;                        // upside down
        case 4: ny = h - 1 - y; break;  // mirrored vertically
        case 5:
          nx = y;
          ny = x;
          break;  // transposed
        case 6:
          nx = h - 1 - y;
          ny = x;
          break;  // turn 90° clockwise
        case 7:
          nx = h - 1 - y;
          ny = w - 1 - x;
          break;  // transverse
        case 8:
          nx = y;
          ny = w - 1 - x;
          break;  // turn 90° counter-clockwise
      }
      out[static_cast<std::size_t>(ny) * ow + nx] = page.gray[static_cast<std::size_t>(y) * w + x];
    }
  }
  page.gray = std::move(out);
  page.width = ow;
  page.height = oh;
}

}  // namespace cesp::ingest::detail
