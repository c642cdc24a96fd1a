// The client side of RFC 3161 shared by the HTTP and the local authorities:
// build a request with a nonce, then accept only a matching, granted answer.
#pragma once

#include <array>

#include "cesp/signing/timestamp.h"

#include "openssl_util.h"

namespace cesp::signing::detail {

struct TimestampRequest {
  TsReqPtr request;
  Bytes der;
};

TimestampRequest make_timestamp_request(const std::array<unsigned char, 32>& sha256_digest);

// Checks status, imprint, nonce and version; throws Error(timestamp_failed).
TimestampToken accept_timestamp_response(const TimestampRequest& request, const Bytes& response_der);

}  // namespace cesp::signing::detail
