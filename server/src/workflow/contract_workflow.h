// The life of a contract as the platform runs it: issue (within the quota,
// from a complete dossier), candidate signature, countersignature, extension
// to B-LTA, and reads (latest PDF, verification). Every revision of the PDF
// is archived (storage::Archive, kind contract, stage draft /
// signed_by_candidate / countersigned / lta) before the state advances.
// Knows nothing about HTTP: callers authorize and authenticate first.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cesp/core/date.h"
#include "cesp/signing/verify.h"

#include "security/authorization.h"
#include "workflow/contract_data.h"
#include "workflow/contract_store.h"
#include "workflow/document_signing.h"

namespace cesp::templates {
class Renderer;
}
namespace cesp::storage {
class Archive;
}

namespace cesp::server {

class CampaignStore;
class PieceStore;
struct SigningServices;

struct ContractWorkflowDeps {
  std::shared_ptr<ContractStore> contracts;
  std::shared_ptr<CampaignStore> campaigns;
  std::shared_ptr<PieceStore> pieces;
  std::shared_ptr<const DossierRules> dossier_rules;
  std::shared_ptr<storage::Archive> archive;
  std::shared_ptr<SigningServices> signing;
  std::shared_ptr<const templates::Renderer> renderer;
  std::string templates_dir;
  const ContractRules* contract_rules = &ContractRules::embedded();
  std::function<Date()> today;  // the French calendar day
};

// Who acts, as the workflow needs to know them.
struct WorkflowActor {
  std::string account_id;
  Role role = Role::agent;
  std::string display_name;
  std::string login;
};

class ContractWorkflow {
 public:
  explicit ContractWorkflow(ContractWorkflowDeps deps);

  // Issues the candidate's contract: Error(not_found) for an unknown
  // candidate, Error(dossier_incomplete) unless every required piece is
  // accepted, then ContractStore::reserve's errors (already_exists,
  // offer_not_pending, quota_exhausted) and the renderer's (missing data).
  // The draft PDF is archived (stage "draft") and the contract is issued.
  ContractRecord issue(const std::string& candidate_id, const WorkflowActor& agent);

  // Signs as the actor: a candidate signs first (signature_candidat, state
  // signed_by_candidate), then an agent countersigns (signature_agent,
  // countersigned), each B-T with their personal key unlocked by `password`
  // (which the caller has verified). Out of order or twice:
  // Error(invalid_transition). After the countersignature the contract is
  // extended to B-LTA at once when possible (see extend); if that fails the
  // contract stays countersigned and extend() can be called again.
  ContractRecord sign(const std::string& contract_id, const WorkflowActor& who, const std::string& password);

  // Extends the countersigned contract to B-LTA (stage "lta"), state archived.
  ContractRecord extend(const std::string& contract_id, const WorkflowActor& who);

  // The latest archived revision and its bytes. Error(not_found) if none.
  std::pair<Revision, std::string> latest_pdf(const ContractRecord& contract);
  signing::VerificationReport verify(const ContractRecord& contract);

  ContractStore& store() { return *deps_.contracts; }
  const ContractWorkflowDeps& deps() const { return deps_; }

 private:
  Revision archive_revision(const ContractRecord& contract, const std::string& stage, const std::string& pdf,
                            const WorkflowActor& who, const std::string& signer);

  ContractWorkflowDeps deps_;
};

// The signatory a workflow actor is, for a contract's candidate (their name
// as registered) or a staff member (their account's display name).
Signatory signatory_for(const WorkflowActor& who, const std::string& candidate_common_name);

}  // namespace cesp::server
