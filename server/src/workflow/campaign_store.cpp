#include "workflow/campaign_store.h"

#include <openssl/rand.h>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"
#include "cesp/storage/database.h"

namespace cesp::server {
namespace {

using storage::Params;
using storage::Row;
using storage::Transaction;

const std::vector<storage::Migration>& migrations() {
  static const std::vector<storage::Migration> list = {
      {1, "campaigns, rankings, offers",
       "CREATE TABLE campaigns (\n"
       "  id TEXT PRIMARY KEY,\n"
       "  academic_year TEXT NOT NULL UNIQUE\n"
       ");\n"
       "CREATE TABLE quotas (\n"
       "  campaign_id TEXT NOT NULL REFERENCES campaigns(id),\n"
       "  ufr TEXT NOT NULL,\n"
       "  discipline TEXT NOT NULL,\n"
       "  contracts BIGINT NOT NULL,\n"
       "  PRIMARY KEY (campaign_id, ufr, discipline)\n"
       ");\n"
       "CREATE TABLE candidates (\n"
       "  id TEXT PRIMARY KEY,\n"
       "  campaign_id TEXT NOT NULL REFERENCES campaigns(id),\n"
       "  email TEXT NOT NULL,\n"
       "  birth_name TEXT NOT NULL, usage_name TEXT NOT NULL, given_names TEXT NOT NULL,\n"
       "  sex TEXT NOT NULL, birth_date TEXT NOT NULL, birth_place TEXT NOT NULL, nationality TEXT NOT "
       "NULL,\n"
       "  street TEXT NOT NULL, postal_code TEXT NOT NULL, city TEXT NOT NULL,\n"
       "  ine TEXT NOT NULL, discipline TEXT NOT NULL, status TEXT NOT NULL, year_of_study BIGINT NOT NULL,\n"
       "  ufr TEXT NOT NULL, region TEXT NOT NULL\n"
       ");\n"
       "CREATE TABLE rankings (\n"
       "  candidate_id TEXT PRIMARY KEY REFERENCES candidates(id),\n"
       "  campaign_id TEXT NOT NULL REFERENCES campaigns(id),\n"
       "  ufr TEXT NOT NULL, discipline TEXT NOT NULL, list TEXT NOT NULL, rank BIGINT NOT NULL,\n"
       "  UNIQUE (campaign_id, ufr, discipline, list, rank)\n"
       ");\n"
       "CREATE TABLE offers (\n"
       "  candidate_id TEXT PRIMARY KEY REFERENCES candidates(id),\n"
       "  campaign_id TEXT NOT NULL REFERENCES campaigns(id),\n"
       "  ufr TEXT NOT NULL, discipline TEXT NOT NULL,\n"
       "  offered_on TEXT NOT NULL, state TEXT NOT NULL, closed_on TEXT NOT NULL\n"
       ");\n"},
  };
  return list;
}

std::string new_id(const std::string& prefix) {
  unsigned char random[12];
  if (RAND_bytes(random, sizeof random) != 1) throw Error(ErrorCode::internal, "rand");
  return prefix + to_hex(random, sizeof random);
}

OfferState parse_offer_state(const std::string& text) {
  for (auto s : {OfferState::pending, OfferState::accepted, OfferState::declined, OfferState::lapsed}) {
    if (to_string(s) == text) return s;
  }
  throw Error(ErrorCode::integrity_failure, "état d'offre inconnu en base: " + text);
}

// Columns: candidate_id, ufr, discipline, offered_on, state, closed_on.
Offer offer_from_row(const Row& o) {
  Offer offer{o.text(0), QuotaKey{o.text(1), parse_discipline(o.text(2))}, Date::parse_iso(o.text(3)),
              parse_offer_state(o.text(4)), std::nullopt};
  if (!o.text(5).empty()) offer.closed_on = Date::parse_iso(o.text(5));
  return offer;
}

constexpr const char* kCandidateColumns =
    "id, campaign_id, email, birth_name, usage_name, given_names, sex, birth_date, birth_place, nationality, "
    "street, postal_code, city, ine, discipline, status, year_of_study, ufr, region";

StoredCandidate candidate_from_row(const Row& r) {
  StoredCandidate s;
  Candidate& c = s.candidate;
  c.id = r.text(0);
  s.campaign_id = r.text(1);
  s.email = r.text(2);
  c.birth_name = r.text(3);
  c.usage_name = r.text(4);
  c.given_names = r.text(5);
  c.sex = r.text(6).empty() ? 'X' : r.text(6)[0];
  c.birth_date = Date::parse_iso(r.text(7));
  c.birth_place = r.text(8);
  c.nationality = r.text(9);
  c.address = Address{r.text(10), r.text(11), r.text(12)};
  c.ine = r.text(13);
  c.discipline = parse_discipline(r.text(14));
  c.status = parse_status(r.text(15));
  c.year_of_study = static_cast<int>(r.integer(16));
  c.ufr = r.text(17);
  c.region = r.text(18);
  return s;
}

}  // namespace

CampaignStore::CampaignStore(std::shared_ptr<storage::Database> db) : db_(std::move(db)) {
  db_->migrate("workflow", migrations());
}

std::string CampaignStore::create(const AcademicYear& year, const std::vector<QuotaLine>& quotas) {
  if (quotas.empty()) throw Error(ErrorCode::missing_field, "quotas");
  for (const auto& q : quotas) {
    if (q.key.ufr.empty()) throw Error(ErrorCode::missing_field, "quotas[].ufr");
    if (q.contracts < 0) throw Error(ErrorCode::invalid_argument, "quota < 0 pour " + q.key.ufr);
  }
  const std::string id = "camp-" + year.text();
  db_->transact([&](Transaction& tx) {
    tx.serialize("campaigns");
    if (tx.query_one("SELECT 1 FROM campaigns WHERE academic_year = ?", {year.text()})) {
      throw Error(ErrorCode::already_exists, "campagne " + year.text());
    }
    tx.execute("INSERT INTO campaigns (id, academic_year) VALUES (?, ?)", {id, year.text()});
    for (const auto& q : quotas) {
      tx.execute("INSERT INTO quotas (campaign_id, ufr, discipline, contracts) VALUES (?, ?, ?, ?)",
                 {id, q.key.ufr, std::string(to_string(q.key.discipline)), std::int64_t{q.contracts}});
    }
  });
  return id;
}

std::vector<CampaignSummary> CampaignStore::list() {
  std::vector<CampaignSummary> out;
  for (const auto& row : db_->query("SELECT id FROM campaigns ORDER BY academic_year")) {
    if (auto summary = find(row.text(0))) out.push_back(*summary);
  }
  return out;
}

std::optional<CampaignSummary> CampaignStore::find(const std::string& campaign_id) {
  auto row = db_->query_one("SELECT id, academic_year FROM campaigns WHERE id = ?", {campaign_id});
  if (!row) return std::nullopt;
  CampaignSummary summary{row->text(0), AcademicYear::parse(row->text(1)), {}};
  for (const auto& q : db_->query("SELECT ufr, discipline, contracts FROM quotas WHERE campaign_id = ? "
                                  "ORDER BY ufr, discipline",
                                  {campaign_id})) {
    summary.quotas.push_back(
        {QuotaKey{q.text(0), parse_discipline(q.text(1))}, static_cast<int>(q.integer(2))});
  }
  return summary;
}

Campaign CampaignStore::load(storage::Transaction& tx, const std::string& campaign_id) {
  auto row = tx.query_one("SELECT academic_year FROM campaigns WHERE id = ?", {campaign_id});
  if (!row) throw Error(ErrorCode::not_found, "campagne " + campaign_id);
  Campaign campaign(AcademicYear::parse(row->text(0)));
  for (const auto& q :
       tx.query("SELECT ufr, discipline, contracts FROM quotas WHERE campaign_id = ?", {campaign_id})) {
    campaign.set_quota(QuotaKey{q.text(0), parse_discipline(q.text(1))}, static_cast<int>(q.integer(2)));
  }
  for (const auto& r :
       tx.query("SELECT candidate_id, ufr, discipline, list, rank FROM rankings WHERE campaign_id = ?",
                {campaign_id})) {
    campaign.add_ranking(RankingEntry{r.text(0), QuotaKey{r.text(1), parse_discipline(r.text(2))},
                                      parse_ranking_list(r.text(3)), static_cast<int>(r.integer(4))});
  }
  for (const auto& o :
       tx.query("SELECT candidate_id, ufr, discipline, offered_on, state, closed_on FROM offers "
                "WHERE campaign_id = ?",
                {campaign_id})) {
    campaign.restore_offer(offer_from_row(o));
  }
  return campaign;
}

Campaign CampaignStore::load(const std::string& campaign_id) {
  return db_->transact([&](Transaction& tx) { return load(tx, campaign_id); });
}

void CampaignStore::save_offers(storage::Transaction& tx, const std::string& campaign_id,
                                const Campaign& campaign) {
  for (const auto& offer : campaign.offers()) {
    const std::string closed = offer.closed_on ? offer.closed_on->iso() : "";
    const std::string state(to_string(offer.state));
    if (tx.execute("UPDATE offers SET state = ?, closed_on = ? WHERE candidate_id = ?",
                   {state, closed, offer.candidate_id}) == 0) {
      tx.execute(
          "INSERT INTO offers (candidate_id, campaign_id, ufr, discipline, offered_on, state, closed_on) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
          {offer.candidate_id, campaign_id, offer.key.ufr, std::string(to_string(offer.key.discipline)),
           offer.offered_on.iso(), state, closed});
    }
  }
}

std::vector<StoredCandidate> CampaignStore::import_ranking(const std::string& campaign_id,
                                                           const std::vector<RankedCandidate>& rows,
                                                           const Date& today) {
  return db_->transact([&](Transaction& tx) {
    tx.serialize("campaign:" + campaign_id);
    Campaign campaign = load(tx, campaign_id);
    std::vector<StoredCandidate> stored;
    for (const auto& row : rows) {
      StoredCandidate s{row.candidate, campaign_id, row.email};
      Candidate& c = s.candidate;
      c.id = new_id("cand-");
      if (auto reason = ineligibility_reason(c))
        throw Error(ErrorCode::not_eligible, c.birth_name + ": " + *reason);
      const QuotaKey key{c.ufr, c.discipline};
      campaign.add_ranking(RankingEntry{c.id, key, row.list, row.rank});
      tx.execute(std::string("INSERT INTO candidates (") + kCandidateColumns +
                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {c.id, campaign_id, row.email, c.birth_name, c.usage_name, c.given_names,
                  std::string(1, c.sex), c.birth_date.iso(), c.birth_place, c.nationality, c.address.street,
                  c.address.postal_code, c.address.city, c.ine, std::string(to_string(c.discipline)),
                  std::string(to_string(c.status)), std::int64_t{c.year_of_study}, c.ufr, c.region});
      tx.execute(
          "INSERT INTO rankings (candidate_id, campaign_id, ufr, discipline, list, rank) VALUES (?, ?, ?, ?, "
          "?, ?)",
          {c.id, campaign_id, key.ufr, std::string(to_string(key.discipline)),
           std::string(to_string(row.list)), std::int64_t{row.rank}});
      stored.push_back(std::move(s));
    }
    campaign.advance(today);
    save_offers(tx, campaign_id, campaign);
    return stored;
  });
}

std::vector<Offer> CampaignStore::advance(const std::string& campaign_id, const Date& today) {
  return db_->transact([&](Transaction& tx) {
    tx.serialize("campaign:" + campaign_id);
    Campaign campaign = load(tx, campaign_id);
    auto made = campaign.advance(today);
    save_offers(tx, campaign_id, campaign);
    return made;
  });
}

std::optional<Offer> CampaignStore::offer(const std::string& candidate_id) {
  auto o = db_->query_one(
      "SELECT candidate_id, ufr, discipline, offered_on, state, closed_on FROM offers WHERE candidate_id = ?",
      {candidate_id});
  if (!o) return std::nullopt;
  return offer_from_row(*o);
}

std::optional<StoredCandidate> CampaignStore::candidate(const std::string& candidate_id) {
  auto row = db_->query_one(std::string("SELECT ") + kCandidateColumns + " FROM candidates WHERE id = ?",
                            {candidate_id});
  if (!row) return std::nullopt;
  return candidate_from_row(*row);
}

std::map<std::string, StoredCandidate> CampaignStore::candidates(const std::string& campaign_id) {
  std::map<std::string, StoredCandidate> out;
  for (const auto& row :
       db_->query(std::string("SELECT ") + kCandidateColumns + " FROM candidates WHERE campaign_id = ?",
                  {campaign_id})) {
    StoredCandidate stored = candidate_from_row(row);
    std::string id = stored.candidate.id;
    out.emplace(std::move(id), std::move(stored));
  }
  return out;
}

}  // namespace cesp::server
