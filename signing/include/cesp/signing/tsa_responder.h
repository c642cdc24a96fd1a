// The RFC 3161 responder logic (OpenSSL TS_RESP_CTX) behind `cesp tsa` and
// the in-process authority used by tests and the embedded default.
// The HTTP wrapper lives in server/ (server/src/cli/tsa_command.cpp).
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "cesp/signing/timestamp.h"

namespace cesp::signing {

class TsaResponder {
 public:
  // Loads the TSA key and certificate (PEM) and an optional PEM chain that is
  // included in tokens after the TSA certificate. The certificate must carry
  // the critical extendedKeyUsage timeStamping, else Error(invalid_argument).
  TsaResponder(const std::filesystem::path& key_pem, const std::filesystem::path& cert_pem,
               const std::filesystem::path& chain_pem = {});
  ~TsaResponder();
  TsaResponder(const TsaResponder&) = delete;
  TsaResponder& operator=(const TsaResponder&) = delete;

  // Answers one DER TimeStampReq with a DER TimeStampResp. Malformed or
  // unsupported requests (digest other than SHA-256/384/512) get a
  // rejection response (status 2), never an exception; requests larger than
  // 64 KiB are rejected the same way. Thread-safe. Tokens carry the policy
  // 1.3.6.1.4.1.99999.1.1 (development), a fresh serial, second accuracy,
  // ESS signing-certificate-v2 (SHA-256) and the nonce of the request.
  std::vector<unsigned char> respond(const std::vector<unsigned char>& der_request);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// An authority that answers from `responder` in process, going through the
// same request/response/check path as the HTTP one.
std::unique_ptr<TimestampAuthority> make_local_timestamp_authority(std::shared_ptr<TsaResponder> responder);

}  // namespace cesp::signing
