#include "security/authorization.h"

#include <array>

#include "cesp/core/error.h"

namespace cesp::server {
namespace {

// How a role's permission is limited by the target's scope.
enum class Reach {
  none,        // not allowed
  own,         // candidate: target.candidate_id must be theirs
  own_ufr,     // ufr: target.ufr must be theirs
  own_region,  // ars: target.region must be theirs
  any,         // no scope restriction
};

constexpr std::size_t kRoles = 6;
using Row = std::array<Reach, kRoles>;  // indexed by Role

struct Rule {
  Action action;
  std::string_view name;
  Row reach;  // candidate, ufr, ars, agent, archivist, admin
};

constexpr Reach N = Reach::none, O = Reach::own, U = Reach::own_ufr, R = Reach::own_region, A = Reach::any;

// The whole policy in one table, read by role column.
constexpr std::array kRules = {
    //                                                   cand ufr ars agent archiv admin
    Rule{Action::read_own_account, "read_own_account", {A, A, A, A, A, A}},
    Rule{Action::list_campaigns, "list_campaigns", {N, A, A, A, N, A}},
    Rule{Action::create_campaign, "create_campaign", {N, N, N, N, N, A}},
    Rule{Action::import_ranking, "import_ranking", {N, U, N, N, N, A}},
    Rule{Action::read_dossier, "read_dossier", {O, U, R, A, N, A}},
    Rule{Action::upload_piece, "upload_piece", {O, N, N, N, N, N}},
    Rule{Action::issue_contract, "issue_contract", {N, N, N, A, N, N}},
    Rule{Action::read_contract, "read_contract", {O, U, R, A, A, N}},
    Rule{Action::sign_as_candidate, "sign_as_candidate", {O, N, N, N, N, N}},
    Rule{Action::countersign, "countersign", {N, N, N, A, N, N}},
    Rule{Action::create_avenant, "create_avenant", {N, N, N, A, N, N}},
    Rule{Action::validate_installation, "validate_installation", {N, N, R, N, N, N}},
    Rule{Action::read_archive, "read_archive", {N, N, N, N, A, N}},
    Rule{Action::export_archive, "export_archive", {N, N, N, N, A, N}},
    Rule{Action::audit_archive, "audit_archive", {N, N, N, N, A, N}},
    Rule{Action::manage_accounts, "manage_accounts", {N, N, N, N, N, A}},
    Rule{Action::extend_contract, "extend_contract", {N, N, N, A, A, N}},
};

constexpr bool rules_follow_enum_order() {
  for (std::size_t i = 0; i < kRules.size(); ++i) {
    if (static_cast<std::size_t>(kRules[i].action) != i) return false;
  }
  return kRules.size() == static_cast<std::size_t>(Action::extend_contract) + 1;
}
static_assert(rules_follow_enum_order(), "kRules must list every Action once, in enum order");

constexpr std::array<std::string_view, kRoles> kRoleNames = {"candidate", "ufr",       "ars",
                                                             "agent",     "archivist", "admin"};

const Rule& rule_for(Action action) { return kRules[static_cast<std::size_t>(action)]; }

bool matches(const std::string& mine, const std::string& target) { return !mine.empty() && mine == target; }

}  // namespace

std::string_view to_string(Role role) { return kRoleNames[static_cast<std::size_t>(role)]; }

Role parse_role(std::string_view text) {
  for (std::size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == text) return static_cast<Role>(i);
  }
  throw Error(ErrorCode::invalid_argument, "rôle: " + std::string(text));
}

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles = {Role::candidate, Role::ufr,       Role::ars,
                                          Role::agent,     Role::archivist, Role::admin};
  return roles;
}

std::string_view to_string(Action action) { return rule_for(action).name; }

bool allowed(const Principal& who, Action action, const Scope& target) {
  switch (rule_for(action).reach[static_cast<std::size_t>(who.role)]) {
    case Reach::none: return false;
    case Reach::any: return true;
    case Reach::own: return matches(who.candidate_id, target.candidate_id);
    case Reach::own_ufr: return matches(who.ufr, target.ufr);
    case Reach::own_region: return matches(who.region, target.region);
  }
  return false;
}

void require(const Principal& who, Action action, const Scope& target) {
  if (!allowed(who, action, target)) {
    throw Error(ErrorCode::forbidden,
                std::string(to_string(who.role)) + " / " + std::string(to_string(action)));
  }
}

}  // namespace cesp::server
