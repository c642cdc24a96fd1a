// A development/test PKI: root CA, intermediate CA, TSA, OCSP responder and
// signer certificates, CRLs, and a small OCSP responder. Every subject says
// "CESP DEV - NE PAS UTILISER EN PRODUCTION": nothing here is for production.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cesp::signing {

struct DevPkiOptions {
  // When set (e.g. "http://127.0.0.1:8081"), issued certificates carry
  // authorityInfoAccess OCSP = base_url + "/ocsp", caIssuers = base_url +
  // "/ca/<issuer>.der" and cRLDistributionPoints = base_url +
  // "/crl/<issuer>.crl". Only used when the PKI is first created.
  std::string base_url;
  // When set, private keys are taken from (or saved to) this directory by
  // name, so that repeated creations (one per test process) skip RSA key
  // generation. Certificates, CRLs and URLs are still issued fresh.
  std::filesystem::path key_cache_dir;
  // When the PKI already exists with another base_url: re-issue every
  // certificate below the root with the new URLs, keeping all keys (the
  // server does this when its public URL changes). Off: the recorded URL wins.
  bool follow_base_url = false;
};

// One end-entity identity: key, certificate, and a PKCS#12 bundle of both
// plus the chain (password in p12_password).
struct DevIdentity {
  std::filesystem::path key_pem;
  std::filesystem::path cert_pem;
  std::filesystem::path p12;
  std::string p12_password;
};

struct DevPki {
  std::filesystem::path dir;
  std::string base_url;  // as recorded at creation ("" when none)
  std::filesystem::path root_cert, root_key;
  std::filesystem::path intermediate_cert, intermediate_key;
  std::filesystem::path chain_pem;  // intermediate then root: pass as --chain
  DevIdentity tsa;                  // critical EKU timeStamping
  DevIdentity ocsp;                 // EKU OCSPSigning, id-pkix-ocsp-nocheck
  DevIdentity candidate_rsa, candidate_ec, agent_rsa, agent_ec;
  DevIdentity revoked;                               // RSA, listed in the intermediate's CRL
  DevIdentity expired;                               // RSA, notAfter one year in the past
  std::filesystem::path root_crl, intermediate_crl;  // DER CRLs
  std::filesystem::path root_crl_pem, intermediate_crl_pem;
  std::filesystem::path index_txt;  // `openssl ocsp -index` format, for the curious
};

// Creates the PKI under dir, or reuses the keys and certificates already
// there (idempotent); CRLs are re-issued on each call so they stay fresh
// (valid 30 days). Keys are written 0600. Throws Error(io_error) when dir
// cannot be written.
DevPki create_dev_pki(const std::filesystem::path& dir, const DevPkiOptions& options = {});

// An RFC 6960 responder for the dev PKI: answers for certificates issued by
// the intermediate (signed by the delegated OCSP certificate) and by the root
// (signed by the root), "revoked" for serials in the CRLs, "good" otherwise,
// with the request nonce echoed. HTTP wrappers: tests/signing fixtures and
// `cesp tsa` (POST /ocsp).
class OcspResponder {
 public:
  explicit OcspResponder(const DevPki& pki);
  ~OcspResponder();
  OcspResponder(const OcspResponder&) = delete;
  OcspResponder& operator=(const OcspResponder&) = delete;

  // DER OCSPRequest in, DER OCSPResponse out; a malformed request gets a
  // malformedRequest response, never an exception. Thread-safe.
  std::vector<unsigned char> respond(const std::vector<unsigned char>& der_request);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace cesp::signing
