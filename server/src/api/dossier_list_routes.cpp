// Read-only views the web UI needs:
//   GET /api/v1/campaigns/{id}/dossiers?offset=&limit=: the campaign's ranked
//       candidates in rank order (principal list, then complementary), each
//       with its offer, its pieces and what still blocks it, filtered to the
//       caller's reach (an UFR sees its candidates, an ARS its region), a page
//       at a time (api/pagination.h).
//   GET /api/v1/beneficiaries?q=: archivists find a beneficiary by name
//       (accents and case ignored, words as prefixes), INE, identifier or
//       contract reference.
#include <algorithm>

#include "cesp/core/error.h"
#include "cesp/ocr/names.h"

#include "api/api_context.h"
#include "api/pagination.h"
#include "http/exchange.h"
#include "workflow/contract_workflow.h"

namespace cesp::server {
namespace {

constexpr std::size_t kMaxSearchResults = 50;

std::string piece_state_fr(PieceState state) {
  switch (state) {
    case PieceState::missing: return "à déposer";
    case PieceState::pending: return "en cours de vérification";
    case PieceState::accepted: return "acceptée";
    case PieceState::rejected: return "refusée";
    case PieceState::review: return "à vérifier par un agent";
  }
  return "inconnue";
}

// What stands between the candidate and a contract, in plain French.
std::vector<std::string> blocking_reasons(const std::optional<Offer>& offer, const Dossier& dossier) {
  std::vector<std::string> out;
  if (!offer) {
    out.push_back("Pas d'offre : aucune place libre à ce rang pour l'instant.");
  } else if (offer->state == OfferState::declined) {
    out.push_back("Offre refusée par le candidat.");
  } else if (offer->state == OfferState::lapsed) {
    out.push_back("Offre expirée (30 jours sans réponse).");
  }
  for (const auto& requirement : dossier.profile().pieces) {
    const PieceState state = dossier.state(requirement.kind);
    if (state != PieceState::accepted)
      out.push_back(requirement.label_fr + " : " + piece_state_fr(state) + ".");
  }
  return out;
}

std::optional<ContractRecord> contract_of(ApiContext& ctx, const std::string& candidate_id) {
  if (!ctx.contracts) return std::nullopt;
  return ctx.contracts->store().find_by_candidate(candidate_id);
}

Poco::JSON::Object contract_summary(const ContractRecord& contract) {
  Poco::JSON::Object out;
  out.set("id", contract.id);
  out.set("reference", contract.reference);
  out.set("state", std::string(to_string(contract.state)));
  return out;
}

Poco::JSON::Object candidate_json(const Candidate& c) {
  Poco::JSON::Object out;
  out.set("id", c.id);
  out.set("birth_name", c.birth_name);
  out.set("usage_name", c.usage_name);
  out.set("given_names", c.given_names);
  out.set("birth_date", c.birth_date.iso());
  out.set("ine", c.ine);
  out.set("discipline", std::string(to_string(c.discipline)));
  out.set("ufr", c.ufr);
  out.set("region", c.region);
  return out;
}

void list_dossiers(ApiContext& ctx, Exchange& e) {
  require(e.principal(), Action::list_campaigns);
  const PageRequest page = PageRequest::of(e);
  const Campaign campaign = ctx.campaigns->load(e.param("id"));
  std::vector<RankingEntry> ranked = campaign.rankings();
  std::stable_sort(ranked.begin(), ranked.end(), [](const RankingEntry& a, const RankingEntry& b) {
    if (a.list != b.list) return a.list == RankingList::principal;
    if (a.key != b.key) return a.key < b.key;
    return a.rank < b.rank;
  });
  // The caller's reach first, over every candidate: pages count what the
  // caller may see. Only the page's dossiers are then built.
  const auto candidates = ctx.campaigns->candidates(e.param("id"));
  std::vector<std::pair<const RankingEntry*, const Candidate*>> visible;
  for (const auto& entry : ranked) {
    if (const Candidate* c = candidate_in_reach(candidates, entry.candidate_id, e.principal()))
      visible.emplace_back(&entry, c);
  }
  Poco::JSON::Array out;
  for (std::size_t i = page.first(visible.size()); i < page.last(visible.size()); ++i) {
    const RankingEntry& entry = *visible[i].first;
    const Candidate& c = *visible[i].second;
    const Dossier dossier = dossier_of(*ctx.rules, c, ctx.pieces->current(c.id));
    Poco::JSON::Array pieces;
    for (const auto& requirement : dossier.profile().pieces) {
      Poco::JSON::Object piece;
      piece.set("kind", std::string(to_string(requirement.kind)));
      piece.set("label", requirement.label_fr);
      piece.set("state", std::string(to_string(dossier.state(requirement.kind))));
      pieces.add(piece);
    }
    const auto* offer = campaign.offer_for(c.id);
    const std::optional<Offer> current = offer ? std::optional<Offer>(*offer) : std::nullopt;
    Poco::JSON::Array blocking;
    for (const auto& reason : blocking_reasons(current, dossier)) blocking.add(reason);

    Poco::JSON::Object line;
    line.set("candidate", candidate_json(c));
    line.set("list", std::string(to_string(entry.list)));
    line.set("rank", entry.rank);
    line.set("quota_ufr", entry.key.ufr);
    line.set("quota_discipline", std::string(to_string(entry.key.discipline)));
    if (offer) {
      Poco::JSON::Object o;
      o.set("state", std::string(to_string(offer->state)));
      o.set("offered_on", offer->offered_on.iso());
      line.set("offer", o);
    }
    line.set("pieces", pieces);
    line.set("complete", dossier.complete());
    if (const auto contract = contract_of(ctx, c.id)) line.set("contract", contract_summary(*contract));
    line.set("blocking", blocking);
    out.add(line);
  }
  page.describe(e, visible.size());
  e.send_json(200, out);
}

bool upper_equal(std::string a, std::string b) {
  auto up = [](std::string& s) {
    for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  };
  up(a);
  up(b);
  return a == b;
}

// Every query word starts a word of the candidate's names.
bool names_match(const std::vector<std::string>& query, const Candidate& c) {
  const auto words = ocr::name_words(c.birth_name + " " + c.usage_name + " " + c.given_names);
  return std::all_of(query.begin(), query.end(), [&](const std::string& q) {
    return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return w.rfind(q, 0) == 0; });
  });
}

void search_beneficiaries(ApiContext& ctx, Exchange& e) {
  require(e.principal(), Action::read_archive);
  const std::string q = e.query("q").value_or("");
  if (q.size() < 2 || q.size() > 200)
    throw Error(ErrorCode::invalid_argument, "Saisissez au moins deux caractères.",
                "Type at least two characters.", "q");
  const auto query_words = ocr::name_words(q);
  Poco::JSON::Array out;
  for (const auto& summary : ctx.campaigns->list()) {
    const Campaign campaign = ctx.campaigns->load(summary.id);
    for (const auto& entry : campaign.rankings()) {
      if (out.size() >= kMaxSearchResults) break;
      auto stored = ctx.campaigns->candidate(entry.candidate_id);
      if (!stored) continue;
      const Candidate& c = stored->candidate;
      const auto contract = contract_of(ctx, c.id);
      const bool hit = c.id == q || (!c.ine.empty() && upper_equal(c.ine, q)) ||
                       (contract && upper_equal(contract->reference, q)) ||
                       (!query_words.empty() && names_match(query_words, c));
      if (!hit) continue;
      Poco::JSON::Object line = candidate_json(c);
      line.set("campaign_id", stored->campaign_id);
      if (contract) {
        line.set("contract_id", contract->id);
        line.set("contract_reference", contract->reference);
      }
      out.add(line);
    }
  }
  e.send_json(200, out);
}

}  // namespace

void register_dossier_list_routes(ApiContext& context) {
  context.router.add(
      {"GET", "/api/v1/campaigns/{id}/dossiers", [&](Exchange& e) { list_dossiers(context, e); }});
  context.router.add(
      {"GET", "/api/v1/beneficiaries", [&](Exchange& e) { search_beneficiaries(context, e); }});
}

}  // namespace cesp::server
