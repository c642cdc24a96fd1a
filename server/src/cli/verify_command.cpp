// `cesp verify`: verification report of a signed PDF (see cesp/signing/verify.h).
#include <fstream>
#include <ostream>

#include "cesp/core/error.h"
#include "cesp/server/error_mapping.h"
#include "cesp/signing/verify.h"

#include "cli/commands.h"

namespace cesp::server {

CommandSpec verify_command() {
  CommandSpec spec;
  spec.name = "verify";
  spec.summary = "verify the signatures of a PDF (EN 319 102-1 indications); exit 0 only if all pass";
  spec.description =
      "For each signature: signer, claimed and timestamp times, detected level, digest and signature,\n"
      "ByteRange coverage and what changed after it, chain to a --trust anchor, revocation (from the\n"
      "file's DSS, else online unless --offline), and TOTAL_PASSED / INDETERMINATE / TOTAL_FAILED.\n"
      "Exit codes: 0 all passed, 1 a check did not pass.";
  spec.positionals = {{"FILE.pdf", "the signed PDF"}};
  spec.options = {
      {"trust", "CA.pem", "trusted root certificate(s)", true},
      {"json", "", "print the report as JSON"},
      {"html", "OUT.html", "also write the report as an HTML page"},
      {"offline", "", "never fetch revocation data over the network"},
  };
  spec.run = [](const Args& args, CommandContext& ctx) {
    const auto& path = args.positionals()[0];
    std::ifstream in(path, std::ios::binary);
    if (!in)
      throw Error(ErrorCode::not_found, "fichier introuvable: " + path, "file not found: " + path, path);
    std::vector<unsigned char> pdf((std::istreambuf_iterator<char>(in)), {});
    signing::VerifyOptions options;
    options.trust_anchor_pem_files = args.values("trust");
    options.fetch_revocation = !args.has("offline");
    signing::VerificationReport report = signing::verify_pdf(pdf, options);
    if (args.has("json")) {
      ctx.out << report.to_json() << "\n";
    } else {
      ctx.out << report.to_text();
    }
    if (args.has("html")) {
      std::ofstream html(args.value("html"), std::ios::trunc);
      html << report.to_html();
      if (!html.flush()) throw Error(ErrorCode::io_error, args.value("html"));
    }
    return report.passed() ? kExitOk : kExitCheckFailed;
  };
  return spec;
}

}  // namespace cesp::server
