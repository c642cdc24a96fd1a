// `cesp render`: fill a document template with data and write the PDF, or
// list the templates available.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <ostream>

#include "cesp/core/error.h"
#include "cesp/templates/renderer.h"
#include "cesp/templates/template.h"

#include "cli/commands.h"

namespace cesp::server {
namespace {

std::string template_directory(const Args& args) {
  if (args.has("templates-dir")) return args.value("templates-dir");
  if (const char* env = std::getenv("CESP_TEMPLATES_DIR"); env && *env) return env;
  return templates::default_template_directory();
}

std::string read_data(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::io_error, "cannot read " + path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

int list(const Args& args, CommandContext& ctx) {
  const auto all = templates::load_template_directory(template_directory(args));
  if (args.has("json")) {
    Poco::JSON::Array array;
    for (const auto& t : all) {
      Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
      o.set("id", t.info().id);
      o.set("version", t.info().version);
      o.set("kind", std::string(templates::to_string(t.info().kind)));
      o.set("title", t.info().title);
      o.set("sha256", t.info().sha256);
      array.add(o);
    }
    array.stringify(ctx.out);
    ctx.out << "\n";
    return 0;
  }
  for (const auto& t : all) {
    ctx.out << t.info().id << "  v" << t.info().version << "  " << t.info().sha256 << "  " << t.info().title
            << "\n";
  }
  return 0;
}

int render(const Args& args, CommandContext& ctx) {
  for (const char* required : {"template", "data", "out"}) {
    if (!args.has(required))
      throw Error(ErrorCode::usage, std::string("--") + required + " is required (or --list)");
  }
  const templates::Template tmpl =
      templates::resolve_template(args.value("template"), template_directory(args));
  const templates::Renderer renderer;
  const templates::RenderedDocument doc = renderer.render(tmpl, read_data(args.value("data")));
  const std::string out_path = args.value("out");
  {
    std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
    out.write(doc.pdf.data(), std::streamsize(doc.pdf.size()));
    if (!out.flush()) throw Error(ErrorCode::io_error, "cannot write " + out_path);
  }
  if (args.has("json")) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("out", out_path);
    o.set("pages", doc.page_count);
    o.set("reference", doc.reference);
    o.set("template", doc.template_id);
    o.set("template_version", doc.template_version);
    o.set("template_sha256", doc.template_sha256);
    o.set("content_sha256", doc.content_sha256);
    Poco::JSON::Array fields;
    for (const auto& f : doc.signature_fields) fields.add(f);
    o.set("signature_fields", fields);
    o.stringify(ctx.out);
    ctx.out << "\n";
    return 0;
  }
  ctx.out << out_path << " : " << doc.page_count << " page(s), référence " << doc.reference << "\n"
          << "  modèle " << doc.template_id << " v" << doc.template_version << " (sha256 "
          << doc.template_sha256 << ")\n  contenu sha256 " << doc.content_sha256
          << "\n  champs de signature :";
  for (const auto& f : doc.signature_fields) ctx.out << " " << f;
  ctx.out << "\n";
  return 0;
}

}  // namespace

CommandSpec render_command() {
  CommandSpec spec;
  spec.name = "render";
  spec.summary = "render a contract, avenant or installation validation to PDF from a template";
  spec.description =
      "cesp render --template ID|FILE --data DATA.json --out OUT.pdf\n"
      "cesp render --list [--json]\n"
      "Templates are looked up in --templates-dir, else $CESP_TEMPLATES_DIR, else samples/templates.\n"
      "ID may be \"id@version\"; an id alone takes the highest version. The data schema is described\n"
      "in templates/README.md; every missing or invalid field is reported at once.";
  spec.options = {
      {"template", "ID|FILE", "template id (or id@version) or template file"},
      {"data", "FILE", "document data (JSON)"},
      {"out", "FILE", "PDF to write"},
      {"list", "", "list the templates: id, version, SHA-256, title"},
      {"json", "", "machine-readable output"},
      {"templates-dir", "DIR", "directory holding the *.tmpl templates"},
  };
  spec.run = [](const Args& args, CommandContext& ctx) {
    return args.has("list") ? list(args, ctx) : render(args, ctx);
  };
  return spec;
}

}  // namespace cesp::server
