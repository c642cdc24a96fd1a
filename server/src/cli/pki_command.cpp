// `cesp pki init`: the development PKI (see cesp/signing/dev_pki.h).
#include <ostream>

#include "cesp/signing/dev_pki.h"

#include "cli/commands.h"

namespace cesp::server {
namespace {

CommandSpec pki_init_command() {
  CommandSpec spec;
  spec.name = "init";
  spec.summary = "create (or reuse) a development PKI: root, intermediate, TSA, OCSP, signers, CRLs";
  spec.description =
      "Everything is marked \"CESP DEV - NE PAS UTILISER EN PRODUCTION\". Running it again reuses the\n"
      "existing keys and certificates and re-issues the CRLs. PKCS#12 password: cesp-dev.";
  spec.options = {
      {"out", "DIR", "directory to create the PKI in (required)"},
      {"base-url", "URL", "URL of the `cesp tsa` serving this PKI, written into AIA/CRL extensions"},
  };
  spec.run = [](const Args& args, CommandContext& ctx) {
    signing::DevPkiOptions options;
    options.base_url = args.value_or("base-url", "");
    signing::DevPki pki = signing::create_dev_pki(args.value("out"), options);
    auto line = [&](const std::string& what, const std::filesystem::path& path) {
      ctx.out << "  " << what << std::string(what.size() < 22 ? 22 - what.size() : 1, ' ') << path.string()
              << "\n";
    };
    ctx.out << "PKI de développement (NE PAS UTILISER EN PRODUCTION) dans " << pki.dir.string() << "\n";
    line("racine", pki.root_cert);
    line("intermédiaire", pki.intermediate_cert);
    line("chaîne (--chain)", pki.chain_pem);
    line("TSA", pki.tsa.cert_pem);
    line("OCSP", pki.ocsp.cert_pem);
    line("candidat RSA", pki.candidate_rsa.cert_pem);
    line("candidat RSA clé", pki.candidate_rsa.key_pem);
    line("candidat EC", pki.candidate_ec.cert_pem);
    line("agent RSA", pki.agent_rsa.cert_pem);
    line("agent EC", pki.agent_ec.cert_pem);
    line("révoqué", pki.revoked.cert_pem);
    line("expiré", pki.expired.cert_pem);
    line("CRL intermédiaire", pki.intermediate_crl_pem);
    ctx.out << "  URL des services     " << (pki.base_url.empty() ? "(aucune)" : pki.base_url) << "\n";
    return 0;
  };
  return spec;
}

}  // namespace

CommandSpec pki_command() {
  CommandSpec spec;
  spec.name = "pki";
  spec.summary = "development PKI (root, intermediate, TSA, signers, CRL)";
  spec.subcommands = {pki_init_command()};
  return spec;
}

}  // namespace cesp::server
