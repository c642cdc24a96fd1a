#include "workflow/signing_services.h"

#include <filesystem>

#include "cesp/core/error.h"
#include "cesp/signing/dev_endpoints.h"
#include "cesp/signing/dev_pki.h"
#include "cesp/signing/tsa_responder.h"

namespace cesp::server {

namespace fs = std::filesystem;

signing::VerifyOptions SigningServices::verify_options() const {
  signing::VerifyOptions options;
  options.trust_anchor_pem_files = trust_anchor_pem_files;
  // Revocation is required: signatures extended to B-LT/B-LTA carry it in
  // their DSS; B-T ones are checked online at the certificates' URLs.
  options.fetch_revocation = true;
  options.require_revocation = true;
  return options;
}

std::string public_url_of(const ServerOptions& options, int bound_port) {
  std::string url = options.public_url;
  if (!url.empty()) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
  }
  const int port = bound_port != 0 ? bound_port : options.port;
  if (port == 0) return {};
  std::string host = options.host;
  // A wildcard address is not a place to connect to; this machine is.
  if (host.empty() || host == "0.0.0.0" || host == "::") host = "127.0.0.1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(port);
}

std::shared_ptr<SigningServices> open_signing_services(const ServerOptions& options) {
  auto services = std::make_shared<SigningServices>();
  const fs::path data_dir = options.data_dir;
  const std::string public_url = public_url_of(options, 0);
  services->pki_base_url = public_url.empty() ? std::string() : public_url + "/pki";

  signing::DevPkiOptions pki_options;
  pki_options.base_url = services->pki_base_url;
  // Follow a moved server (its certificates must point at where it is now);
  // without a URL yet (port 0 before binding), keep whatever is recorded.
  pki_options.follow_base_url = !services->pki_base_url.empty();
  const signing::DevPki pki = signing::create_dev_pki(data_dir / "pki", pki_options);

  auto responder = std::make_shared<signing::TsaResponder>(pki.tsa.key_pem, pki.tsa.cert_pem, pki.chain_pem);
  if (options.tsa_url.empty()) {
    services->tsa = signing::make_local_timestamp_authority(responder);
  } else {
    services->tsa = signing::make_http_timestamp_authority(options.tsa_url);
  }
  services->trust_anchor_pem_files.push_back(pki.root_cert.string());
  for (const auto& anchor : options.tsa_trust_anchors) services->trust_anchor_pem_files.push_back(anchor);
  services->chain_pem_files.push_back(pki.chain_pem.string());
  for (const auto& anchor : options.tsa_trust_anchors) services->chain_pem_files.push_back(anchor);

  services->signers = std::make_shared<signing::SignerDirectory>(
      signer_directory_options(pki, data_dir, services->pki_base_url));
  services->dev_endpoints = std::make_shared<signing::DevEndpoints>(pki, responder);
  return services;
}

signing::SignerDirectoryOptions signer_directory_options(const signing::DevPki& pki, const fs::path& data_dir,
                                                         const std::string& pki_base_url) {
  signing::SignerDirectoryOptions directory;
  directory.dir = data_dir / "signers";
  directory.ca_cert_pem = pki.intermediate_cert;
  directory.ca_key_pem = pki.intermediate_key;
  directory.chain_pem = pki.chain_pem;
  directory.aia_base_url = pki_base_url;
  directory.issuer_slug = "intermediate";
  return directory;
}

std::shared_ptr<signing::SignerDirectory> open_signer_directory(const fs::path& data_dir,
                                                                const std::string& public_url) {
  ServerOptions options;
  options.public_url = public_url;
  const std::string url = public_url.empty() ? std::string() : public_url_of(options, 0);
  signing::DevPkiOptions pki_options;
  pki_options.base_url = url.empty() ? std::string() : url + "/pki";
  pki_options.follow_base_url = !url.empty();
  const signing::DevPki pki = signing::create_dev_pki(data_dir / "pki", pki_options);
  return std::make_shared<signing::SignerDirectory>(
      signer_directory_options(pki, data_dir, url.empty() ? pki.base_url : pki_options.base_url));
}

void reopen_signing_services(SigningServices& services, const ServerOptions& options, int bound_port) {
  ServerOptions resolved = options;
  resolved.public_url = public_url_of(options, bound_port);
  if (resolved.public_url.empty() || resolved.public_url + "/pki" == services.pki_base_url) return;
  services = *open_signing_services(resolved);
}

}  // namespace cesp::server
