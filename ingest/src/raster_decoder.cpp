// The only intake file that includes Leptonica: JPEG, PNG, TIFF and WebP.
#include <leptonica/allheaders.h>

#include <cstdio>
#include <memory>

#include "decoders.h"

namespace cesp::ingest::detail {
namespace {

struct PixDeleter {
  void operator()(PIX* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

struct FileDeleter {
  void operator()(FILE* f) const { std::fclose(f); }
};

const l_uint8* as_bytes(std::string_view bytes) { return reinterpret_cast<const l_uint8*>(bytes.data()); }

// Pages of a TIFF, counted from its IFD chain without decoding any.
int tiff_page_count(std::string_view bytes) {
  std::unique_ptr<FILE, FileDeleter> file(fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb"));
  if (!file) return -1;
  l_int32 count = 0;
  if (tiffGetCount(file.get(), &count) != 0) return -1;
  return count;
}

bool header_dimensions(std::string_view bytes, FileType type, int page, l_int32& w, l_int32& h,
                       l_int32& res) {
  l_int32 format = 0, bps = 0, spp = 0, cmap = 0;
  res = 0;
  if (type == FileType::tiff)
    return readHeaderMemTiff(as_bytes(bytes), bytes.size(), page, &w, &h, &bps, &spp, &res, &cmap, &format) ==
           0;
  return pixReadHeaderMem(as_bytes(bytes), bytes.size(), &format, &w, &h, &bps, &spp, &cmap) == 0;
}

PageImage to_gray_page(PIX* decoded, int dpi) {
  PixPtr gray(pixConvertTo8(decoded, 0));
  PageImage page;
  if (!gray) return page;
  page.width = pixGetWidth(gray.get());
  page.height = pixGetHeight(gray.get());
  page.dpi = dpi;
  page.gray.resize(static_cast<std::size_t>(page.width) * page.height);
  l_uint32* data = pixGetData(gray.get());
  const l_int32 wpl = pixGetWpl(gray.get());
  for (int y = 0; y < page.height; ++y) {
    const l_uint32* line = data + static_cast<std::size_t>(y) * wpl;
    std::uint8_t* out = page.gray.data() + static_cast<std::size_t>(y) * page.width;
    for (int x = 0; x < page.width; ++x) out[x] = static_cast<std::uint8_t>(GET_DATA_BYTE(line, x));
  }
  return page;
}

}  // namespace

IntakeResult decode_raster(std::string_view bytes, FileType type, const IntakeLimits& limits) {
  setMsgSeverity(L_SEVERITY_NONE);
  int pages = 1;
  if (type == FileType::tiff) {
    pages = tiff_page_count(bytes);
    if (pages <= 0) return rejected(type, "unreadable", "TIFF invalide");
    if (pages > limits.max_pages)
      return rejected(type, "too_many_pages",
                      std::to_string(pages) + " > " + std::to_string(limits.max_pages));
  }
  IntakeResult result;
  for (int i = 0; i < pages; ++i) {
    l_int32 w = 0, h = 0, res = 0;
    if (!header_dimensions(bytes, type, i, w, h, res) || w <= 0 || h <= 0)
      return rejected(type, "unreadable", "en-tête d'image invalide");
    if (static_cast<std::uint64_t>(w) * static_cast<std::uint64_t>(h) > limits.max_pixels)
      return rejected(
          type, "too_many_pixels",
          std::to_string(w) + "x" + std::to_string(h) + " > " + std::to_string(limits.max_pixels));
    PixPtr pix(type == FileType::tiff ? pixReadMemTiff(as_bytes(bytes), bytes.size(), i)
                                      : pixReadMem(as_bytes(bytes), bytes.size()));
    if (!pix) return rejected(type, "unreadable", "décodage impossible");
    // The decoded size must be what the header promised (a lying header
    // would otherwise slip past the pixel bound).
    if (pixGetWidth(pix.get()) != w || pixGetHeight(pix.get()) != h)
      return rejected(type, "unreadable", "dimensions incohérentes");
    PageImage page = to_gray_page(pix.get(), res > 0 ? res : pixGetXRes(pix.get()));
    if (page.gray.empty()) return rejected(type, "unreadable", "conversion impossible");
    if (type == FileType::jpeg) apply_orientation(page, exif_orientation(bytes));
    result.pages.push_back(std::move(page));
  }
  return result;
}

}  // namespace cesp::ingest::detail
