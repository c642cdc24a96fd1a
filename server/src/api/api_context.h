// Everything a route handler may use, built once at start-up by the server
// and shared by all request threads (each member is thread-safe).
#pragma once

#include <filesystem>
#include <iosfwd>
#include <map>
#include <memory>

#include "cesp/core/dossier.h"

#include "accounts/account_store.h"
#include "http/router.h"
#include "observability/metrics.h"
#include "observability/request_log.h"
#include "security/authorization.h"
#include "security/login_throttle.h"
#include "security/session_tokens.h"
#include "workflow/campaign_store.h"
#include "workflow/piece_store.h"
#include "workflow/signing_services.h"

namespace cesp::ocr {
class IsolatedChecker;
}
namespace cesp::storage {
class Archive;
class Database;
}

namespace cesp::server {

class ContractWorkflow;
class DocumentWorkflow;

struct ApiContext {
  explicit ApiContext(std::ostream& log_stream, LogFormat log_format = LogFormat::json)
      : log(log_stream, log_format) {}

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
  std::shared_ptr<SigningServices> signing;  // TSA, personal signing keys, verification policy
  std::shared_ptr<ContractWorkflow> contracts;  // issue, signatures, extension (contract_routes.cpp)
  std::shared_ptr<DocumentWorkflow> documents;  // avenants, installation validations (avenant_routes.cpp)
  std::filesystem::path data_dir;
};

// A candidate of `candidates` (CampaignStore::candidates) when the caller may
// read their dossier (an UFR its own, an ARS its region), else nullptr: the
// campaign-wide lists filter by it before paging.
inline const Candidate* candidate_in_reach(const std::map<std::string, StoredCandidate>& candidates,
                                           const std::string& candidate_id, const Principal& who) {
  const auto stored = candidates.find(candidate_id);
  if (stored == candidates.end()) return nullptr;
  const Candidate& c = stored->second.candidate;
  return allowed(who, Action::read_dossier, Scope{c.id, c.ufr, c.region}) ? &c : nullptr;
}

// Route registration, one function per area (api/<area>_routes.cpp).
void register_system_routes(ApiContext& context);
void register_session_routes(ApiContext& context);
void register_campaign_routes(ApiContext& context);
void register_piece_routes(ApiContext& context);
void register_pki_routes(ApiContext& context);
void register_archive_routes(ApiContext& context);  // archivists: beneficiary records, export, audit      // public /pki/ocsp, /pki/crl/{name}, /pki/ca/{name}
void register_web_routes(ApiContext& context);       // GET / and /app/{asset} (server/web/)
void register_dossier_list_routes(ApiContext& context);  // campaign dossiers, beneficiary search (UI)
// Builds context.contracts over the metadata database (after the archive and signing).
void open_contract_workflow(ApiContext& context, std::shared_ptr<storage::Database> database);
void register_contract_routes(ApiContext& context);  // contracts: issue, read, sign, extend, verify
// Called by the two above: avenants and installation validations (avenant_routes.cpp).
void open_document_workflow(ApiContext& context, std::shared_ptr<storage::Database> database);
void register_avenant_routes(ApiContext& context);

}  // namespace cesp::server
