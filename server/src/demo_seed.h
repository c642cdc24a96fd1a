// `cesp serve --demo`: a demo campaign for the current academic year with a
// few ranked candidates, and one account per role, so that a person can try
// the platform at once. The credentials are public (README) and only created
// with --demo; existing data is left untouched (seeding is idempotent).
#pragma once

#include <string>
#include <vector>

#include "cesp/core/date.h"

#include "accounts/account_store.h"
#include "workflow/campaign_store.h"

namespace cesp::server {

struct DemoCredential {
  std::string login;
  std::string password;
  Role role;
  std::string description;
  // The person's name, as it appears on what they sign (a signature
  // certificate names a person, not a job).
  std::string display_name;
};

const std::vector<DemoCredential>& demo_credentials();

// Creates what is missing; returns how many accounts it created.
int seed_demo(AccountStore& accounts, CampaignStore& campaigns, const Date& today);

}  // namespace cesp::server
