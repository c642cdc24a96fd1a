#include "cesp/signing/dev_endpoints.h"

#include "openssl_util.h"

namespace cesp::signing {

DevEndpoints::DevEndpoints(DevPki pki, std::shared_ptr<TsaResponder> tsa)
    : pki_(std::move(pki)), tsa_(std::move(tsa)), ocsp_(std::make_unique<OcspResponder>(pki_)) {
  if (!tsa_) tsa_ = std::make_shared<TsaResponder>(pki_.tsa.key_pem, pki_.tsa.cert_pem, pki_.chain_pem);
}

DevEndpoints::~DevEndpoints() = default;

std::optional<EndpointReply> DevEndpoints::answer(const std::string& method, const std::string& path,
                                                  const std::vector<unsigned char>& body) {
  if (method == "POST" && (path == "/tsa" || path == "/")) {
    return EndpointReply{"application/timestamp-reply", tsa_->respond(body)};
  }
  if (method == "POST" && path == "/ocsp")
    return EndpointReply{"application/ocsp-response", ocsp_->respond(body)};
  if (method != "GET") return std::nullopt;
  if (path == "/crl/root.crl") return EndpointReply{"application/pkix-crl", detail::read_file(pki_.root_crl)};
  if (path == "/crl/intermediate.crl") {
    return EndpointReply{"application/pkix-crl", detail::read_file(pki_.intermediate_crl)};
  }
  if (path == "/ca/root.der")
    return EndpointReply{"application/pkix-cert", detail::read_file(pki_.dir / "root-ca.der")};
  if (path == "/ca/intermediate.der") {
    return EndpointReply{"application/pkix-cert", detail::read_file(pki_.dir / "intermediate-ca.der")};
  }
  return std::nullopt;
}

}  // namespace cesp::signing
