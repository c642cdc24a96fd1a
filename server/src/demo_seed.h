// `cesp serve --demo`: one account per role so that a person can try the
// platform at once. The credentials are public (README) and only created
// when --demo is given; existing accounts are left untouched.
#pragma once

#include <string>
#include <vector>

#include "accounts/account_store.h"

namespace cesp::server {

struct DemoCredential {
  std::string login;
  std::string password;
  Role role;
  std::string description;
};

const std::vector<DemoCredential>& demo_credentials();
// Creates the demo accounts that do not exist yet; returns how many it created.
int seed_demo_accounts(AccountStore& accounts);

}  // namespace cesp::server
