// The only file that includes libheif: HEIC photos (iPhone default format).
#include <libheif/heif.h>

#include <cstring>
#include <memory>

#include "decoders.h"

namespace cesp::ingest::detail {
namespace {

struct ContextDeleter {
  void operator()(heif_context* c) const { heif_context_free(c); }
};
struct HandleDeleter {
  void operator()(heif_image_handle* h) const { heif_image_handle_release(h); }
};
struct ImageDeleter {
  void operator()(heif_image* i) const { heif_image_release(i); }
};

}  // namespace

IntakeResult decode_heic(std::string_view bytes, const IntakeLimits& limits) {
  std::unique_ptr<heif_context, ContextDeleter> context(heif_context_alloc());
  if (!context) return rejected(FileType::heic, "unreadable");
  // Parses the box structure only; no pixel is decoded yet.
  heif_error err =
      heif_context_read_from_memory_without_copy(context.get(), bytes.data(), bytes.size(), nullptr);
  if (err.code != heif_error_Ok) return rejected(FileType::heic, "unreadable", "HEIC invalide");
  if (heif_context_get_number_of_top_level_images(context.get()) > limits.max_pages)
    return rejected(FileType::heic, "too_many_pages");
  heif_image_handle* raw_handle = nullptr;
  err = heif_context_get_primary_image_handle(context.get(), &raw_handle);
  std::unique_ptr<heif_image_handle, HandleDeleter> handle(raw_handle);
  if (err.code != heif_error_Ok || !handle)
    return rejected(FileType::heic, "unreadable", "image principale absente");
  const std::uint64_t w = static_cast<std::uint64_t>(heif_image_handle_get_width(handle.get()));
  const std::uint64_t h = static_cast<std::uint64_t>(heif_image_handle_get_height(handle.get()));
  if (w == 0 || h == 0) return rejected(FileType::heic, "unreadable", "dimensions nulles");
  if (w * h > limits.max_pixels) return rejected(FileType::heic, "too_many_pixels");
  heif_image* raw_image = nullptr;
  // The luma plane of the native YCbCr image is the grey page; no colour
  // conversion needed.
  err = heif_decode_image(handle.get(), &raw_image, heif_colorspace_YCbCr, heif_chroma_420, nullptr);
  if (err.code != heif_error_Ok) {  // a monochrome file
    raw_image = nullptr;
    err = heif_decode_image(handle.get(), &raw_image, heif_colorspace_monochrome, heif_chroma_monochrome,
                            nullptr);
  }
  std::unique_ptr<heif_image, ImageDeleter> image(raw_image);
  if (err.code != heif_error_Ok || !image)
    return rejected(FileType::heic, "unreadable",
                    std::string("décodage HEIC impossible: ") + (err.message ? err.message : ""));
  int stride = 0;
  const std::uint8_t* plane = heif_image_get_plane_readonly(image.get(), heif_channel_Y, &stride);
  if (!plane) return rejected(FileType::heic, "unreadable", "plan de luminance absent");
  PageImage page;
  page.width = heif_image_get_width(image.get(), heif_channel_Y);
  page.height = heif_image_get_height(image.get(), heif_channel_Y);
  page.gray.resize(static_cast<std::size_t>(page.width) * page.height);
  for (int y = 0; y < page.height; ++y)
    std::memcpy(page.gray.data() + static_cast<std::size_t>(y) * page.width,
                plane + static_cast<std::size_t>(y) * stride, page.width);
  IntakeResult result;
  result.pages.push_back(std::move(page));
  return result;
}

}  // namespace cesp::ingest::detail
