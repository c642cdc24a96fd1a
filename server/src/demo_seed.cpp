#include "demo_seed.h"

#include "security/password_hasher.h"

namespace cesp::server {
namespace {

constexpr const char* kDemoUfr = "UFR-MED-LYON-EST";
constexpr const char* kDemoRegion = "ARA";

RankedCandidate demo_candidate(const std::string& birth_name, const std::string& given_names, char sex,
                               const Date& birth_date, const std::string& email, int rank, RankingList list) {
  RankedCandidate rc;
  Candidate& c = rc.candidate;
  c.birth_name = birth_name;
  c.given_names = given_names;
  c.sex = sex;
  c.birth_date = birth_date;
  c.birth_place = "Lyon";
  c.nationality = "française";
  c.address = Address{"12 rue de l'Université", "69007", "Lyon"};
  c.discipline = Discipline::medecine;
  c.status = CandidateStatus::etudiant;
  c.year_of_study = 4;
  c.ufr = kDemoUfr;
  c.region = kDemoRegion;
  rc.email = email;
  rc.rank = rank;
  rc.list = list;
  return rc;
}

// The demo campaign: 2 places, 3 ranked on the principal list, 1 on the
// complementary one. Returns the demo candidate's id.
std::string seed_campaign(CampaignStore& campaigns, const Date& today) {
  const AcademicYear year = AcademicYear::containing(today);
  const std::string id = "camp-" + year.text();
  if (!campaigns.find(id)) campaigns.create(year, {{QuotaKey{kDemoUfr, Discipline::medecine}, 2}});
  const Campaign campaign = campaigns.load(id);
  for (const auto& entry : campaign.rankings()) {
    auto stored = campaigns.candidate(entry.candidate_id);
    if (stored && stored->email == "candidat@demo.cesp") return stored->candidate.id;
  }
  auto stored =
      campaigns.import_ranking(id,
                               // The demo candidate is the person of the sample pieces (samples/pieces/
                               // candidates/anais.json), so that a visitor can upload them and see them pass.
                               {demo_candidate("LEFÈVRE-DUPRÉ", "Anaïs Marie", 'F', Date(2001, 3, 14),
                                               "candidat@demo.cesp", 1, RankingList::principal),
                                demo_candidate("N'DIAYE", "Moussa", 'M', Date(2001, 11, 2),
                                               "moussa.ndiaye@demo.cesp", 2, RankingList::principal),
                                demo_candidate("O'CONNOR", "Siobhán Élise", 'F', Date(2000, 7, 30),
                                               "siobhan.oconnor@demo.cesp", 3, RankingList::principal),
                                demo_candidate("DUPONT", "Jean-Baptiste", 'M', Date(2003, 1, 9),
                                               "jb.dupont@demo.cesp", 1, RankingList::complementary)},
                               today);
  return stored.front().candidate.id;
}

}  // namespace

const std::vector<DemoCredential>& demo_credentials() {
  static const std::vector<DemoCredential> list = {
      {"candidat@demo.cesp", "demo-candidat", Role::candidate,
       "Anaïs Lefèvre-Dupré, DFASM1, UFR de Lyon Est", "Anaïs Lefèvre-Dupré"},
      {"ufr@demo.cesp", "demo-ufr", Role::ufr, "scolarité, UFR de médecine Lyon Est", "Claire Martin"},
      {"ars@demo.cesp", "demo-ars", Role::ars, "référent CESP, ARS Auvergne-Rhône-Alpes", "Julien Moreau"},
      {"agent@demo.cesp", "demo-agent", Role::agent, "gestionnaire CESP, ASP", "Sophie Lefèvre"},
      {"archiviste@demo.cesp", "demo-archiviste", Role::archivist, "archiviste, ASP", "Hélène Garnier"},
      {"admin@demo.cesp", "demo-admin", Role::admin, "administrateur de la plateforme", "Marc Petit"},
  };
  return list;
}

int seed_demo(AccountStore& accounts, CampaignStore& campaigns, const Date& today) {
  const std::string candidate_id = seed_campaign(campaigns, today);
  int created = 0;
  for (const auto& demo : demo_credentials()) {
    if (accounts.find_by_login(demo.login)) continue;
    Account account;
    account.id = "demo-" + std::string(to_string(demo.role));
    account.login = demo.login;
    account.display_name = demo.display_name;
    account.password_hash = hash_password(demo.password);
    account.role = demo.role;
    if (demo.role == Role::candidate) account.candidate_id = candidate_id;
    if (demo.role == Role::ufr) account.ufr = kDemoUfr;
    if (demo.role == Role::ars) account.region = kDemoRegion;
    accounts.create(account);
    ++created;
  }
  return created;
}

}  // namespace cesp::server
