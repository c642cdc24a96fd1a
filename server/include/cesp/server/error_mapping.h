// The two places where an error code becomes something outside the program:
// an HTTP status and a CLI exit code. Both derive from the code's category,
// so adding a code never needs a change here.
#pragma once

#include "cesp/core/error.h"

namespace cesp::server {

// Exit codes of `cesp`: 0 success; 1 a check or verification failed (reported,
// not an error of the program); 2 usage; 3 internal; 4 bad input or not found;
// 5 a dependency is unavailable; 6 conflict with the current state;
// 7 authentication or permission.
inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

int http_status(ErrorCategory category);
int exit_code(ErrorCategory category);

// The category decides, except for the one code HTTP has its own status for
// (405 lets clients and proxies tell "wrong method" from "bad request").
inline int http_status(ErrorCode code) {
  return code == ErrorCode::method_not_allowed ? 405 : http_status(category_of(code));
}
inline int exit_code(ErrorCode code) { return exit_code(category_of(code)); }

}  // namespace cesp::server
