// `cesp sign`: PAdES signature of one PDF (see cesp/signing/pades.h).
#include <cstdlib>
#include <fstream>
#include <ostream>

#include "cesp/core/error.h"
#include "cesp/signing/pades.h"

#include "cli/commands.h"

namespace cesp::server {
namespace {

std::vector<unsigned char> read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::not_found, "fichier introuvable: " + path, "file not found: " + path, path);
  std::vector<unsigned char> data((std::istreambuf_iterator<char>(in)), {});
  if (data.size() > (256u << 20)) throw Error(ErrorCode::too_large, path);
  return data;
}

void write_all(const std::string& path, const std::vector<unsigned char>& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  if (!out.flush()) throw Error(ErrorCode::io_error, path);
}

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

CommandSpec sign_command() {
  CommandSpec spec;
  spec.name = "sign";
  spec.summary = "sign a PDF in PAdES (B-B, B-T, B-LT, B-LTA), or extend a signed one";
  spec.description =
      "Each signature is appended as an incremental revision. The key is a PEM file, a PKCS#12 file\n"
      "(password in $CESP_KEY_PASSWORD) or a PKCS#11 URI (module $CESP_PKCS11_MODULE, default SoftHSM2;\n"
      "PIN in the URI's pin-value or $CESP_PKCS11_PIN). B-T and above need --tsa URL.\n"
      "With --extend, IN.pdf is already signed (B-T) and only DSS / document timestamp revisions are\n"
      "added for --level B-LT or B-LTA (no --key needed).";
  spec.positionals = {{"IN.pdf", "the PDF to sign"}, {"OUT.pdf", "where to write the signed PDF"}};
  spec.options = {
      {"key", "KEY", "private key: KEY.pem, KEY.p12 or pkcs11:URI"},
      {"cert", "CERT.pem", "signer certificate (optional with a .p12 that holds it)"},
      {"chain", "CHAIN.pem", "intermediate (and root) certificates to embed"},
      {"level", "LEVEL", "B-B (default), B-T, B-LT or B-LTA"},
      {"tsa", "URL", "RFC 3161 timestamp authority (e.g. http://127.0.0.1:3161/tsa from `cesp tsa`)"},
      {"field", "NAME", "signature field to fill (existing empty field) or to create"},
      {"reason", "TEXT", "reason, e.g. \"Lu et approuvé\""},
      {"location", "TEXT", "place of signing"},
      {"certify", "", "certification signature (DocMDP P=2); first signature only"},
      {"visible", "PAGE:X,Y,W,H", "visible appearance box in points (page from 1)"},
      {"extend", "", "extend an already signed IN.pdf to --level B-LT or B-LTA"},
  };
  spec.run = [](const Args& args, CommandContext& ctx) {
    const auto& in = args.positionals()[0];
    const auto& out = args.positionals()[1];
    signing::PadesLevel level = signing::parse_level(args.value_or("level", "B-B"));
    std::unique_ptr<signing::TimestampAuthority> tsa;
    if (args.has("tsa")) tsa = signing::make_http_timestamp_authority(args.value("tsa"));
    std::vector<std::string> extra;
    if (args.has("chain")) extra.push_back(args.value("chain"));

    if (args.has("extend")) {
      write_all(out, signing::extend_pdf(read_all(in), level, tsa.get(), extra));
      ctx.out << "étendu: " << out << " (" << signing::level_name(level) << ")\n";
      return 0;
    }
    signing::SignerKey key =
        signing::SignerKey::load(args.value("key"), args.value_or("cert", ""), args.value_or("chain", ""),
                                 env_or_empty("CESP_KEY_PASSWORD"));
    signing::SignOptions options;
    options.level = level;
    options.tsa = tsa.get();
    options.field_name = args.value_or("field", "");
    options.reason = args.value_or("reason", "");
    options.location = args.value_or("location", "");
    options.certify = args.has("certify");
    if (args.has("visible")) options.visible = signing::parse_visible_box(args.value("visible"));
    signing::SignResult result = signing::sign_pdf(read_all(in), key, options);
    write_all(out, result.pdf);
    ctx.out << "signé: " << out << " (champ " << result.field_name << ", " << signing::level_name(level)
            << ", signataire " << key.common_name() << ", /M " << result.signing_time;
    if (!result.timestamp_time.empty()) ctx.out << ", horodatage " << result.timestamp_time;
    ctx.out << ")\n";
    if (result.normalized) {
      ctx.out
          << "note: le PDF utilisait des flux de références/objets; il a été réécrit (table xref classique) "
             "avant la première signature\n";
    }
    return 0;
  };
  return spec;
}

}  // namespace cesp::server
