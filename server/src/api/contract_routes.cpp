// Contracts:
//   POST /api/v1/candidates/{id}/contract       issue (agent)
//   GET  /api/v1/candidates/{id}/contract       the candidate's contract, if any
//   GET  /api/v1/contracts/{id}                 state, parties, engagement, revisions, next step
//   GET  /api/v1/contracts/{id}/pdf             latest archived revision
//   POST /api/v1/contracts/{id}/signatures      sign as the caller ({"password", "consent"})
//   POST /api/v1/contracts/{id}/extension       B-LTA extension (agent, archivist)
//   GET  /api/v1/contracts/{id}/verification    signature report (?format=json|text|html)
// Handlers parse, authorize and call ContractWorkflow; unknown ids and other
// people's ids answer alike (403), so existence does not leak.

#include <cstdlib>

#include "cesp/core/error.h"
#include "cesp/templates/renderer.h"
#include "cesp/templates/template.h"

#include "api/api_context.h"
#include "api/contract_json.h"
#include "http/exchange.h"
#include "security/password_hasher.h"
#include "workflow/contract_workflow.h"
#include "workflow/today.h"

namespace cesp::server {

WorkflowActor actor_of(ApiContext& ctx, const Principal& who) {
  WorkflowActor actor{who.account_id, who.role, "", who.login};
  if (auto account = ctx.accounts->find_by_id(who.account_id)) actor.display_name = account->display_name;
  return actor;
}

Scope scope_of(const std::optional<StoredCandidate>& stored) {
  return stored ? Scope{stored->candidate.id, stored->candidate.ufr, stored->candidate.region}
                : Scope{"?", "?", "?"};
}

// Signing re-authenticates: the password is checked against the account,
// with the login throttle (failures here count as failed logins).
void check_password(ApiContext& ctx, Exchange& e, const std::string& password) {
  const Principal& who = e.principal();
  const auto wait = ctx.login_throttle.wait_for(who.login);
  if (wait.count() > 0) {
    e.response().set("Retry-After", std::to_string(wait.count()));
    throw Error(ErrorCode::too_many_attempts, "réessayer dans " + std::to_string(wait.count()) + " s");
  }
  auto account = ctx.accounts->find_by_id(who.account_id);
  if (!account || !account->active || !verify_password(password, account->password_hash)) {
    ctx.login_throttle.record_failure(who.login);
    throw Error(ErrorCode::reauthentication_failed);
  }
  ctx.login_throttle.record_success(who.login);
}

std::string signature_password(ApiContext& ctx, Exchange& e) {
  auto body = e.json_body(16 * 1024);
  const std::string password = required_string(body, "password");
  if (e.principal().role == Role::candidate) {
    if (!body->has("consent")) throw Error(ErrorCode::missing_field, "consent");
    if (!body->get("consent").isBoolean() || !body->getValue<bool>("consent"))
      throw Error(ErrorCode::consent_required, "consent");
  }
  check_password(ctx, e, password);
  return password;
}

namespace {

// The contract named by {id}, after checking the caller may act on it.
ContractRecord contract_in_scope(ApiContext& ctx, Exchange& e, Action action) {
  auto contract = ctx.contracts->store().find(e.param("id"));
  const auto stored = contract ? ctx.campaigns->candidate(contract->candidate_id) : std::nullopt;
  require(e.principal(), action, scope_of(stored));
  if (!contract) throw Error(ErrorCode::not_found, "contrat");
  return *contract;
}

void send_contract(ApiContext& ctx, Exchange& e, int status, const ContractRecord& c) {
  e.send_json(status, contract_json(c, ctx.contracts->store().revisions(c.id),
                                    ctx.campaigns->candidate(c.candidate_id)));
}

void issue_contract(ApiContext& ctx, Exchange& e) {
  const auto stored = ctx.campaigns->candidate(e.param("id"));
  require(e.principal(), Action::issue_contract, scope_of(stored));
  if (!stored) throw Error(ErrorCode::not_found, "candidat");
  const ContractRecord c = ctx.contracts->issue(stored->candidate.id, actor_of(ctx, e.principal()));
  e.response().set("Location", "/api/v1/contracts/" + c.id);
  send_contract(ctx, e, 201, c);
}

void candidate_contract(ApiContext& ctx, Exchange& e) {
  const auto stored = ctx.campaigns->candidate(e.param("id"));
  require(e.principal(), Action::read_contract, scope_of(stored));
  auto contract = stored ? ctx.contracts->store().find_by_candidate(stored->candidate.id) : std::nullopt;
  if (!contract) throw Error(ErrorCode::not_found, "aucun contrat pour ce candidat");
  send_contract(ctx, e, 200, *contract);
}

void read_contract(ApiContext& ctx, Exchange& e) {
  send_contract(ctx, e, 200, contract_in_scope(ctx, e, Action::read_contract));
}

void contract_pdf(ApiContext& ctx, Exchange& e) {
  const ContractRecord c = contract_in_scope(ctx, e, Action::read_contract);
  const auto [revision, pdf] = ctx.contracts->latest_pdf(c);
  e.response().set("X-Revision-Stage", revision.stage);
  e.response().set("X-Content-SHA256", revision.sha256);
  e.send_bytes(200, "application/pdf", pdf, c.reference + "-" + revision.stage + ".pdf");
}

void sign_contract(ApiContext& ctx, Exchange& e) {
  const Action action =
      e.principal().role == Role::candidate ? Action::sign_as_candidate : Action::countersign;
  const ContractRecord c = contract_in_scope(ctx, e, action);
  const std::string password = signature_password(ctx, e);
  const ContractRecord signed_contract = counted_signature(
      ctx.metrics, [&] { return ctx.contracts->sign(c.id, actor_of(ctx, e.principal()), password); });
  send_contract(ctx, e, 200, signed_contract);
}

void extend_contract(ApiContext& ctx, Exchange& e) {
  const ContractRecord c = contract_in_scope(ctx, e, Action::extend_contract);
  send_contract(ctx, e, 200, ctx.contracts->extend(c.id, actor_of(ctx, e.principal())));
}

void verify_contract(ApiContext& ctx, Exchange& e) {
  const ContractRecord c = contract_in_scope(ctx, e, Action::read_contract);
  const std::string format = e.query("format").value_or("json");
  const signing::VerificationReport report = ctx.contracts->verify(c);
  if (format == "text") return e.send_bytes(200, "text/plain; charset=utf-8", report.to_text());
  if (format == "html") return e.send_bytes(200, "text/html; charset=utf-8", report.to_html());
  if (format != "json") throw Error(ErrorCode::invalid_argument, "format: json, text ou html");
  e.send_bytes(200, "application/json", report.to_json());
}

}  // namespace

void open_contract_workflow(ApiContext& context, std::shared_ptr<storage::Database> database) {
  ContractWorkflowDeps deps;
  deps.contracts = std::make_shared<ContractStore>(std::move(database));
  deps.campaigns = context.campaigns;
  deps.pieces = context.pieces;
  deps.dossier_rules = context.rules;
  deps.archive = context.archive;
  deps.signing = context.signing;
  deps.renderer = std::make_shared<const templates::Renderer>();
  const char* dir = std::getenv("CESP_TEMPLATES_DIR");
  deps.templates_dir = dir && *dir ? dir : templates::default_template_directory();
  deps.today = today_in_france;
  auto db = deps.contracts->database_ptr();
  context.contracts = std::make_shared<ContractWorkflow>(std::move(deps));
  open_document_workflow(context, db);
}

void register_contract_routes(ApiContext& context) {
  auto& r = context.router;
  r.add({"POST", "/api/v1/candidates/{id}/contract", [&](Exchange& e) { issue_contract(context, e); }});
  r.add({"GET", "/api/v1/candidates/{id}/contract", [&](Exchange& e) { candidate_contract(context, e); }});
  r.add({"GET", "/api/v1/contracts/{id}", [&](Exchange& e) { read_contract(context, e); }});
  r.add({"GET", "/api/v1/contracts/{id}/pdf", [&](Exchange& e) { contract_pdf(context, e); }});
  r.add({"POST", "/api/v1/contracts/{id}/signatures", [&](Exchange& e) { sign_contract(context, e); }});
  r.add({"POST", "/api/v1/contracts/{id}/extension", [&](Exchange& e) { extend_contract(context, e); }});
  r.add({"GET", "/api/v1/contracts/{id}/verification", [&](Exchange& e) { verify_contract(context, e); }});
  register_avenant_routes(context);
}

}  // namespace cesp::server
