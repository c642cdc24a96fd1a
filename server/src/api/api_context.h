// Everything a route handler may use, built once at start-up by the server
// and shared by all request threads (each member is thread-safe).
#pragma once

#include <iosfwd>
#include <memory>

#include "accounts/account_store.h"
#include "http/router.h"
#include "observability/metrics.h"
#include "observability/request_log.h"
#include "security/login_throttle.h"
#include "security/session_tokens.h"

namespace cesp::server {

struct ApiContext {
  explicit ApiContext(std::ostream& log_stream) : log(log_stream) {}

  Router router;
  SessionStore sessions;
  LoginThrottle throttle;
  Metrics metrics;
  RequestLog log;
  std::shared_ptr<AccountStore> accounts;
};

// Route registration, one function per area (api/<area>_routes.cpp).
void register_system_routes(ApiContext& context);
void register_session_routes(ApiContext& context);

}  // namespace cesp::server
