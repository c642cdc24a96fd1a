// Avenants and ARS installation validations: created from the contract's
// data and a template, archived, signed through the same steps as the
// contract (document_signing.h: personal keys, B-T, then B-LTA), their
// revisions in the same table. The signing plan says who signs which field:
//   avenant (postponed_installation, suspension, bank_details_change):
//       candidate (signature_candidat, stage signed_by_candidate), then
//       agent (signature_agent, countersigned); the change is applied to the
//       contract (core apply_endorsement) once both have signed;
//   avenant termination (notice): agent only (signature_agent);
//   installation validation: the region's ARS (signature_agent, stage
//       signed_by_ars), at creation.
// After the last signature the document is extended to B-LTA (stage lta,
// state "archived"); if applying or extending fails, the document stays in
// its last signed state and a new sign call by the last signatory finishes it.
#pragma once

#include <Poco/JSON/Object.h>

#include <memory>
#include <string>
#include <vector>

#include "cesp/core/endorsement.h"

#include "workflow/contract_workflow.h"
#include "workflow/document_store.h"

namespace cesp::server {

struct SigningStep {
  Role role;
  std::string field;
  std::string stage;
  std::string reason;
};
std::vector<SigningStep> signing_plan(const DocumentRecord& document);

// Parses {"kind": ..., fields} as POST /contracts/{id}/avenants receives it
// (templates/README.md names the fields). Error(missing_field) /
// Error(invalid_argument) / Error(invalid_date) on bad input.
EndorsementChange parse_endorsement_change(const std::string& json_text);

struct InstallationRequest {
  std::string site;
  Address address;
  Zone zone = Zone::zip;
  PracticeMode mode = PracticeMode::liberal;
  Date decision_date{2000, 1, 1};
  Date start_date{2000, 1, 1};
};
InstallationRequest parse_installation_request(const std::string& json_text);

class DocumentWorkflow {
 public:
  DocumentWorkflow(std::shared_ptr<ContractWorkflow> contracts, std::shared_ptr<DocumentStore> documents);

  // Creates an avenant to the contract (agent): checked against the contract
  // (apply_endorsement on a copy: Error(invalid_transition) e.g. suspending a
  // contract not in force), rendered, archived (kind avenant, stage draft).
  DocumentRecord create_avenant(const std::string& contract_id, const std::string& change_json,
                                const WorkflowActor& agent);
  // The ARS validates an installation (check_installation), renders, archives
  // and signs it at once with its personal key (password verified by caller).
  DocumentRecord validate_installation(const std::string& contract_id, const InstallationRequest& request,
                                       const WorkflowActor& ars, const std::string& password);
  // Signs the document as `who` when they are the next signatory of its plan
  // (Error(invalid_transition) otherwise).
  DocumentRecord sign(const std::string& document_id, const WorkflowActor& who, const std::string& password);

  std::pair<Revision, std::string> latest_pdf(const DocumentRecord& document);
  DocumentStore& store() { return *documents_; }
  ContractWorkflow& contracts() { return *contracts_; }

 private:
  DocumentRecord create(const ContractRecord& contract, const std::string& kind, const std::string& subkind,
                        const std::string& prefix, const std::string& template_id,
                        const std::string& details_json, const WorkflowActor& actor,
                        const std::function<void(Poco::JSON::Object&, const std::string&)>& fill);
  Revision archive(const DocumentRecord& d, const std::string& stage, const std::string& pdf,
                   const WorkflowActor& who, const std::string& signer);
  void apply_to_contract(const DocumentRecord& d, const WorkflowActor& who);
  // After the last signature: apply the avenant (once), then extend to B-LTA.
  DocumentRecord finish(const DocumentRecord& done, const WorkflowActor& who);

  std::shared_ptr<ContractWorkflow> contracts_;
  std::shared_ptr<DocumentStore> documents_;
};

}  // namespace cesp::server
