// Revocation data: URLs from certificates, fetching OCSP responses and CRLs
// over HTTP (libcurl), and the certificates carried inside CMS/timestamps.
#pragma once

#include <string>
#include <vector>

#include "openssl_util.h"

namespace cesp::signing::detail {

std::vector<std::string> ocsp_urls(X509* cert);
std::vector<std::string> crl_urls(X509* cert);

// POSTs an OCSP request (with nonce) for cert to its AIA responder; returns
// the DER OCSPResponse after checking status successful, nonce and that it
// speaks about cert. Throws Error(unavailable).
Bytes fetch_ocsp(X509* cert, X509* issuer);
// GETs the first CRL distribution point that answers a parsable CRL.
Bytes fetch_crl(X509* cert);

// Certificates of a CMS SignedData (DER), and of the timestamp tokens in its
// SignerInfos' unsigned attributes.
std::vector<X509Ptr> certificates_in_cms(const Bytes& cms_der, bool include_timestamp_tokens);
// The signature timestamp tokens (DER) in the first SignerInfo's unsigned attributes.
std::vector<Bytes> timestamp_tokens_in_cms(const Bytes& cms_der);

struct ValidationMaterial {
  std::vector<Bytes> certs, ocsps, crls;
};
// For each non-self-signed certificate of `certs`, finds its issuer in
// `pool` and fetches OCSP (preferred) or a CRL. Throws Error(unavailable)
// when a certificate has neither or nothing answers.
ValidationMaterial gather_validation_material(const std::vector<X509*>& certs,
                                              const std::vector<X509*>& pool);

}  // namespace cesp::signing::detail
