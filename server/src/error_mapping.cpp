#include "cesp/server/error_mapping.h"

namespace cesp::server {

int http_status(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::usage: return 400;
    case ErrorCategory::invalid_input: return 400;
    case ErrorCategory::not_found: return 404;
    case ErrorCategory::unauthenticated: return 401;
    case ErrorCategory::forbidden: return 403;
    case ErrorCategory::conflict: return 409;
    case ErrorCategory::too_large: return 413;
    case ErrorCategory::rate_limited: return 429;
    case ErrorCategory::integrity: return 422;
    case ErrorCategory::unavailable: return 503;
    case ErrorCategory::internal: return 500;
  }
  return 500;
}

int exit_code(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::usage: return kExitUsage;
    case ErrorCategory::internal: return kExitInternal;
    case ErrorCategory::invalid_input:
    case ErrorCategory::not_found:
    case ErrorCategory::too_large: return 4;
    case ErrorCategory::unavailable:
    case ErrorCategory::rate_limited: return 5;
    case ErrorCategory::conflict: return 6;
    case ErrorCategory::unauthenticated:
    case ErrorCategory::forbidden: return 7;
    case ErrorCategory::integrity: return kExitCheckFailed;
  }
  return kExitInternal;
}

}  // namespace cesp::server
