// A signer's private key and certificate chain, loaded once and reused for
// many signatures (the bench and the server sign thousands with one load).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace cesp::signing {

class SignerKey {
 public:
  // key_ref is one of:
  //  - a PEM private key file (password: `password` if encrypted);
  //  - a PKCS#12 file (.p12/.pfx; `password`), which may also carry the
  //    certificate and chain, used when cert_pem / chain_pem are empty;
  //  - a PKCS#11 URI "pkcs11:token=...;object=...[;pin-value=...]" opened
  //    through libengine-pkcs11-openssl; the module is $CESP_PKCS11_MODULE
  //    (default: Debian's SoftHSM2), the PIN comes from the URI, `password`
  //    or $CESP_PKCS11_PIN.
  // cert_pem: the signer certificate (PEM or DER); chain_pem: intermediates
  // (and optionally the root), PEM, included in signatures.
  // Throws Error(signing_key_invalid) when something cannot be loaded or the
  // key does not match the certificate; Error(io_error) on unreadable files.
  static SignerKey load(const std::string& key_ref, const std::string& cert_pem,
                        const std::string& chain_pem = {}, const std::string& password = {});

  // The raw signature (PKCS#1 v1.5 for RSA, DER ECDSA for EC) over
  // SHA-256(data). Throws Error(signing_key_invalid) on failure. Thread-safe
  // for file keys; PKCS#11 keys are serialised.
  std::vector<unsigned char> sign_sha256(const unsigned char* data, std::size_t size) const;

  std::string subject() const;      // RFC 2253
  std::string common_name() const;  // CN, or the subject when there is none
  std::string key_type() const;     // "RSA-2048", "EC-P-256", ...
  // DER of the signer certificate, then of each chain certificate.
  const std::vector<std::vector<unsigned char>>& certificates_der() const;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  explicit SignerKey(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;
};

}  // namespace cesp::signing
