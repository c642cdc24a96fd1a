// Personal signing identities issued by the platform CA: one EC P-256 key and
// X.509 certificate per person, the private key stored encrypted (PKCS#8,
// AES-256-CBC, scrypt) under the person's own password, so the platform holds
// no usable key at rest. Agents may instead keep their key in a PKCS#11 token.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cesp/signing/signer_key.h"

namespace cesp::signing {

// Who a personal signing certificate is for.
struct SignerSubject {
  std::string person_id;    // platform account id (stable; the file name key)
  std::string common_name;  // "Anaïs LEFÈVRE-DUPRÉ" (UTF-8; goes into CN)
  std::string role;         // "candidat", "gestionnaire CNG", ... (goes into OU / title)
  std::string email;        // optional, subjectAltName rfc822Name
};

struct SignerDirectoryOptions {
  std::filesystem::path dir;          // per-person keys and certificates live here
  std::filesystem::path ca_cert_pem;  // the issuing CA (platform CA; dev PKI intermediate by default)
  std::filesystem::path ca_key_pem;
  std::filesystem::path chain_pem;  // issuing CA then root, included in signatures
  std::string aia_base_url;         // as the dev PKI: OCSP/CA issuers/CRL URLs, may be empty
  int validity_days = 3 * 365;
  // Names the issuer in the URLs: <aia_base_url>/ca/<slug>.der and
  // /crl/<slug>.crl (the dev PKI serves "intermediate" and "root").
  std::string issuer_slug = "intermediate";
};

class SignerDirectory {
 public:
  // Loads the issuing CA (Error(signing_key_invalid) if unusable) and creates
  // `dir` (mode 0700; Error(io_error) if it cannot).
  explicit SignerDirectory(SignerDirectoryOptions options);
  ~SignerDirectory();
  SignerDirectory(const SignerDirectory&) = delete;
  SignerDirectory& operator=(const SignerDirectory&) = delete;

  // The person's signing key, unlocked with their password (the private key is stored
  // encrypted under that password, so the platform holds no usable key at rest).
  // Issues a fresh EC P-256 key and certificate on first use, and again when the stored
  // key no longer opens with this password (the password was changed), when the stored
  // certificate expires within 30 days, or when it was issued by another CA or with other
  // AIA/CRL URLs than the current options. Callers must therefore only call this
  // after authenticating the password against the account (the directory cannot tell a
  // changed password from a wrong one). Safe across threads and processes (file lock).
  // Throws Error(signing_key_invalid) (e.g. empty password or token key unusable) /
  // Error(io_error).
  SignerKey unlock(const SignerSubject& who, const std::string& password);

  // Agents whose key lives in a PKCS#11 token: maps person_id to a token URI and certificate;
  // unlock() then loads the token key (PIN = the password argument unless the URI has one).
  // The certificate must chain to the issuing CA (Error(signing_key_invalid) otherwise);
  // it is copied into the directory. Error(io_error) when it cannot be read.
  void register_token(const std::string& person_id, const std::string& pkcs11_uri,
                      const std::filesystem::path& cert_pem);

  // PEM of the person's current certificate, if one was issued (or registered).
  std::optional<std::string> certificate_pem(const std::string& person_id) const;

  // A certificate for a key the platform does not hold (e.g. generated in a PKCS#11
  // token), from its PKCS#10 request: same profile as unlock()'s certificates (subject
  // from `who`, not from the request; digitalSignature+nonRepudiation, AIA/CRL URLs,
  // validity). Nothing is stored: pass the result to register_token(). Throws
  // Error(signing_key_invalid) when the request is malformed, its self-signature does not
  // verify, or its key is not RSA >= 2048 bits / EC P-256, P-384 or P-521.
  std::string issue_certificate_for_csr(const SignerSubject& who, const std::string& csr_pem) const;

  // What the directory holds for a person (for operators: `cesp signers show`).
  struct Entry {
    std::string subject;  // RFC 2253
    std::string issuer;
    std::string serial_hex;
    std::string not_before, not_after;  // ISO 8601 UTC
    bool in_token = false;              // key in a PKCS#11 token, else held encrypted by the platform
    std::string token_uri;              // when in_token; any pin-value replaced by "***"
  };
  // std::nullopt when nothing was issued or registered for person_id.
  std::optional<Entry> describe(const std::string& person_id) const;

  const SignerDirectoryOptions& options() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace cesp::signing
