// Chain building and revocation checks used by the verifier.
#pragma once

#include <string>
#include <vector>

#include "openssl_util.h"
#include "pdf_revisions.h"

namespace cesp::signing::detail {

struct ChainResult {
  bool trusted = false;
  std::string validity = "valid";  // "valid", "expired", "not-yet-valid"
  std::string error;               // OpenSSL's reason when not trusted
  std::vector<X509*> chain;        // leaf first, owned by the caller's pool
  bool validated_at_past_time = false;
};

class CertificatePool {
 public:
  explicit CertificatePool(const std::vector<std::string>& anchor_files);
  // Adds untrusted certificates (from CMS, tokens, DSS); keeps ownership.
  void add(std::vector<X509Ptr> certs);
  void add_der(const std::vector<Bytes>& certs);
  // Verifies cert's chain at `at` (epoch seconds; 0 = now).
  ChainResult verify(X509* cert, long long at) const;
  X509_STORE* store() const { return store_.get(); }
  STACK_OF(X509) * untrusted() const { return untrusted_.get(); }
  bool has_anchors() const { return anchors_ > 0; }

 private:
  X509StorePtr store_;
  X509StackPtr untrusted_;
  std::vector<X509Ptr> owned_;
  int anchors_ = 0;
};

struct RevocationResult {
  std::string status = "unknown";  // "good", "revoked", "unknown"
  std::string source;              // dss-ocsp, dss-crl, online-ocsp, online-crl
  long long revocation_time = 0;
  std::string detail;
};

// Status of cert (issued by issuer) from the DSS first, then online when allowed.
RevocationResult check_revocation(X509* cert, X509* issuer, const DssContents& dss,
                                  const CertificatePool& pool, bool fetch_online);

}  // namespace cesp::signing::detail
