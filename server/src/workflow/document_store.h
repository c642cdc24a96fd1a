// Signable documents attached to a contract: avenants and ARS installation
// validations. Each follows a signing plan (who signs which field, in which
// order); the state is the stage of the last step: "issued", then one stage
// per signature ("signed_by_candidate", "countersigned", "signed_by_ars"),
// then "archived" after the B-LTA extension. Revisions go to the shared
// document_revisions table (ContractStore), so contracts and documents
// list their archived PDFs the same way. Steps claim the row first, as
// contracts do, so two concurrent signatures cannot both apply.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "workflow/contract_store.h"

namespace cesp::server {

struct DocumentRecord {
  std::string id;       // "doc-<hex>"
  std::string kind;     // "avenant" or "installation"
  std::string subkind;  // avenant kind, or "validation"
  std::string contract_id;
  std::string candidate_id;
  std::string reference;  // avenant: <contract reference>-A<n>; installation: <contract reference>-V<n>
  std::string state;      // "issued", a signature stage, "archived"
  std::int64_t version = 0;
  std::string template_id;
  int template_version = 0;
  std::string data_json;     // the template data
  std::string details_json;  // the change or validation, as posted
  std::string applied_at;    // avenants: when the change was applied to the contract
  std::string created_at, created_by;
};

class DocumentStore {
 public:
  // Applies the migrations of module "documents"; `contracts` must have
  // been opened on the same database (revisions table).
  explicit DocumentStore(std::shared_ptr<storage::Database> db);

  // Stores a new document in state "issued" with its next reference number
  // (per contract and kind, serialized per contract). `make(reference)`
  // returns the record to store (its id, reference and state are set here).
  DocumentRecord create(const std::string& contract_id, const std::string& kind, const std::string& prefix,
                        const std::function<DocumentRecord(const std::string& reference)>& make);
  std::optional<DocumentRecord> find(const std::string& id);
  std::vector<DocumentRecord> for_contract(const std::string& contract_id);

  // Claims the document for a step from `expected_state`
  // (Error(invalid_transition) otherwise, or when another step runs).
  DocumentRecord claim(const std::string& id, const std::string& expected_state);
  // Stores the new state and the revision (version checked).
  DocumentRecord complete(const DocumentRecord& claimed, const std::string& new_state,
                          const Revision& revision);
  void mark_applied(const std::string& id);
  void release(const DocumentRecord& claimed) noexcept;

 private:
  std::shared_ptr<storage::Database> db_;
};

}  // namespace cesp::server
