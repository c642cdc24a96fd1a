// The signing infrastructure the workflow uses: the timestamp authority,
// personal signing identities (SignerDirectory) and the trust/verification
// policy. Built once at start-up from the data dir (embedded default: the dev
// PKI in <data_dir>/pki, keys in <data_dir>/signers, the in-process TSA) or
// from ServerOptions (external TSA URL). Thread-safe (each member is).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cesp/server/http_server.h"
#include "cesp/signing/signer_directory.h"
#include "cesp/signing/timestamp.h"
#include "cesp/signing/verify.h"

namespace cesp::signing {
class DevEndpoints;
struct DevPki;
}

namespace cesp::server {

struct SigningServices {
  std::shared_ptr<signing::TimestampAuthority> tsa;  // built-in (in process) or external URL
  std::vector<std::string> trust_anchor_pem_files;   // platform root (+ TSA root)
  std::shared_ptr<signing::SignerDirectory> signers;
  std::vector<std::string> chain_pem_files;       // extra certs for B-LT/B-LTA
  signing::VerifyOptions verify_options() const;  // trust anchors, revocation policy

  // Embedded default only: the dev PKI's OCSP responder, CRLs and CA
  // certificates, served by the server itself under /pki/... (pki_routes.cpp);
  // null when the platform uses an external PKI.
  std::shared_ptr<signing::DevEndpoints> dev_endpoints;
  // The base URL written into personal certificates (AIA OCSP / caIssuers,
  // CRL distribution points): <public_url>/pki. Empty when none.
  std::string pki_base_url;
};

// Built from the data dir (dev PKI in <data_dir>/pki, keys in <data_dir>/signers) or config.
// options.public_url must be the server's externally reachable base URL
// (HttpServer resolves it before calling); the dev PKI and personal
// certificates point their revocation URLs to <public_url>/pki.
// options.tsa_url empty: the in-process TSA on the dev PKI's TSA identity.
// Throws Error(io_error) / Error(signing_key_invalid) when the PKI cannot be
// created or read, Error(invalid_argument) for a bad TSA URL.
std::shared_ptr<SigningServices> open_signing_services(const ServerOptions& options);

// The personal-signer directory of a data dir as the server opens it: <data_dir>/signers,
// issued by the intermediate of the dev PKI in <data_dir>/pki, AIA/CRL URLs under
// pki_base_url (<public_url>/pki).
signing::SignerDirectoryOptions signer_directory_options(const signing::DevPki& pki,
                                                         const std::filesystem::path& data_dir,
                                                         const std::string& pki_base_url);

// The same directory for offline tools (`cesp signers`): opens (or creates) the data dir's
// dev PKI; public_url empty: the URLs recorded in the PKI by the server, else
// <public_url>/pki (the PKI follows it, as the server does). Same errors as above.
std::shared_ptr<signing::SignerDirectory> open_signer_directory(const std::filesystem::path& data_dir,
                                                                const std::string& public_url);

// The base URL the server is reached at: options.public_url (without a
// trailing slash) or http://<host>:<port> (bound_port when not 0, a wildcard
// host read as 127.0.0.1); "" when the port is still unknown (port 0).
std::string public_url_of(const ServerOptions& options, int bound_port);

// Called by HttpServer::start() once the port is bound: when the public URL
// was not known at construction (port 0, no public_url), rebuilds `services`
// for it (dev PKI certificates re-issued with the URLs, same keys). Must run
// before the first request is served.
void reopen_signing_services(SigningServices& services, const ServerOptions& options, int bound_port);

}  // namespace cesp::server
