// `cesp signers`: personal signing identities of a data dir (cesp/signing/signer_directory.h),
// for agents whose key lives in a PKCS#11 token: issue its certificate from a CSR,
// register the token, show what is held.
#include <fstream>
#include <ostream>
#include <sstream>

#include "cesp/core/error.h"
#include "cesp/signing/signer_directory.h"

#include "cli/commands.h"
#include "workflow/signing_services.h"

namespace cesp::server {
namespace {

const OptionSpec kDataDir{"data-dir", "DIR", "the server's data directory (required)"};
const OptionSpec kPerson{"person", "ACCOUNT_ID", "the account id of the signer (required)"};
const OptionSpec kPublicUrl{
    "public-url", "URL", "the server's public URL (as `cesp serve`); default: the one recorded in DIR/pki"};

std::string read_small_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::io_error, path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

CommandSpec issue_command() {
  CommandSpec spec;
  spec.name = "issue";
  spec.summary = "issue a signing certificate from a CSR (key kept in a token) with the platform CA";
  spec.description =
      "Same profile as the personal certificates the platform issues (digitalSignature,\n"
      "nonRepudiation, OCSP/CRL URLs). The CSR's self-signature is verified; its subject is\n"
      "ignored: the certificate names --name / --role / --email. Nothing is registered: run\n"
      "`cesp signers register-token` with the result.";
  spec.options = {kDataDir,
                  {"csr", "REQ.pem", "the PKCS#10 request, PEM (required)"},
                  kPerson,
                  {"name", "NAME", "the signer's full name, certificate CN (required)"},
                  {"role", "ROLE", "the signer's role, OU and title (default: gestionnaire)"},
                  {"email", "ADDRESS", "e-mail address (subjectAltName)"},
                  {"out", "CERT.pem", "where to write the certificate (required)"},
                  kPublicUrl};
  spec.run = [](const Args& args, CommandContext& ctx) {
    auto directory = open_signer_directory(args.value("data-dir"), args.value_or("public-url", ""));
    const signing::SignerSubject who{args.value("person"), args.value("name"),
                                     args.value_or("role", "gestionnaire"), args.value_or("email", "")};
    const std::string csr = read_small_text(args.value("csr"));
    const std::string pem = directory->issue_certificate_for_csr(who, csr);
    std::ofstream out(args.value("out"), std::ios::binary | std::ios::trunc);
    if (!(out << pem) || !out.flush()) throw Error(ErrorCode::io_error, args.value("out"));
    ctx.out << "certificat émis pour " << who.person_id << " (" << who.common_name
            << "): " << args.value("out") << "\n";
    return 0;
  };
  return spec;
}

CommandSpec register_token_command() {
  CommandSpec spec;
  spec.name = "register-token";
  spec.summary = "sign as ACCOUNT_ID with the key in a PKCS#11 token (PIN = the signing password)";
  spec.description =
      "The certificate must be issued by the data dir's platform CA (see `cesp signers issue`).\n"
      "Any key the platform held for the person is deleted. The token module is\n"
      "$CESP_PKCS11_MODULE (default: SoftHSM2).";
  spec.options = {kDataDir,
                  kPerson,
                  {"uri", "URI", "'pkcs11:token=...;object=...' of the private key (required)"},
                  {"cert", "CERT.pem", "the certificate of that key (required)"},
                  kPublicUrl};
  spec.run = [](const Args& args, CommandContext& ctx) {
    auto directory = open_signer_directory(args.value("data-dir"), args.value_or("public-url", ""));
    directory->register_token(args.value("person"), args.value("uri"), args.value("cert"));
    ctx.out << "jeton enregistré pour " << args.value("person") << "\n";
    return 0;
  };
  return spec;
}

CommandSpec show_command() {
  CommandSpec spec;
  spec.name = "show";
  spec.summary = "print a signer's certificate (subject, serial, validity) and where the key is";
  spec.options = {kDataDir, kPerson, kPublicUrl};
  spec.run = [](const Args& args, CommandContext& ctx) {
    auto directory = open_signer_directory(args.value("data-dir"), args.value_or("public-url", ""));
    const auto entry = directory->describe(args.value("person"));
    if (!entry) {
      throw Error(ErrorCode::not_found, "aucun certificat pour ce signataire",
                  "no certificate for this signer", args.value("person"));
    }
    ctx.out << "sujet        " << entry->subject << "\n"
            << "émetteur     " << entry->issuer << "\n"
            << "numéro       " << entry->serial_hex << "\n"
            << "valide du    " << entry->not_before << "\n"
            << "valide au    " << entry->not_after << "\n"
            << "clé          "
            << (entry->in_token ? "jeton PKCS#11 " + entry->token_uri
                                : std::string("détenue par la plateforme (chiffrée)"))
            << "\n";
    return 0;
  };
  return spec;
}

}  // namespace

CommandSpec signers_command() {
  CommandSpec spec;
  spec.name = "signers";
  spec.summary = "personal signing certificates of a data dir (PKCS#11 tokens for agents)";
  spec.subcommands = {issue_command(), register_token_command(), show_command()};
  return spec;
}

}  // namespace cesp::server
