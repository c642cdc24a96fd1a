#include "demo_seed.h"

#include "security/password_hasher.h"

namespace cesp::server {

const std::vector<DemoCredential>& demo_credentials() {
  static const std::vector<DemoCredential> list = {
      {"candidat@demo.cesp", "demo-candidat", Role::candidate, "Camille Lefèvre-Durand, DFASM1, UFR de Lyon Est"},
      {"ufr@demo.cesp", "demo-ufr", Role::ufr, "scolarité, UFR de médecine Lyon Est"},
      {"ars@demo.cesp", "demo-ars", Role::ars, "référent CESP, ARS Auvergne-Rhône-Alpes"},
      {"agent@demo.cesp", "demo-agent", Role::agent, "gestionnaire CESP, ASP"},
      {"archiviste@demo.cesp", "demo-archiviste", Role::archivist, "archiviste, ASP"},
      {"admin@demo.cesp", "demo-admin", Role::admin, "administrateur de la plateforme"},
  };
  return list;
}

int seed_demo_accounts(AccountStore& accounts) {
  int created = 0;
  for (const auto& demo : demo_credentials()) {
    if (accounts.find_by_login(demo.login)) continue;
    Account account;
    account.id = "demo-" + std::string(to_string(demo.role));
    account.login = demo.login;
    account.display_name = demo.description;
    account.password_hash = hash_password(demo.password);
    account.role = demo.role;
    if (demo.role == Role::candidate) {
      account.candidate_id = "demo-candidate-1";
    } else if (demo.role == Role::ufr) {
      account.ufr = "UFR-MED-LYON-EST";
    } else if (demo.role == Role::ars) {
      account.region = "ARA";
    }
    accounts.create(account);
    ++created;
  }
  return created;
}

}  // namespace cesp::server
