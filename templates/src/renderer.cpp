#include "cesp/templates/renderer.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>

#include "cesp/core/error.h"
#include "cesp/core/version.h"

#include "document_data.h"
#include "flate.h"
#include "layout.h"
#include "markup.h"
#include "pdf_content.h"
#include "pdf_writer.h"
#include "qr_code.h"
#include "sha256.h"
#include "truetype_font.h"
#include "xmp.h"

namespace cesp::templates {

struct Renderer::Resources {
  std::shared_ptr<const TrueTypeFont> regular;
  std::shared_ptr<const TrueTypeFont> bold;
  std::string icc_profile_deflated;
};

namespace {

constexpr double kQrSize = 58;
constexpr double kQrTop = 10;  // from the top edge of page 1

// Records every name the template asks for that the view lacks or holds
// empty, so that no blank is ever printed.
class CheckingContext : public kainjow::mustache::context<std::string> {
 public:
  CheckingContext(const kainjow::mustache::data* d, const std::set<std::string>& may_be_empty)
      : context(d), may_be_empty_(may_be_empty) {}
  const kainjow::mustache::data* get(const std::string& name) const override {
    const kainjow::mustache::data* d = context::get(name);
    if (!d || (d->is_string() && d->string_value().empty() && !may_be_empty_.contains(name))) {
      unresolved.insert(name);
    }
    return d;
  }
  mutable std::set<std::string> unresolved;

 private:
  const std::set<std::string>& may_be_empty_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::io_error, "cannot read " + path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct Stamp {
  std::string pdf;  // D:20261122103000+00'00'
  std::string xmp;  // 2026-11-22T10:30:00+00:00
};

Stamp stamp_of(std::time_t t) {
  if (t == 0) t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char pdf[96], xmp[96];
  std::snprintf(pdf, sizeof pdf, "D:%04d%02d%02d%02d%02d%02d+00'00'", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  std::snprintf(xmp, sizeof xmp, "%04d-%02d-%02dT%02d:%02d:%02d+00:00", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return {pdf, xmp};
}

std::string fill_text(const Template& tmpl, const DocumentView& view) {
  kainjow::mustache::mustache engine(tmpl.body());
  engine.set_custom_escape([](const std::string& s) { return escape_markup(s); });
  CheckingContext ctx(&view.data, view.may_be_empty);
  std::string text = engine.render(ctx);
  if (!engine.is_valid())
    throw Error(ErrorCode::invalid_argument, "template " + tmpl.info().id + ": " + engine.error_message());
  if (!ctx.unresolved.empty()) {
    std::string names;
    for (const auto& n : ctx.unresolved) names += (names.empty() ? "" : ", ") + n;
    throw Error(ErrorCode::invalid_argument,
                "Le modèle utilise des champs absents des données : " + names + ".",
                "The template uses fields the data does not provide: " + names + ".", tmpl.info().origin);
  }
  return text;
}

}  // namespace

Renderer::Renderer(const RendererOptions& options) {
  auto r = std::make_shared<Resources>();
  r->regular = TrueTypeFont::load(options.regular_font);
  r->bold = TrueTypeFont::load(options.bold_font);
  const std::string icc = read_file(options.icc_profile);
  if (icc.size() < 128 || icc.compare(36, 4, "acsp") != 0) {
    throw Error(ErrorCode::invalid_argument, "not an ICC profile: " + options.icc_profile);
  }
  r->icc_profile_deflated = deflate_bytes(icc, 9);
  resources_ = std::move(r);
}

std::string Renderer::fill(const Template& tmpl, std::string_view data_json) const {
  return fill_text(tmpl, build_view(data_json, tmpl.info()));
}

RenderedDocument Renderer::render(const Template& tmpl, std::string_view data_json,
                                  std::time_t created) const {
  const TemplateInfo& info = tmpl.info();
  const DocumentView view = build_view(data_json, info);
  const std::string text = fill_text(tmpl, view);

  std::set<char32_t> unprintable;
  for (char32_t c : utf8_to_u32(text)) {
    if (c == U'\n' || c == U'\r') continue;
    if (!resources_->regular->has_glyph(c) || !resources_->bold->has_glyph(c)) unprintable.insert(c);
  }
  if (!unprintable.empty()) {
    std::string list;
    for (char32_t c : unprintable) {
      char buffer[16];
      std::snprintf(buffer, sizeof buffer, "U+%04X", unsigned(c));
      list += (list.empty() ? "" : ", ") + std::string(buffer);
    }
    throw Error(ErrorCode::invalid_argument, "Caractères impossibles à imprimer : " + list + ".",
                "Characters the fonts cannot print: " + list + ".", list);
  }

  RenderedDocument out;
  out.reference = view.reference;
  out.title = info.title;
  out.template_id = info.id;
  out.template_version = info.version;
  out.template_sha256 = info.sha256;
  out.content_sha256 = sha256_hex(text);

  const Fonts fonts{resources_->regular.get(), resources_->bold.get()};
  LayoutOptions layout_options;
  layout_options.footer_left = "Réf. " + out.reference;
  layout_options.first_page_reserved = 24;
  const Layout layout = layout_document(parse_markup(text), fonts, layout_options);
  const DocumentFonts document_fonts(fonts, layout);

  PdfDocumentSpec spec;
  spec.fonts = document_fonts.font_specs();
  const std::string qr =
      qr_code_operators("CESP;ref=" + out.reference + ";sha256=" + out.content_sha256,
                        kPageWidth - kMarginX - kQrSize, kPageHeight - kQrTop - kQrSize, kQrSize);
  for (std::size_t p = 0; p < layout.pages.size(); ++p) {
    spec.pages.push_back(
        {page_content(layout.pages[p], document_fonts, p == 0 ? qr : std::string()), layout.pages[p].fields});
    for (const PlacedField& f : layout.pages[p].fields) out.signature_fields.push_back(f.name);
  }
  out.page_count = int(layout.pages.size());

  const Stamp stamp = stamp_of(created);
  spec.title = info.title;
  spec.subject = info.title + " — " + out.reference;
  spec.keywords = "CESP; " + out.reference + "; template " + info.id + " v" + std::to_string(info.version) +
                  "; template-sha256 " + info.sha256;
  spec.creator = "cesp " + std::string(kVersion) + " templates";
  spec.producer = "cesp " + std::string(kVersion) + " (PoDoFo 0.9.8)";
  spec.pdf_date = stamp.pdf;
  spec.icc_profile_deflated = resources_->icc_profile_deflated;
  XmpFields x;
  x.title = spec.title;
  x.description = spec.subject;
  x.keywords = spec.keywords;
  x.creator_tool = spec.creator;
  x.producer = spec.producer;
  x.date = stamp.xmp;
  x.reference = out.reference;
  x.template_id = info.id;
  x.template_version = std::to_string(info.version);
  x.template_sha256 = info.sha256;
  x.content_sha256 = out.content_sha256;
  spec.xmp = xmp_packet(x);
  out.pdf = write_pdf(spec);
  return out;
}

}  // namespace cesp::templates
