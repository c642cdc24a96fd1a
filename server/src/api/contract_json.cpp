#include "api/contract_json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "workflow/document_workflow.h"

namespace cesp::server {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

const Revision* find_stage(const std::vector<Revision>& revisions, const std::string& stage) {
  for (const auto& r : revisions) {
    if (r.stage == stage) return &r;
  }
  return nullptr;
}

Array revisions_json(const std::vector<Revision>& revisions) {
  Array revs;
  for (const auto& r : revisions) {
    Object o;
    o.set("stage", r.stage);
    o.set("sha256", r.sha256);
    o.set("archive_item_id", r.archive_item_id);
    if (!r.signer.empty()) o.set("signer", r.signer);
    o.set("actor_id", r.actor_id);
    o.set("actor_role", r.actor_role);
    o.set("at", r.at);
    revs.add(o);
  }
  return revs;
}

Object party(const std::string& role, const std::string& field, const Revision* signed_revision) {
  Object p;
  p.set("role", role);
  p.set("field", field);
  p.set("signed", signed_revision != nullptr);
  if (signed_revision) {
    p.set("signed_at", signed_revision->at);
    p.set("signer", signed_revision->signer);
    p.set("account_id", signed_revision->actor_id);
  }
  return p;
}

// What happens next, and who does it.
Object next_step(ContractState state) {
  Object next;
  switch (state) {
    case ContractState::issued:
      next.set("action", "sign");
      next.set("by", "candidate");
      break;
    case ContractState::signed_by_candidate:
      next.set("action", "countersign");
      next.set("by", "agent");
      break;
    case ContractState::countersigned:
      next.set("action", "extend");
      next.set("by", "agent_or_archivist");
      break;
    default: next.set("action", Poco::Dynamic::Var()); next.set("by", Poco::Dynamic::Var());
  }
  return next;
}

double euros(std::int64_t cents) { return static_cast<double>(cents) / 100.0; }

}  // namespace

Object contract_json(const ContractRecord& c, const std::vector<Revision>& revisions,
                     const std::optional<StoredCandidate>& stored) {
  const Contract domain = c.domain();
  const Engagement& e = domain.engagement();

  Object candidate;
  candidate.set("id", c.candidate_id);
  if (stored) {
    const Candidate& who = stored->candidate;
    candidate.set("name", who.given_names + " " + (who.usage_name.empty() ? who.birth_name : who.usage_name));
    candidate.set("ufr", who.ufr);
    candidate.set("region", who.region);
    candidate.set("discipline", std::string(to_string(who.discipline)));
  }

  Object engagement;
  engagement.set("effective_date", c.effective_date.iso());
  engagement.set("academic_year", AcademicYear::containing(c.effective_date).text());
  engagement.set("allocation_months", e.allocation_months());
  engagement.set("suspended_months", e.suspended_months());
  engagement.set("postponed_months", e.postponed_months());
  engagement.set("paid_months", e.paid_months());
  engagement.set("engagement_months", e.engagement_months());
  engagement.set("monthly_allocation_eur", euros(e.monthly_allocation()));
  engagement.set("total_allocation_eur", euros(e.total_allocation()));

  Object parties;
  parties.set("candidate",
              party("candidate", "signature_candidat", find_stage(revisions, "signed_by_candidate")));
  parties.set("agent", party("agent", "signature_agent", find_stage(revisions, "countersigned")));

  const Array revs = revisions_json(revisions);

  Object tmpl;
  tmpl.set("id", c.template_id);
  tmpl.set("version", c.template_version);
  tmpl.set("sha256", c.template_sha256);

  const std::string self = "/api/v1/contracts/" + c.id;
  Object links;
  links.set("self", self);
  links.set("pdf", self + "/pdf");
  links.set("signatures", self + "/signatures");
  links.set("extension", self + "/extension");
  links.set("verification", self + "/verification");
  links.set("avenants", self + "/avenants");
  links.set("dossier", "/api/v1/candidates/" + c.candidate_id + "/dossier");

  Object out;
  out.set("id", c.id);
  out.set("reference", c.reference);
  out.set("state", std::string(to_string(c.state)));
  out.set("campaign_id", c.campaign_id);
  out.set("candidate", candidate);
  out.set("parties", parties);
  out.set("engagement", engagement);
  out.set("template", tmpl);
  out.set("revisions", revs);
  out.set("next", next_step(c.state));
  out.set("issued_at", c.created_at);
  out.set("issued_by", c.created_by);
  if (!c.termination_case.empty()) out.set("termination_case", c.termination_case);
  out.set("links", links);
  return out;
}

}  // namespace cesp::server

namespace cesp::server {

Poco::JSON::Object document_json(const DocumentRecord& d, const std::vector<Revision>& revisions) {
  using Poco::JSON::Array;
  using Poco::JSON::Object;
  const Array revs = revisions_json(revisions);
  Object next;
  next.set("action", Poco::Dynamic::Var());
  next.set("by", Poco::Dynamic::Var());
  std::string expected = "issued";
  for (const auto& step : signing_plan(d)) {
    if (d.state == expected) {
      next.set("action", "sign");
      next.set("by", std::string(to_string(step.role)));
      next.set("field", step.field);
      break;
    }
    expected = step.stage;
  }
  const std::string self = "/api/v1/documents/" + d.id;
  Object links;
  links.set("self", self);
  links.set("pdf", self + "/pdf");
  links.set("signatures", self + "/signatures");
  links.set("contract", "/api/v1/contracts/" + d.contract_id);

  Object out;
  out.set("id", d.id);
  out.set("kind", d.kind);
  out.set("subkind", d.subkind);
  out.set("reference", d.reference);
  out.set("contract_id", d.contract_id);
  out.set("candidate_id", d.candidate_id);
  out.set("state", d.state);
  try {
    out.set("details", Poco::JSON::Parser().parse(d.details_json));
  } catch (...) {
    out.set("details", Object());
  }
  out.set("template", d.template_id + "@" + std::to_string(d.template_version));
  if (!d.applied_at.empty()) out.set("applied_at", d.applied_at);
  out.set("created_at", d.created_at);
  out.set("created_by", d.created_by);
  out.set("revisions", revs);
  out.set("next", next);
  out.set("links", links);
  return out;
}

}  // namespace cesp::server
