// Who may do what. Least privilege: each action lists the roles that may
// perform it and how the target must relate to the caller (their own dossier,
// their UFR's candidates, their ARS region). Every route names one Action and
// calls require(); the authorization matrix test walks every route x role.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cesp::server {

enum class Role { candidate, ufr, ars, agent, archivist, admin };
std::string_view to_string(Role role);
Role parse_role(std::string_view text);  // Error(invalid_argument) when unknown
const std::vector<Role>& all_roles();

// The authenticated caller and the part of the world they answer for.
struct Principal {
  std::string account_id;
  std::string login;
  Role role = Role::candidate;
  std::string candidate_id;  // role candidate: their own record
  std::string ufr;           // role ufr: their UFR code
  std::string region;        // role ars: their region code
};

enum class Action {
  read_own_account,
  list_campaigns,
  create_campaign,
  import_ranking,
  read_dossier,
  upload_piece,
  issue_contract,
  read_contract,
  sign_as_candidate,
  countersign,
  create_avenant,
  validate_installation,
  read_archive,
  export_archive,
  audit_archive,
  manage_accounts,
  extend_contract,  // B-LTA extension of a countersigned contract
};
std::string_view to_string(Action action);

// What the target belongs to; empty fields are "not applicable".
struct Scope {
  std::string candidate_id;
  std::string ufr;
  std::string region;
};

bool allowed(const Principal& who, Action action, const Scope& target = {});
// Throws Error(forbidden) when not allowed.
void require(const Principal& who, Action action, const Scope& target = {});

}  // namespace cesp::server
