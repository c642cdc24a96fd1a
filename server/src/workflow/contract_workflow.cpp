#include "workflow/contract_workflow.h"

#include <iostream>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"
#include "cesp/storage/archive.h"
#include "cesp/templates/renderer.h"
#include "cesp/templates/template.h"

#include "workflow/campaign_store.h"
#include "workflow/piece_store.h"
#include "workflow/signing_services.h"

namespace cesp::server {
namespace {

// The parties of a contract, in signing order.
struct PartyStep {
  std::function<void(Contract&)> transition;
  SignatureRequest request;
  std::string stage;
};

PartyStep step_for(Role role, const std::string& place) {
  if (role == Role::candidate)
    return {[](Contract& c) { c.sign_by_candidate(); },
            {"signature_candidat", "Lu et approuvé", place},
            "signed_by_candidate"};
  if (role == Role::agent)
    return {[](Contract& c) { c.countersign(); }, {"signature_agent", "Contreseing", place}, "countersigned"};
  throw Error(ErrorCode::forbidden, "signature réservée au candidat et aux gestionnaires");
}

std::string candidate_common_name(const Candidate& c) {
  return c.given_names + " " + (c.usage_name.empty() ? c.birth_name : c.usage_name);
}

}  // namespace

Signatory signatory_for(const WorkflowActor& who, const std::string& candidate_name) {
  Signatory s;
  s.account_id = who.account_id;
  s.email = who.login.find('@') != std::string::npos ? who.login : "";
  if (who.role == Role::candidate) {
    s.common_name = candidate_name;
    s.title = "candidat";
  } else {
    s.common_name = who.display_name.empty() ? who.login : who.display_name;
    s.title = who.role == Role::ars     ? "ARS"
              : who.role == Role::agent ? "gestionnaire CNG"
                                        : std::string(to_string(who.role));
  }
  return s;
}

ContractWorkflow::ContractWorkflow(ContractWorkflowDeps deps) : deps_(std::move(deps)) {
  if (!deps_.today) throw Error(ErrorCode::internal, "ContractWorkflow sans horloge");
}

Revision ContractWorkflow::archive_revision(const ContractRecord& contract, const std::string& stage,
                                            const std::string& pdf, const WorkflowActor& who,
                                            const std::string& signer) {
  storage::NewItem item;
  item.beneficiary = contract.candidate_id;
  item.kind = storage::ItemKind::contract;
  item.content = pdf;
  item.stage = stage;
  item.label = contract.reference + "-" + stage + ".pdf";
  item.document_date = deps_.today().iso();
  item.details_json =
      "{\"contract_id\": \"" + contract.id + "\", \"reference\": \"" + contract.reference + "\"}";
  const auto added =
      deps_.archive->add(item, storage::Actor{who.account_id, std::string(to_string(who.role))});
  Revision r;
  r.document_id = contract.id;
  r.stage = stage;
  r.archive_item_id = added.item.id;
  r.sha256 = added.item.sha256;
  r.signer = signer;
  r.actor_id = who.account_id;
  r.actor_role = std::string(to_string(who.role));
  return r;
}

ContractRecord ContractWorkflow::issue(const std::string& candidate_id, const WorkflowActor& agent) {
  auto stored = deps_.campaigns->candidate(candidate_id);
  if (!stored) throw Error(ErrorCode::not_found, "candidat");
  const auto current = deps_.pieces->current(candidate_id);
  const Dossier dossier = dossier_of(*deps_.dossier_rules, stored->candidate, current);
  ContractInputs inputs;
  for (const auto& [kind, record] : current) {
    if (dossier.states().contains(kind) && record.state == PieceState::accepted)
      inputs.accepted_verdicts[kind] = record.verdict_json;
  }
  if (!dossier.complete()) {
    std::string missing;
    for (auto kind : dossier.blocking())
      missing += (missing.empty() ? "" : ", ") + std::string(to_string(kind));
    throw Error(ErrorCode::dossier_incomplete, missing);
  }
  const auto campaign = deps_.campaigns->find(stored->campaign_id);
  if (!campaign) throw Error(ErrorCode::not_found, "campagne " + stored->campaign_id);
  const templates::Template tmpl = templates::resolve_template(
      "contrat-cesp-" + std::string(to_string(stored->candidate.discipline)), deps_.templates_dir);

  inputs.candidate = stored->candidate;
  inputs.campaign_year = campaign->year;
  inputs.today = deps_.today();
  inputs.agent_name = agent.display_name.empty() ? agent.login : agent.display_name;

  // The document is rendered inside the reservation so that data the
  // template refuses never leaves a contract behind.
  std::string pdf;
  const Reservation reservation =
      deps_.contracts->reserve(*stored, inputs.today, agent.account_id, [&](const std::string& reference) {
        inputs.reference = reference;
        const ContractTerms terms = contract_terms(*deps_.contract_rules, inputs);
        pdf = deps_.renderer->render(tmpl, terms.data_json).pdf;
        return ContractDraft{terms.effective_date, terms.engagement,   tmpl.info().id,
                             tmpl.info().version,  tmpl.info().sha256, terms.data_json};
      });
  const ContractRecord& reserved = reservation.contract;
  if (reservation.resumed) {
    const templates::Template original = templates::resolve_template(
        reserved.template_id + "@" + std::to_string(reserved.template_version), deps_.templates_dir);
    pdf = deps_.renderer->render(original, reserved.data_json).pdf;
  }

  const auto issue_step = [](Contract& c) { c.issue(); };
  const ContractRecord claimed = deps_.contracts->claim(reserved.id, issue_step);
  try {
    const Revision revision = archive_revision(claimed, "draft", pdf, agent, "");
    return deps_.contracts->complete(claimed, issue_step, revision);
  } catch (...) {
    deps_.contracts->release(claimed);
    throw;
  }
}

std::pair<Revision, std::string> ContractWorkflow::latest_pdf(const ContractRecord& contract) {
  const auto revisions = deps_.contracts->revisions(contract.id);
  if (revisions.empty()) throw Error(ErrorCode::not_found, "aucune version archivée du contrat");
  const Revision& last = revisions.back();
  const auto item = deps_.archive->find(last.archive_item_id);
  if (!item) throw Error(ErrorCode::integrity_failure, "version archivée introuvable: " + last.stage);
  return {last, deps_.archive->content(*item)};
}

ContractRecord ContractWorkflow::sign(const std::string& contract_id, const WorkflowActor& who,
                                      const std::string& password) {
  auto record = deps_.contracts->find(contract_id);
  if (!record) throw Error(ErrorCode::not_found, "contrat");
  const PartyStep step = step_for(who.role, deps_.contract_rules->place);
  const ContractRecord claimed = deps_.contracts->claim(contract_id, step.transition);
  ContractRecord done;
  try {
    auto stored = deps_.campaigns->candidate(claimed.candidate_id);
    const std::string candidate_name = stored ? candidate_common_name(stored->candidate) : who.display_name;
    const Signatory signatory = signatory_for(who, candidate_name);
    const std::string signed_pdf =
        sign_document(latest_pdf(claimed).second, signatory, password, *deps_.signing, step.request);
    const Revision revision = archive_revision(claimed, step.stage, signed_pdf, who, signatory.common_name);
    done = deps_.contracts->complete(claimed, step.transition, revision);
  } catch (...) {
    deps_.contracts->release(claimed);
    throw;
  }
  if (done.state == ContractState::countersigned) {
    try {
      return extend(contract_id, who);
    } catch (const Error& e) {
      // The countersigned contract stands; the extension can be retried.
      std::cerr << "cesp: extension B-LTA de " << done.reference << " reportée: " << e.what() << "\n";
    }
  }
  return done;
}

ContractRecord ContractWorkflow::extend(const std::string& contract_id, const WorkflowActor& who) {
  const auto archive_step = [](Contract& c) { c.archive(); };
  const ContractRecord claimed = deps_.contracts->claim(contract_id, archive_step);
  try {
    const std::string extended = extend_document(latest_pdf(claimed).second, *deps_.signing);
    const Revision revision = archive_revision(claimed, "lta", extended, who, "");
    return deps_.contracts->complete(claimed, archive_step, revision);
  } catch (...) {
    deps_.contracts->release(claimed);
    throw;
  }
}

signing::VerificationReport ContractWorkflow::verify(const ContractRecord& contract) {
  const std::string pdf = latest_pdf(contract).second;
  return signing::verify_pdf(std::vector<unsigned char>(pdf.begin(), pdf.end()),
                             deps_.signing ? deps_.signing->verify_options() : signing::VerifyOptions{});
}

}  // namespace cesp::server
