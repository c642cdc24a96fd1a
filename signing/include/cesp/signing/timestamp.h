// RFC 3161 timestamps: obtaining a token from an authority and verifying one.
//
// A TimestampAuthority is the effect boundary: the HTTP one talks to a real
// TSA (production, or `cesp tsa`), the local one (tsa_responder.h) answers in
// process. Both return a token already checked against the request.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace cesp::signing {

struct TimestampToken {
  std::vector<unsigned char> der;  // RFC 3161 TimeStampToken (CMS ContentInfo DER)
  std::string gen_time;            // ISO 8601 UTC, e.g. 2026-11-22T16:32:10Z
};

class TimestampAuthority {
 public:
  virtual ~TimestampAuthority() = default;
  // Returns a token whose message imprint is sha256_digest (SHA-256).
  // Throws cesp::Error(timestamp_failed) when the authority cannot be
  // reached, refuses, or answers with a token that does not match the
  // request (imprint, nonce, version); never returns an unchecked token.
  virtual TimestampToken timestamp(const std::array<unsigned char, 32>& sha256_digest) = 0;
};

// An authority reached over HTTP (POST application/timestamp-query) with
// libcurl. Each request carries a random 64-bit nonce and asks for the TSA
// certificate; the response status must be granted (or grantedWithMods) and
// the token must match imprint and nonce. Connection and total time are
// bounded (10 s / 30 s), the response size to 1 MiB. Throws
// Error(invalid_argument) at once for a URL that is not http:// or https://.
std::unique_ptr<TimestampAuthority> make_http_timestamp_authority(std::string url);

struct TimestampInfo {
  std::string gen_time;     // ISO 8601 UTC
  std::string serial_hex;   // the token's serial number, upper-case hex
  std::string tsa_subject;  // RFC 2253 subject of the TSA certificate
};

// Verifies that token_der is a TimeStampToken over sha256_digest, signed by a
// TSA certificate (critical timeStamping EKU) that chains to one of the
// certificates in trust_anchor_pem_files (each file may hold several PEM
// certificates; intermediates found in the token are used as untrusted
// chain). Throws cesp::Error(integrity_failure) on a malformed token, an
// imprint mismatch, a bad signature or an untrusted/invalid chain;
// Error(invalid_argument) when a trust anchor file cannot be read.
TimestampInfo verify_timestamp_token(const std::vector<unsigned char>& token_der,
                                     const std::array<unsigned char, 32>& sha256_digest,
                                     const std::vector<std::string>& trust_anchor_pem_files);

// Reads the token's fields without verifying anything (for reports of tokens
// that failed verification). Throws Error(integrity_failure) if unparsable.
TimestampInfo inspect_timestamp_token(const std::vector<unsigned char>& token_der);

}  // namespace cesp::signing
