// Minimal libcurl client for the TSA, OCSP and CRL fetches (bounded in size and time).
#pragma once

#include <string>
#include <vector>

#include "cesp/core/error.h"

namespace cesp::signing::detail {

struct HttpLimits {
  long connect_timeout_s = 10;
  long total_timeout_s = 30;
  std::size_t max_response = 1u << 20;
};

// POSTs body and returns the response body of a 200 answer; anything else
// (network error, other status, oversized body) throws Error(failure_code).
std::vector<unsigned char> http_post(const std::string& url, const std::string& content_type,
                                     const std::vector<unsigned char>& body, ErrorCode failure_code,
                                     const HttpLimits& limits = {});
std::vector<unsigned char> http_get(const std::string& url, ErrorCode failure_code,
                                    const HttpLimits& limits = {});

}  // namespace cesp::signing::detail
