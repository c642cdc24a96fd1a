// Everything a route handler may use, built once at start-up by the server
// and shared by all request threads (each member is thread-safe).
#pragma once

#include <filesystem>
#include <iosfwd>
#include <memory>

#include "cesp/core/dossier.h"

#include "accounts/account_store.h"
#include "http/router.h"
#include "observability/metrics.h"
#include "observability/request_log.h"
#include "security/login_throttle.h"
#include "security/session_tokens.h"
#include "workflow/campaign_store.h"
#include "workflow/piece_store.h"

namespace cesp::ocr {
class IsolatedChecker;
}
namespace cesp::storage {
class Archive;
}

namespace cesp::server {

struct ApiContext {
  explicit ApiContext(std::ostream& log_stream) : log(log_stream) {}

  Router router;
  std::shared_ptr<SessionStore> sessions;
  LoginThrottle login_throttle;  // per login: a few free attempts
  // Per client address: many more, since a whole university can share one.
  LoginThrottle address_throttle{ThrottlePolicy{50, std::chrono::seconds{2}, std::chrono::seconds{15 * 60},
                                                std::chrono::seconds{60 * 60}}};
  Metrics metrics;
  RequestLog log;
  std::shared_ptr<AccountStore> accounts;
  std::shared_ptr<CampaignStore> campaigns;
  std::shared_ptr<const DossierRules> rules;
  std::shared_ptr<PieceStore> pieces;
  std::shared_ptr<ocr::IsolatedChecker> checker;
  std::shared_ptr<storage::Archive> archive;
  std::filesystem::path data_dir;
};

// Route registration, one function per area (api/<area>_routes.cpp).
void register_system_routes(ApiContext& context);
void register_session_routes(ApiContext& context);
void register_campaign_routes(ApiContext& context);
void register_piece_routes(ApiContext& context);

}  // namespace cesp::server
