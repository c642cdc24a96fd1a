#include "workflow/document_workflow.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <iostream>
#include <sstream>

#include "cesp/core/error.h"
#include "cesp/storage/archive.h"
#include "cesp/templates/renderer.h"
#include "cesp/templates/template.h"

#include "workflow/campaign_store.h"

namespace cesp::server {
namespace {

using Poco::JSON::Object;

Object::Ptr parse(const std::string& text) {
  try {
    auto object = Poco::JSON::Parser().parse(text).extract<Object::Ptr>();
    if (object) return object;
  } catch (...) {
  }
  throw Error(ErrorCode::invalid_json, "objet JSON attendu");
}

std::string text(const Object::Ptr& o, const std::string& key) {
  if (!o->has(key) || !o->get(key).isString()) throw Error(ErrorCode::missing_field, key);
  return o->getValue<std::string>(key);
}
int integer(const Object::Ptr& o, const std::string& key) {
  if (!o->has(key) || !o->get(key).isInteger()) throw Error(ErrorCode::missing_field, key);
  return o->getValue<int>(key);
}
Date date(const Object::Ptr& o, const std::string& key) { return Date::parse_iso(text(o, key)); }

std::string stringify(const Object& o) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(o, out);
  return out.str();
}

const std::string& template_for(std::string_view avenant_kind) {
  static const std::map<std::string, std::string, std::less<>> ids = {
      {"postponed_installation", "avenant-report-installation"},
      {"suspension", "avenant-suspension"},
      {"bank_details_change", "avenant-coordonnees-bancaires"},
      {"termination", "notification-resiliation"}};
  return ids.find(avenant_kind)->second;
}

// The avenant object of the template data, from the posted change.
Object avenant_json(const Object::Ptr& change, const std::string& reference, const Date& today) {
  Object a;
  for (const auto& [key, value] : *change) a.set(key, value);
  a.set("reference", reference);
  a.set("date", today.iso());
  return a;
}

}  // namespace

std::vector<SigningStep> signing_plan(const DocumentRecord& d) {
  if (d.kind == "installation")
    return {{Role::ars, "signature_agent", "signed_by_ars", "Validation de l'installation"}};
  if (d.subkind == "termination") return {{Role::agent, "signature_agent", "countersigned", "Notification"}};
  return {{Role::candidate, "signature_candidat", "signed_by_candidate", "Lu et approuvé"},
          {Role::agent, "signature_agent", "countersigned", "Contreseing"}};
}

EndorsementChange parse_endorsement_change(const std::string& json_text) {
  const auto o = parse(json_text);
  const std::string kind = text(o, "kind");
  if (kind == "postponed_installation") return PostponedInstallation{integer(o, "months"), text(o, "reason")};
  if (kind == "suspension") return Suspension{integer(o, "months"), date(o, "start"), text(o, "reason")};
  if (kind == "bank_details_change") return BankDetailsChange{text(o, "iban")};
  if (kind == "termination")
    return Termination{parse_termination_case(text(o, "case")), date(o, "effective")};
  throw Error(ErrorCode::invalid_argument,
              "kind: postponed_installation, suspension, bank_details_change ou termination");
}

InstallationRequest parse_installation_request(const std::string& json_text) {
  const auto o = parse(json_text);
  InstallationRequest r;
  r.site = text(o, "site");
  auto address = o->getObject("address");
  if (!address) throw Error(ErrorCode::missing_field, "address");
  r.address = Address{text(address, "street"), text(address, "postal_code"), text(address, "city")};
  r.zone = parse_zone(text(o, "zone"));
  r.mode = parse_practice_mode(text(o, "mode"));
  r.decision_date = date(o, "decision_date");
  r.start_date = date(o, "start_date");
  return r;
}

DocumentWorkflow::DocumentWorkflow(std::shared_ptr<ContractWorkflow> contracts,
                                   std::shared_ptr<DocumentStore> documents)
    : contracts_(std::move(contracts)), documents_(std::move(documents)) {}

Revision DocumentWorkflow::archive(const DocumentRecord& d, const std::string& stage, const std::string& pdf,
                                   const WorkflowActor& who, const std::string& signer) {
  const auto& deps = contracts_->deps();
  storage::NewItem item;
  item.beneficiary = d.candidate_id;
  item.kind = d.kind == "installation" ? storage::ItemKind::installation : storage::ItemKind::avenant;
  item.content = pdf;
  item.stage = stage;
  item.label = d.reference + "-" + stage + ".pdf";
  item.document_date = deps.today().iso();
  item.details_json = "{\"document_id\": \"" + d.id + "\", \"reference\": \"" + d.reference + "\"}";
  const auto added =
      deps.archive->add(item, storage::Actor{who.account_id, std::string(to_string(who.role))});
  return Revision{0,
                  d.id,
                  stage,
                  added.item.id,
                  added.item.sha256,
                  signer,
                  who.account_id,
                  std::string(to_string(who.role)),
                  ""};
}

DocumentRecord DocumentWorkflow::create(const ContractRecord& contract, const std::string& kind,
                                        const std::string& subkind, const std::string& prefix,
                                        const std::string& template_id, const std::string& details_json,
                                        const WorkflowActor& actor,
                                        const std::function<void(Object&, const std::string&)>& fill) {
  const auto& deps = contracts_->deps();
  const templates::Template tmpl = templates::resolve_template(template_id, deps.templates_dir);
  std::string pdf;
  const DocumentRecord d = documents_->create(contract.id, kind, prefix, [&](const std::string& reference) {
    Object data = *parse(contract.data_json);
    fill(data, reference);
    DocumentRecord r;
    r.subkind = subkind;
    r.candidate_id = contract.candidate_id;
    r.template_id = tmpl.info().id;
    r.template_version = tmpl.info().version;
    r.data_json = stringify(data);
    r.details_json = details_json;
    r.created_by = actor.account_id;
    pdf = deps.renderer->render(tmpl, r.data_json).pdf;  // refused data leaves no document behind
    return r;
  });
  deps.contracts->add_revision(archive(d, "draft", pdf, actor, ""));
  return d;
}

DocumentRecord DocumentWorkflow::create_avenant(const std::string& contract_id,
                                                const std::string& change_json, const WorkflowActor& agent) {
  auto contract = contracts_->store().find(contract_id);
  if (!contract) throw Error(ErrorCode::not_found, "contrat");
  const EndorsementChange change = parse_endorsement_change(change_json);
  Contract check = contract->domain();
  apply_endorsement(check, Endorsement{"check", contract->reference, contracts_->deps().today(), change});
  const std::string kind(kind_name(change));
  const Engagement current = contract->domain().engagement();
  return create(*contract, "avenant", kind, "A", template_for(kind), change_json, agent,
                [&](Object& data, const std::string& reference) {
                  auto c = data.getObject("contract");
                  c->set("engagement_months", current.engagement_months());  // after earlier avenants
                  auto a = data.getObject("agent");
                  a->set("name", agent.display_name.empty() ? agent.login : agent.display_name);
                  data.set("avenant",
                           avenant_json(parse(change_json), reference, contracts_->deps().today()));
                });
}

DocumentRecord DocumentWorkflow::validate_installation(const std::string& contract_id,
                                                       const InstallationRequest& request,
                                                       const WorkflowActor& ars,
                                                       const std::string& password) {
  auto contract = contracts_->store().find(contract_id);
  if (!contract) throw Error(ErrorCode::not_found, "contrat");
  const Contract domain = contract->domain();
  check_installation(domain, InstallationValidation{contract->reference, request.site, request.address,
                                                    request.zone, request.mode, ArsDecision::approved,
                                                    request.decision_date, request.start_date});
  const auto stored = contracts_->deps().campaigns->candidate(contract->candidate_id);
  const ContractRules& rules = *contracts_->deps().contract_rules;
  const std::string region = stored ? stored->candidate.region : "";
  const auto ars_name = rules.ars_names.find(region);
  Object details;
  details.set("site", request.site);
  details.set("street", request.address.street);
  details.set("postal_code", request.address.postal_code);
  details.set("city", request.address.city);
  details.set("zone", std::string(to_string(request.zone)));
  details.set("mode", std::string(to_string(request.mode)));
  details.set("decision", "approved");
  details.set("decision_date", request.decision_date.iso());
  details.set("start_date", request.start_date.iso());
  const DocumentRecord d =
      create(*contract, "installation", "validation", "V", "validation-installation-ars", stringify(details),
             ars, [&](Object& data, const std::string&) {
               auto a = data.getObject("agent");
               a->set("name", ars.display_name.empty() ? ars.login : ars.display_name);
               a->set("title", rules.ars_agent_title);
               Object i;
               i.set("ars", ars_name != rules.ars_names.end() ? ars_name->second
                                                              : "Agence régionale de santé " + region);
               i.set("site", request.site);
               Object address;
               address.set("street", request.address.street);
               address.set("postal_code", request.address.postal_code);
               address.set("city", request.address.city);
               i.set("address", address);
               i.set("zone", std::string(to_string(request.zone)));
               i.set("mode", std::string(to_string(request.mode)));
               i.set("decision_date", request.decision_date.iso());
               i.set("start_date", request.start_date.iso());
               data.getObject("contract")->set("engagement_months", domain.engagement().engagement_months());
               data.set("installation", i);
             });
  return sign(d.id, ars, password);
}

std::pair<Revision, std::string> DocumentWorkflow::latest_pdf(const DocumentRecord& d) {
  const auto revisions = contracts_->store().revisions(d.id);
  if (revisions.empty()) throw Error(ErrorCode::not_found, "aucune version archivée du document");
  const auto item = contracts_->deps().archive->find(revisions.back().archive_item_id);
  if (!item) throw Error(ErrorCode::integrity_failure, "version archivée introuvable");
  return {revisions.back(), contracts_->deps().archive->content(*item)};
}

void DocumentWorkflow::apply_to_contract(const DocumentRecord& d, const WorkflowActor& who) {
  auto contract = contracts_->store().find(d.contract_id);
  const Endorsement e{d.reference, contract->reference, contracts_->deps().today(),
                      parse_endorsement_change(d.details_json)};
  const auto step = [&](Contract& c) { apply_endorsement(c, e); };
  const ContractRecord claimed = contracts_->store().claim(d.contract_id, step);
  try {
    contracts_->store().complete(claimed, step, Revision{});
  } catch (...) {
    contracts_->store().release(claimed);
    throw;
  }
  documents_->mark_applied(d.id);
  (void)who;
}

DocumentRecord DocumentWorkflow::finish(const DocumentRecord& done, const WorkflowActor& who) {
  if (done.kind == "avenant" && done.applied_at.empty()) apply_to_contract(done, who);
  // Fully signed: extend to B-LTA now; on failure the document stays signed
  // and a new signature request by the last signatory retries.
  const DocumentRecord lta = documents_->claim(done.id, done.state);
  try {
    const std::string extended = extend_document(latest_pdf(lta).second, *contracts_->deps().signing);
    return documents_->complete(lta, "archived", archive(lta, "lta", extended, who, ""));
  } catch (const Error& e) {
    documents_->release(lta);
    std::cerr << "cesp: extension B-LTA de " << done.reference << " reportée: " << e.what() << "\n";
    return *documents_->find(done.id);
  }
}

DocumentRecord DocumentWorkflow::sign(const std::string& document_id, const WorkflowActor& who,
                                      const std::string& password) {
  auto d = documents_->find(document_id);
  if (!d) throw Error(ErrorCode::not_found, "document");
  const auto plan = signing_plan(*d);
  std::string expected = "issued";
  const SigningStep* step = nullptr;
  for (const auto& s : plan) {
    if (d->state == expected) {
      step = &s;
      break;
    }
    expected = s.stage;
  }
  // Fully signed but not archived (the application or the extension failed
  // earlier): the last signatory's role may finish it by signing again.
  if (!step && d->state == plan.back().stage && who.role == plan.back().role) return finish(*d, who);
  if (!step || step->role != who.role)
    throw Error(ErrorCode::invalid_transition,
                "signature de " + std::string(to_string(who.role)) + " impossible depuis l'état " + d->state);
  const DocumentRecord claimed = documents_->claim(document_id, expected);
  DocumentRecord done;
  try {
    auto stored = contracts_->deps().campaigns->candidate(d->candidate_id);
    const std::string name = stored
                                 ? stored->candidate.given_names + " " +
                                       (stored->candidate.usage_name.empty() ? stored->candidate.birth_name
                                                                             : stored->candidate.usage_name)
                                 : who.display_name;
    const Signatory signatory = signatory_for(who, name);
    const std::string pdf =
        sign_document(latest_pdf(claimed).second, signatory, password, *contracts_->deps().signing,
                      {step->field, step->reason, contracts_->deps().contract_rules->place});
    done = documents_->complete(claimed, step->stage,
                                archive(claimed, step->stage, pdf, who, signatory.common_name));
  } catch (...) {
    documents_->release(claimed);
    throw;
  }
  if (step != &plan.back()) return done;
  return finish(done, who);
}

}  // namespace cesp::server
