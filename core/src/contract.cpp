#include "cesp/core/contract.h"

#include <algorithm>
#include <array>

#include "cesp/core/error.h"

namespace cesp {
namespace {

struct CaseInfo {
  TerminationCase reason;
  std::string_view code;
  std::string_view label;
};

constexpr std::array kCases = {
    CaseInfo{TerminationCase::ars_follow_up_refused, "ars_follow_up_refused",
             "refus de se soumettre au suivi individuel organisé par l'agence régionale de santé"},
    CaseInfo{TerminationCase::studies_interrupted, "studies_interrupted",
             "abandon ou interruption des études de médecine ou d'odontologie"},
    CaseInfo{TerminationCase::internship_outside_cesp_list, "internship_outside_cesp_list",
             "choix d'un poste d'interne en dehors de la liste des postes réservés aux signataires"},
    CaseInfo{TerminationCase::practice_site_not_chosen, "practice_site_not_chosen",
             "absence de choix d'un lieu d'exercice sur la liste nationale"},
    CaseInfo{TerminationCase::installation_not_validated, "installation_not_validated",
             "installation sans validation préalable de l'agence régionale de santé ou hors zone"},
    CaseInfo{TerminationCase::engagement_not_respected, "engagement_not_respected",
             "non-respect des obligations de l'engagement de service public"},
};

const CaseInfo& case_info(TerminationCase reason) { return kCases[static_cast<std::size_t>(reason)]; }

constexpr std::array<std::string_view, 7> kStateNames = {
    "draft", "issued", "signed_by_candidate", "countersigned", "archived", "suspended", "terminated"};

}  // namespace

std::string_view to_string(ContractState state) { return kStateNames[static_cast<std::size_t>(state)]; }

ContractState parse_contract_state(std::string_view text) {
  for (std::size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == text) return static_cast<ContractState>(i);
  }
  throw Error(ErrorCode::invalid_argument, "état de contrat: " + std::string(text));
}

std::string_view to_string(TerminationCase reason) { return case_info(reason).code; }
std::string_view label_fr(TerminationCase reason) { return case_info(reason).label; }
int article_4_number(TerminationCase reason) { return static_cast<int>(reason) + 1; }

TerminationCase parse_termination_case(std::string_view text) {
  for (const auto& info : kCases) {
    if (info.code == text) return info.reason;
  }
  throw Error(ErrorCode::invalid_argument, "motif de résiliation: " + std::string(text));
}

const std::vector<TerminationCase>& all_termination_cases() {
  static const std::vector<TerminationCase> cases = [] {
    std::vector<TerminationCase> v;
    for (const auto& info : kCases) v.push_back(info.reason);
    return v;
  }();
  return cases;
}

Engagement::Engagement(int allocation_months, Cents monthly_allocation)
    : allocation_months_(allocation_months), monthly_allocation_(monthly_allocation) {
  if (allocation_months < 0) throw Error(ErrorCode::invalid_argument, "mois d'allocation < 0");
  if (monthly_allocation <= 0) throw Error(ErrorCode::invalid_argument, "allocation mensuelle <= 0");
}

int Engagement::engagement_months() const {
  return std::max(kMinimumEngagementMonths, paid_months()) + postponed_months_;
}

void Engagement::extend_studies(int months) {
  if (months <= 0) throw Error(ErrorCode::invalid_argument, "allongement des études: mois <= 0");
  allocation_months_ += months;
}

void Engagement::postpone_installation(int months) {
  if (months <= 0) throw Error(ErrorCode::invalid_argument, "report d'installation: mois <= 0");
  postponed_months_ += months;
}

void Engagement::suspend(int months) {
  if (months <= 0) throw Error(ErrorCode::invalid_argument, "suspension: mois <= 0");
  if (months > paid_months()) {
    throw Error(ErrorCode::invalid_argument, "suspension de " + std::to_string(months) + " mois > " +
                                                 std::to_string(paid_months()) + " mois restant à verser");
  }
  suspended_months_ += months;
}

int provisional_allocation_months(const Date& effective_date, const Date& expected_end_of_studies) {
  return whole_months_between(effective_date, expected_end_of_studies);
}

Contract::Contract(std::string reference, std::string candidate_id, Date effective_date,
                   Engagement engagement)
    : reference_(std::move(reference)),
      candidate_id_(std::move(candidate_id)),
      effective_date_(effective_date),
      engagement_(engagement) {
  if (reference_.empty()) throw Error(ErrorCode::missing_field, "contract.reference");
  if (candidate_id_.empty()) throw Error(ErrorCode::missing_field, "contract.candidate_id");
}

void Contract::require(bool allowed, std::string_view action) const {
  if (!allowed) {
    throw Error(ErrorCode::invalid_transition,
                std::string(action) + " impossible depuis l'état " + std::string(to_string(state_)));
  }
}

void Contract::issue() {
  require(state_ == ContractState::draft, "issue");
  state_ = ContractState::issued;
}

void Contract::sign_by_candidate() {
  require(state_ == ContractState::issued, "sign_by_candidate");
  state_ = ContractState::signed_by_candidate;
}

void Contract::countersign() {
  require(state_ == ContractState::signed_by_candidate, "countersign");
  state_ = ContractState::countersigned;
}

void Contract::archive() {
  require(state_ == ContractState::countersigned, "archive");
  state_ = ContractState::archived;
}

void Contract::suspend() {
  require(in_force(), "suspend");
  state_before_suspension_ = state_;
  state_ = ContractState::suspended;
}

void Contract::resume() {
  require(state_ == ContractState::suspended, "resume");
  state_ = state_before_suspension_;
}

void Contract::terminate(TerminationCase reason) {
  require(state_ != ContractState::draft && state_ != ContractState::terminated, "terminate");
  state_ = ContractState::terminated;
  termination_ = reason;
}

}  // namespace cesp
