// Avenants, installation validations and the signable-document routes:
//   POST /api/v1/contracts/{id}/avenants            create an avenant (agent)
//   GET  /api/v1/contracts/{id}/avenants            the contract's avenants and validations
//   POST /api/v1/beneficiaries/{id}/installations   ARS validation, signed at once (password)
//   GET  /api/v1/documents/{id}                     a document: state, revisions, next signatory
//   GET  /api/v1/documents/{id}/pdf                 latest archived revision
//   POST /api/v1/documents/{id}/signatures          sign as the caller ({"password", "consent"})
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

#include "cesp/core/error.h"

#include "api/api_context.h"
#include "api/contract_json.h"
#include "http/exchange.h"
#include "workflow/document_workflow.h"

namespace cesp::server {
namespace {

std::string body_text(const Poco::JSON::Object::Ptr& body) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(body, out);
  return out.str();
}

void send_document(ApiContext& ctx, Exchange& e, int status, const DocumentRecord& d) {
  e.send_json(status, document_json(d, ctx.contracts->store().revisions(d.id)));
}

ContractRecord contract_for(ApiContext& ctx, Exchange& e, Action action) {
  auto contract = ctx.contracts->store().find(e.param("id"));
  const auto stored = contract ? ctx.campaigns->candidate(contract->candidate_id) : std::nullopt;
  require(e.principal(), action, scope_of(stored));
  if (!contract) throw Error(ErrorCode::not_found, "contrat");
  return *contract;
}

DocumentRecord document_for(ApiContext& ctx, Exchange& e, Action action) {
  auto d = ctx.documents->store().find(e.param("id"));
  const auto stored = d ? ctx.campaigns->candidate(d->candidate_id) : std::nullopt;
  require(e.principal(), action, scope_of(stored));
  if (!d) throw Error(ErrorCode::not_found, "document");
  return *d;
}

void create_avenant(ApiContext& ctx, Exchange& e) {
  const ContractRecord c = contract_for(ctx, e, Action::create_avenant);
  const std::string change = body_text(e.json_body(64 * 1024));
  send_document(ctx, e, 201, ctx.documents->create_avenant(c.id, change, actor_of(ctx, e.principal())));
}

void list_avenants(ApiContext& ctx, Exchange& e) {
  const ContractRecord c = contract_for(ctx, e, Action::read_contract);
  Poco::JSON::Array out;
  for (const auto& d : ctx.documents->store().for_contract(c.id))
    out.add(document_json(d, ctx.contracts->store().revisions(d.id)));
  e.send_json(200, out);
}

void validate_installation(ApiContext& ctx, Exchange& e) {
  const auto stored = ctx.campaigns->candidate(e.param("id"));
  require(e.principal(), Action::validate_installation, scope_of(stored));
  if (!stored) throw Error(ErrorCode::not_found, "bénéficiaire");
  auto body = e.json_body(64 * 1024);
  const std::string password = required_string(body, "password");
  const InstallationRequest request = parse_installation_request(body_text(body));
  auto contract = ctx.contracts->store().find_by_candidate(stored->candidate.id);
  if (!contract) throw Error(ErrorCode::invalid_transition, "aucun contrat pour ce bénéficiaire");
  check_password(ctx, e, password);
  send_document(
      ctx, e, 201,
      ctx.documents->validate_installation(contract->id, request, actor_of(ctx, e.principal()), password));
}

void read_document(ApiContext& ctx, Exchange& e) {
  send_document(ctx, e, 200, document_for(ctx, e, Action::read_contract));
}

void document_pdf(ApiContext& ctx, Exchange& e) {
  const DocumentRecord d = document_for(ctx, e, Action::read_contract);
  const auto [revision, pdf] = ctx.documents->latest_pdf(d);
  e.response().set("X-Revision-Stage", revision.stage);
  e.response().set("X-Content-SHA256", revision.sha256);
  e.send_bytes(200, "application/pdf", pdf, d.reference + "-" + revision.stage + ".pdf");
}

void sign_document_route(ApiContext& ctx, Exchange& e) {
  const Role role = e.principal().role;
  const Action action = role == Role::candidate ? Action::sign_as_candidate
                        : role == Role::ars     ? Action::validate_installation
                                                : Action::countersign;
  const DocumentRecord d = document_for(ctx, e, action);
  const std::string password = signature_password(ctx, e);
  const DocumentRecord signed_document = counted_signature(
      ctx.metrics, [&] { return ctx.documents->sign(d.id, actor_of(ctx, e.principal()), password); });
  send_document(ctx, e, 200, signed_document);
}

}  // namespace

void open_document_workflow(ApiContext& context, std::shared_ptr<storage::Database> database) {
  context.documents = std::make_shared<DocumentWorkflow>(
      context.contracts, std::make_shared<DocumentStore>(std::move(database)));
}

void register_avenant_routes(ApiContext& context) {
  auto& r = context.router;
  r.add({"POST", "/api/v1/contracts/{id}/avenants", [&](Exchange& e) { create_avenant(context, e); }});
  r.add({"GET", "/api/v1/contracts/{id}/avenants", [&](Exchange& e) { list_avenants(context, e); }});
  r.add({"POST", "/api/v1/beneficiaries/{id}/installations",
         [&](Exchange& e) { validate_installation(context, e); }});
  r.add({"GET", "/api/v1/documents/{id}", [&](Exchange& e) { read_document(context, e); }});
  r.add({"GET", "/api/v1/documents/{id}/pdf", [&](Exchange& e) { document_pdf(context, e); }});
  r.add({"POST", "/api/v1/documents/{id}/signatures", [&](Exchange& e) { sign_document_route(context, e); }});
}

}  // namespace cesp::server
