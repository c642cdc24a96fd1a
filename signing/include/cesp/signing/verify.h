// Verification of signed PDFs with EN 319 102-1 (DSS) indications.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cesp::signing {

struct VerifyOptions {
  // PEM files of trusted roots (each may hold several). Without any, no
  // chain can be trusted: signatures end INDETERMINATE /
  // NO_CERTIFICATE_CHAIN_FOUND.
  std::vector<std::string> trust_anchor_pem_files;
  // When the file carries no revocation data (no DSS) for a certificate,
  // fetch OCSP/CRL over HTTP from its AIA/CRL distribution points. Off: the
  // signature is INDETERMINATE / TRY_LATER when revocation cannot be checked.
  bool fetch_revocation = true;
  // When false, a certificate whose revocation status cannot be established
  // (e.g. a dev PKI created without a base URL: no OCSP, no CRL point) does
  // not make the signature INDETERMINATE / TRY_LATER; "revoked" still counts.
  bool require_revocation = true;
};

struct SignatureCheck {
  std::string field;
  std::string kind;            // "signature" or "document-timestamp"
  std::string sub_filter;      // ETSI.CAdES.detached, adbe.pkcs7.detached, ETSI.RFC3161
  std::string signer;          // RFC 2253 subject of the signer / TSA
  std::string signer_name;     // its CN
  std::string claimed_time;    // /M, ISO 8601 UTC
  std::string timestamp_time;  // signature timestamp (or the document timestamp) genTime
  std::string level;           // B-B, B-T, B-LT, B-LTA, or "PKCS7" (not PAdES baseline), "" unknown
  bool certification = false;
  bool digest_ok = false;     // message digest matches the ByteRange
  bool signature_ok = false;  // the signature value verifies with the signer's key
  bool chain_trusted = false;
  std::string certificate_validity;  // "valid", "expired", "not-yet-valid"
  std::string revocation;            // "good", "revoked", "unknown", "not-checked"
  std::string revocation_source;     // "dss-ocsp", "dss-crl", "online-ocsp", "online-crl", ""
  std::string coverage;              // "whole-file" or "revision k of n"
  long long covered_bytes = 0;
  std::vector<std::string> changes_after;  // later revisions, described
  bool disallowed_changes = false;         // something other than DSS / timestamp / signatures changed
  std::string indication;                  // TOTAL_PASSED, INDETERMINATE, TOTAL_FAILED
  std::string sub_indication;              // HASH_FAILURE, SIG_CRYPTO_FAILURE, FORMAT_FAILURE, ...
  std::vector<std::string> messages;       // why, in English
};

struct VerificationReport {
  std::vector<SignatureCheck> signatures;  // in file order
  std::string indication;                  // worst of all; INDETERMINATE / NO_SIGNATURE_FOUND when none
  std::string sub_indication;
  long long file_size = 0;
  int revisions = 0;

  bool passed() const { return indication == "TOTAL_PASSED"; }
  std::string to_json() const;
  std::string to_text() const;  // French, for a person
  std::string to_html() const;  // the same as a standalone HTML page
};

// Never throws for a bad or tampered file: problems become indications
// (FORMAT_FAILURE for an unparsable PDF, or any failure while reading it). Throws Error(invalid_argument)
// only for unusable options (unreadable trust anchor file).
VerificationReport verify_pdf(const std::vector<unsigned char>& pdf, const VerifyOptions& options);

}  // namespace cesp::signing
