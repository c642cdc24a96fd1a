#include "workflow/contract_batch.h"

#include "cesp/core/error.h"
#include "cesp/storage/archive.h"
#include "cesp/storage/archive_setup.h"
#include "cesp/storage/database.h"

#include "workflow/campaign_store.h"
#include "workflow/contract_workflow.h"
#include "workflow/signing_services.h"
#include "workflow/today.h"

namespace cesp::server {

std::vector<ExtensionOutcome> extend_countersigned_contracts(const ServerOptions& options,
                                                             const std::string& actor_id) {
  const std::string uri =
      options.database_uri.empty() ? "sqlite:" + options.data_dir + "/cesp.sqlite" : options.database_uri;
  auto database = storage::Database::open(uri);
  ContractWorkflowDeps deps;
  deps.contracts = std::make_shared<ContractStore>(database);
  deps.campaigns = std::make_shared<CampaignStore>(database);
  deps.signing = open_signing_services(options);
  deps.archive = storage::open_archive(storage::ArchiveLocation{options.data_dir, options.database_uri});
  deps.today = today_in_france;
  ContractWorkflow workflow(std::move(deps));

  const WorkflowActor actor{actor_id, Role::archivist, "cesp contracts extend", ""};
  std::vector<ExtensionOutcome> outcomes;
  for (const auto& contract : workflow.store().in_state(ContractState::countersigned)) {
    ExtensionOutcome outcome{contract.id, contract.reference, false, ""};
    try {
      workflow.extend(contract.id, actor);
      outcome.extended = true;
    } catch (const Error& e) {
      outcome.error = e.what();
    }
    outcomes.push_back(outcome);
  }
  return outcomes;
}

}  // namespace cesp::server
