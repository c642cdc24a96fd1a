// `cesp bench render`: two-page contracts rendered per second on one core.
#include <Poco/JSON/Object.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <ostream>

#include "cesp/core/error.h"
#include "cesp/templates/render_bench.h"
#include "cesp/templates/renderer.h"
#include "cesp/templates/template.h"

#include "cli/commands.h"

namespace cesp::server {

CommandSpec bench_render_command() {
  CommandSpec spec;
  spec.name = "render";
  spec.summary = "contracts rendered per second on one core (template to PDF bytes)";
  spec.description =
      "Renders the médecine contract (or --template with its sample data, or --data) --documents times\n"
      "on the calling thread, after a short warm-up, and prints documents, per_s and p50_ms.";
  spec.options = {
      {"json", "", "print {\"documents\", \"per_s\", \"p50_ms\"}"},
      {"documents", "N", "documents to render (default 1000)"},
      {"template", "ID|FILE", "template (default contrat-cesp-medecine)"},
      {"data", "FILE", "data set (default samples/data/<template id>.json)"},
      {"templates-dir", "DIR", "directory holding the *.tmpl templates"},
      {"peer", "", "also measure the peer: the same text through PoDoFo's own DrawMultiLineText path"},
  };
  spec.run = [](const Args& args, CommandContext& ctx) {
    std::string dir = templates::default_template_directory();
    if (const char* env = std::getenv("CESP_TEMPLATES_DIR"); env && *env) dir = env;
    dir = args.value_or("templates-dir", dir);
    const templates::Template tmpl =
        templates::resolve_template(args.value_or("template", "contrat-cesp-medecine"), dir);
    const std::string data_path =
        args.value_or("data", templates::default_sample_data_directory() + "/" + tmpl.info().id + ".json");
    std::ifstream in(data_path, std::ios::binary);
    if (!in) throw Error(ErrorCode::io_error, "cannot read " + data_path);
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    int documents = 1000;
    try {
      documents = std::stoi(args.value_or("documents", "1000"));
    } catch (const std::exception&) {
      throw Error(ErrorCode::usage, "--documents expects a number");
    }
    if (documents < 1 || documents > 1000000) throw Error(ErrorCode::usage, "--documents: 1..1000000");
    const templates::Renderer renderer;
    const templates::RenderBenchResult r = templates::run_render_bench(renderer, tmpl, data, documents);
    std::optional<templates::RenderBenchResult> peer;
    if (args.has("peer")) {
      peer = templates::run_podofo_peer_bench(renderer, tmpl, data, documents,
                                              templates::RendererOptions().regular_font);
    }
    if (args.has("json")) {
      Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
      o.set("documents", r.documents);
      o.set("per_s", std::round(r.per_s * 10) / 10);
      o.set("p50_ms", std::round(r.p50_ms * 1000) / 1000);
      if (peer) {
        o.set("peer", "podofo-drawmultilinetext");
        o.set("peer_per_s", std::round(peer->per_s * 10) / 10);
        o.set("peer_p50_ms", std::round(peer->p50_ms * 1000) / 1000);
      }
      o.stringify(ctx.out);
      ctx.out << "\n";
      return 0;
    }
    ctx.out << r.documents << " documents (" << tmpl.info().id << ", " << r.pages << " pages, " << r.pdf_bytes
            << " bytes): " << r.per_s << " /s on one core (CPU time), " << r.wall_per_s << " /s elapsed, p50 "
            << r.p50_ms << " ms, p99 " << r.p99_ms << " ms\n";
    if (peer) {
      ctx.out << "peer, PoDoFo DrawMultiLineText (" << peer->pdf_bytes << " bytes): " << peer->per_s
              << " /s on one core (CPU time), " << peer->wall_per_s << " /s elapsed, p50 " << peer->p50_ms
              << " ms, p99 " << peer->p99_ms << " ms\n";
    }
    return 0;
  };
  return spec;
}

}  // namespace cesp::server
