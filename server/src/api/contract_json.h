// The JSON shape of a contract in the API (GET /api/v1/contracts/{id} and
// every contract route's answer), documented in server/openapi.json
// (components.schemas.Contract).
#pragma once

#include <Poco/JSON/Object.h>

#include <optional>
#include <vector>

#include "observability/metrics.h"
#include "workflow/campaign_store.h"
#include "workflow/contract_store.h"
#include "workflow/contract_workflow.h"
#include "workflow/document_store.h"

namespace cesp::server {

Poco::JSON::Object contract_json(const ContractRecord& contract, const std::vector<Revision>& revisions,
                                 const std::optional<StoredCandidate>& candidate);

Poco::JSON::Object document_json(const DocumentRecord& document, const std::vector<Revision>& revisions);

// Shared by the contract and document routes (contract_routes.cpp).
struct ApiContext;
class Exchange;
WorkflowActor actor_of(ApiContext& ctx, const Principal& who);
Scope scope_of(const std::optional<StoredCandidate>& stored);
// Re-authentication before a signature: the password is checked against the
// account with the login throttle (Error(reauthentication_failed),
// Error(too_many_attempts)).
void check_password(ApiContext& ctx, Exchange& e, const std::string& password);
// The body of a signature request ({"password", "consent"}): consent is
// required from candidates (Error(missing_field), Error(consent_required)),
// then the password is checked as above. Returns the password, which
// unlocks the signer's key.
std::string signature_password(ApiContext& ctx, Exchange& e);
// Runs `sign` and counts the B-T signature, ok or failed, for /metrics.
template <class Sign>
auto counted_signature(Metrics& metrics, Sign&& sign) {
  try {
    auto result = sign();
    metrics.count_signature("B-T");
    return result;
  } catch (...) {
    metrics.count_signature("B-T", false);
    throw;
  }
}

}  // namespace cesp::server
