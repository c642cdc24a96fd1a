#include "serve/tls_context.h"

#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SSLException.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <fstream>
#include <iterator>
#include <mutex>

#include "cesp/core/error.h"

#include "config/server_config.h"

namespace cesp::server {
namespace {

[[noreturn]] void refuse(const std::string& key, const std::string& path, const std::string& fr,
                         const std::string& en, const std::string& detail = {}) {
  throw config_error("TLS : " + key + " (" + path + ") : " + fr, "TLS: " + key + " (" + path + "): " + en,
                     detail);
}

void require_readable(const std::string& key, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) refuse(key, path, "fichier illisible", "cannot read the file");
}

bool file_contains(const std::string& path, const std::string& needle) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.find(needle) != std::string::npos;
}

// OpenSSL's own reason for the last failure, for the error's context.
std::string openssl_reason() {
  const unsigned long code = ERR_peek_last_error();
  if (code == 0) return {};
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  return text;
}

}  // namespace

Poco::Net::Context::Ptr make_server_tls_context(const ServerOptions& o) {
  static std::once_flag initialized;
  std::call_once(initialized, [] { Poco::Net::initializeSSL(); });
  require_readable("tls.certificate_file", o.tls_certificate_file);
  require_readable("tls.private_key_file", o.tls_private_key_file);
  if (!o.tls_client_ca_file.empty()) require_readable("tls.client_ca_file", o.tls_client_ca_file);
  // An encrypted key would make OpenSSL ask Poco's SSLManager for a
  // passphrase, which prompts on the console: refuse it up front.
  if (file_contains(o.tls_private_key_file, "ENCRYPTED")) {
    refuse("tls.private_key_file", o.tls_private_key_file,
           "clé chiffrée (une clé PEM non chiffrée est attendue)",
           "encrypted key (an unencrypted PEM key is expected)");
  }

  Poco::Net::Context::Params params;
  params.certificateFile = o.tls_certificate_file;
  params.privateKeyFile = o.tls_private_key_file;
  params.caLocation = o.tls_client_ca_file;
  params.loadDefaultCAs = false;
  params.verificationMode =
      o.tls_client_ca_file.empty() ? Poco::Net::Context::VERIFY_NONE : Poco::Net::Context::VERIFY_STRICT;
  // TLS 1.2 suites with ephemeral key exchange and AEAD only (TLS 1.3 suites
  // are configured separately by OpenSSL and are all fine).
  params.cipherList = "ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:!aNULL:!eNULL";
  params.dhUse2048Bits = true;

  Poco::Net::Context::Ptr context;
  try {
    context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
  } catch (const Poco::Exception& e) {
    // Poco's message says which file it could not load.
    const std::string what = e.displayText();
    if (what.find("loading private key") != std::string::npos) {
      refuse("tls.private_key_file", o.tls_private_key_file, "clé privée PEM illisible, invalide ou chiffrée",
             "unreadable, invalid or encrypted PEM private key", what);
    }
    if (what.find("loading certificate") != std::string::npos) {
      refuse("tls.certificate_file", o.tls_certificate_file, "certificat PEM illisible ou invalide",
             "unreadable or invalid PEM certificate", what);
    }
    refuse("tls.client_ca_file", o.tls_client_ca_file.empty() ? "-" : o.tls_client_ca_file,
           "configuration TLS refusée", "TLS configuration refused", what);
  }
  if (SSL_CTX_check_private_key(context->sslContext()) != 1) {
    refuse("tls.private_key_file", o.tls_private_key_file, "la clé ne correspond pas au certificat",
           "the key does not match the certificate", openssl_reason());
  }
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  // Poco's "extended" check matches the peer's certificate against its host
  // name: meaningful for a client checking a server, not for client
  // certificates (OpenSSL has already verified their chain to the CA).
  context->enableExtendedCertificateVerification(false);
  context->enableSessionCache(true, "cesp");
  return context;
}

}  // namespace cesp::server
