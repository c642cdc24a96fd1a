// The only file that includes poppler: PDF pages rendered to grey images.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <climits>
#include <cstring>
#include <memory>

#include "decoders.h"

namespace cesp::ingest::detail {
namespace {

void quiet(const std::string&, void*) {}

}  // namespace

IntakeResult decode_pdf(std::string_view bytes, const IntakeLimits& limits) {
  poppler::set_debug_error_function(quiet, nullptr);
  if (bytes.size() > INT_MAX) return rejected(FileType::pdf, "too_large");
  // poppler keeps a pointer to the data: `bytes` outlives the document here.
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) return rejected(FileType::pdf, "unreadable", "PDF invalide");
  if (doc->is_locked()) return rejected(FileType::pdf, "unreadable", "PDF protégé par mot de passe");
  const int count = doc->pages();
  if (count <= 0) return rejected(FileType::pdf, "unreadable", "aucune page");
  if (count > limits.max_pages)
    return rejected(FileType::pdf, "too_many_pages",
                    std::to_string(count) + " > " + std::to_string(limits.max_pages));

  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  IntakeResult result;
  for (int i = 0; i < count; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) return rejected(FileType::pdf, "unreadable", "page " + std::to_string(i + 1));
    const poppler::rectf box = page->page_rect();
    const double dpi = limits.pdf_dpi;
    const double pixels = (box.width() / 72.0 * dpi) * (box.height() / 72.0 * dpi);
    if (!(pixels > 0)) return rejected(FileType::pdf, "unreadable", "page vide");
    if (pixels > static_cast<double>(limits.max_pixels)) return rejected(FileType::pdf, "too_many_pixels");
    poppler::image image = renderer.render_page(page.get(), dpi, dpi);
    if (!image.is_valid() || image.format() != poppler::image::format_gray8)
      return rejected(FileType::pdf, "unreadable", "rendu impossible");
    PageImage out;
    out.width = image.width();
    out.height = image.height();
    out.dpi = limits.pdf_dpi;
    out.gray.resize(static_cast<std::size_t>(out.width) * out.height);
    const char* data = image.const_data();
    for (int y = 0; y < out.height; ++y)
      std::memcpy(out.gray.data() + static_cast<std::size_t>(y) * out.width,
                  data + static_cast<std::size_t>(y) * image.bytes_per_row(), out.width);
    const std::vector<char> text = page->text().to_utf8();
    out.text_layer.assign(text.begin(), text.end());
    result.pages.push_back(std::move(out));
  }
  return result;
}

}  // namespace cesp::ingest::detail
