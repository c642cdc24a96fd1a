// Renders a template and its data to a PDF ready for signature: A4, our own
// justified layout and pagination, DejaVu fonts embedded as subsets with
// Identity-H (text extracts exactly), empty signature fields
// "signature_<name>" (signature_candidat, signature_agent), a QR code with the
// reference and the SHA-256 of the content, XMP metadata (title, reference,
// template SHA-256), an sRGB output intent, PDF 1.7 with a classic xref table
// so that incremental signatures keep earlier revisions intact.
#pragma once

#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cesp/templates/template.h"

namespace cesp::templates {

struct RendererOptions {
  std::string regular_font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  std::string bold_font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
  std::string icc_profile = "/usr/share/color/icc/sRGB.icc";  // Debian icc-profiles-free
};

struct RenderedDocument {
  std::string pdf;
  int page_count = 0;
  std::string reference;  // the document's reference (avenant's own, else the contract's)
  std::string title;      // template title
  std::string template_id;
  int template_version = 0;
  std::string template_sha256;                // of the template file
  std::string content_sha256;                 // of the filled document text (also in the QR code and XMP)
  std::vector<std::string> signature_fields;  // in page order
};

class Renderer {
 public:
  // Loads the fonts and the ICC profile once; a Renderer may then be shared
  // by threads (render is const and keeps no state). Throws Error(io_error)
  // or Error(invalid_argument) when a resource is unusable.
  explicit Renderer(const RendererOptions& options = RendererOptions());

  // Fills the template with data_json (schema: templates/README.md) and lays
  // it out. `created` stamps the metadata (0: now). Throws Error(invalid_json)
  // for unparsable data, Error(missing_field) or Error(invalid_argument)
  // listing every missing or invalid field, Error(invalid_argument) when the
  // data holds characters the fonts cannot print or the template names an
  // unknown field; nothing is rendered with an empty blank.
  RenderedDocument render(const Template& tmpl, std::string_view data_json, std::time_t created = 0) const;

  // The filled document markup only, before layout (tests, diagnostics).
  std::string fill(const Template& tmpl, std::string_view data_json) const;

 private:
  struct Resources;
  std::shared_ptr<const Resources> resources_;
};

}  // namespace cesp::templates
