// Campaigns, ranking imports, offers and dossiers:
//   GET|POST /api/v1/campaigns, POST /api/v1/campaigns/{id}/rankings,
//   GET /api/v1/campaigns/{id}/offers?offset=&limit= (pages: api/pagination.h),
//   GET /api/v1/candidates/{id}/dossier
#include <Poco/JSON/Parser.h>
#include <openssl/rand.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <set>
#include <thread>
#include <vector>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"

#include "api/api_context.h"
#include "api/pagination.h"
#include "http/exchange.h"
#include "security/password_hasher.h"
#include "workflow/ranking_csv.h"
#include "workflow/today.h"

namespace cesp::server {
namespace {

Poco::JSON::Object campaign_json(const CampaignSummary& summary, const Campaign& campaign) {
  Poco::JSON::Array quotas;
  for (const auto& q : summary.quotas) {
    Poco::JSON::Object line;
    line.set("ufr", q.key.ufr);
    line.set("discipline", std::string(to_string(q.key.discipline)));
    line.set("contracts", q.contracts);
    line.set("accepted", campaign.accepted_count(q.key));
    line.set("places_left", campaign.places_left(q.key));
    quotas.add(line);
  }
  Poco::JSON::Object out;
  out.set("id", summary.id);
  out.set("academic_year", summary.year.text());
  out.set("quotas", quotas);
  return out;
}

void list_campaigns(ApiContext& ctx, Exchange& e) {
  require(e.principal(), Action::list_campaigns);
  Poco::JSON::Array out;
  for (const auto& summary : ctx.campaigns->list())
    out.add(campaign_json(summary, ctx.campaigns->load(summary.id)));
  e.send_json(200, out);
}

void create_campaign(ApiContext& ctx, Exchange& e) {
  require(e.principal(), Action::create_campaign);
  auto body = e.json_body();
  const AcademicYear year = AcademicYear::parse(required_string(body, "academic_year"));
  auto quotas = body->getArray("quotas");
  if (!quotas) throw Error(ErrorCode::missing_field, "quotas");
  std::vector<QuotaLine> lines;
  for (std::size_t i = 0; i < quotas->size(); ++i) {
    auto q = quotas->getObject(static_cast<unsigned>(i));
    if (!q || !q->has("contracts") || !q->get("contracts").isInteger()) {
      throw Error(ErrorCode::missing_field, "quotas[" + std::to_string(i) + "].contracts");
    }
    lines.push_back({QuotaKey{required_string(q, "ufr"), parse_discipline(required_string(q, "discipline"))},
                     q->getValue<int>("contracts")});
  }
  const std::string id = ctx.campaigns->create(year, lines);
  e.send_json(201, campaign_json(*ctx.campaigns->find(id), ctx.campaigns->load(id)));
}

// scrypt costs ~50 ms and 32 MiB per password: a national ranking of 4,500
// candidates is minutes of CPU, so the hashes are spread over the cores.
std::vector<std::string> hash_passwords(const std::vector<std::string>& passwords) {
  std::vector<std::string> hashes(passwords.size());
  const std::size_t threads =
      std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), passwords.size());
  std::atomic<std::size_t> next{0};
  std::vector<std::future<void>> workers;
  for (std::size_t t = 0; t < threads; ++t) {
    workers.push_back(std::async(std::launch::async, [&] {
      for (std::size_t i = next++; i < passwords.size(); i = next++) hashes[i] = hash_password(passwords[i]);
    }));
  }
  for (auto& worker : workers) worker.get();  // rethrows a hashing error
  return hashes;
}

std::string initial_password() {
  unsigned char random[12];
  if (RAND_bytes(random, sizeof random) != 1) throw Error(ErrorCode::internal, "rand");
  return to_hex(random, sizeof random);
}

void import_ranking(ApiContext& ctx, Exchange& e) {
  const std::string campaign_id = e.param("id");
  if (!ctx.campaigns->find(campaign_id)) throw Error(ErrorCode::not_found, "campagne " + campaign_id);
  const auto rows = parse_ranking_csv(e.text_body(8 << 20));
  // Every check that could stop account creation runs before the import, so
  // a ranking is never stored with candidates left without an account.
  std::set<std::string> emails;
  for (const auto& row : rows) {
    require(e.principal(), Action::import_ranking, Scope{"", row.candidate.ufr, row.candidate.region});
    const std::string login = normalize_login(row.email);
    if (!emails.insert(login).second) throw Error(ErrorCode::already_exists, "adresse en double: " + login);
    if (ctx.accounts->find_by_login(login)) throw Error(ErrorCode::already_exists, "compte " + login);
  }
  const auto stored = ctx.campaigns->import_ranking(campaign_id, rows, today_in_france());

  // Each candidate gets an account; the UFR hands over the one-time password.
  std::vector<std::string> passwords(stored.size());
  for (auto& password : passwords) password = initial_password();
  const std::vector<std::string> hashes = hash_passwords(passwords);
  Poco::JSON::Array created;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const auto& s = stored[i];
    const std::string& password = passwords[i];
    Account account;
    account.id = "acc-" + s.candidate.id;
    account.login = s.email;
    account.display_name = s.candidate.given_names + " " + s.candidate.birth_name;
    account.password_hash = hashes[i];
    account.role = Role::candidate;
    account.candidate_id = s.candidate.id;
    ctx.accounts->create(account);
    Poco::JSON::Object line;
    line.set("candidate_id", s.candidate.id);
    line.set("login", normalize_login(s.email));
    line.set("initial_password", password);
    created.add(line);
  }
  Poco::JSON::Object out;
  out.set("imported", static_cast<int>(stored.size()));
  out.set("candidates", created);
  e.send_json(201, out);
}

void list_offers(ApiContext& ctx, Exchange& e) {
  require(e.principal(), Action::list_campaigns);
  const PageRequest page = PageRequest::of(e);
  const Campaign campaign = ctx.campaigns->load(e.param("id"));
  const auto candidates = ctx.campaigns->candidates(e.param("id"));
  std::vector<const Offer*> visible;
  for (const auto& offer : campaign.offers()) {
    if (candidate_in_reach(candidates, offer.candidate_id, e.principal())) visible.push_back(&offer);
  }
  Poco::JSON::Array out;
  for (std::size_t i = page.first(visible.size()); i < page.last(visible.size()); ++i) {
    const Offer& offer = *visible[i];
    Poco::JSON::Object line;
    line.set("candidate_id", offer.candidate_id);
    line.set("ufr", offer.key.ufr);
    line.set("discipline", std::string(to_string(offer.key.discipline)));
    line.set("state", std::string(to_string(offer.state)));
    line.set("offered_on", offer.offered_on.iso());
    if (offer.closed_on) line.set("closed_on", offer.closed_on->iso());
    out.add(line);
  }
  page.describe(e, visible.size());
  e.send_json(200, out);
}

void read_dossier(ApiContext& ctx, Exchange& e) {
  auto stored = ctx.campaigns->candidate(e.param("id"));
  // Unknown ids and other people's ids answer alike: no existence leak.
  const Scope scope = stored ? Scope{stored->candidate.id, stored->candidate.ufr, stored->candidate.region}
                             : Scope{"?", "?", "?"};
  require(e.principal(), Action::read_dossier, scope);
  if (!stored) throw Error(ErrorCode::not_found, "candidat");
  const Candidate& c = stored->candidate;
  const auto uploaded = ctx.pieces->current(c.id);
  const Dossier dossier = dossier_of(*ctx.rules, c, uploaded);

  Poco::JSON::Array pieces;
  for (const auto& requirement : dossier.profile().pieces) {
    Poco::JSON::Object piece;
    piece.set("kind", std::string(to_string(requirement.kind)));
    piece.set("label", requirement.label_fr);
    piece.set("state", std::string(to_string(dossier.state(requirement.kind))));
    if (auto it = uploaded.find(requirement.kind); it != uploaded.end()) {
      auto verdict = Poco::JSON::Parser().parse(it->second.verdict_json).extract<Poco::JSON::Object::Ptr>();
      piece.set("piece_id", it->second.id);
      piece.set("reasons", verdict->getArray("reasons"));
      piece.set("uploaded_at", it->second.uploaded_at);
    }
    pieces.add(piece);
  }
  Poco::JSON::Object candidate;
  candidate.set("id", c.id);
  candidate.set("birth_name", c.birth_name);
  candidate.set("usage_name", c.usage_name);
  candidate.set("given_names", c.given_names);
  candidate.set("birth_date", c.birth_date.iso());
  candidate.set("discipline", std::string(to_string(c.discipline)));
  candidate.set("status", std::string(to_string(c.status)));
  candidate.set("ufr", c.ufr);
  candidate.set("region", c.region);

  Poco::JSON::Object out;
  out.set("candidate", candidate);
  out.set("campaign_id", stored->campaign_id);
  out.set("rules_version", ctx.rules->version());
  out.set("profile", dossier.profile().id);
  out.set("pieces", pieces);
  out.set("complete", dossier.complete());
  if (const auto offer = ctx.campaigns->offer(c.id)) {
    Poco::JSON::Object o;
    o.set("state", std::string(to_string(offer->state)));
    o.set("offered_on", offer->offered_on.iso());
    out.set("offer", o);
  }
  e.send_json(200, out);
}

}  // namespace

void register_campaign_routes(ApiContext& context) {
  context.router.add({"GET", "/api/v1/campaigns", [&](Exchange& e) { list_campaigns(context, e); }});
  context.router.add({"POST", "/api/v1/campaigns", [&](Exchange& e) { create_campaign(context, e); }});
  context.router.add(
      {"POST", "/api/v1/campaigns/{id}/rankings", [&](Exchange& e) { import_ranking(context, e); }});
  context.router.add({"GET", "/api/v1/campaigns/{id}/offers", [&](Exchange& e) { list_offers(context, e); }});
  context.router.add(
      {"GET", "/api/v1/candidates/{id}/dossier", [&](Exchange& e) { read_dossier(context, e); }});
}

}  // namespace cesp::server
