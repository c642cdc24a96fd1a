// The life of a CESP contract (contrat type, arrêté du 27 juillet 2010):
//
//   draft -> issued -> signed_by_candidate -> countersigned -> archived
//   in force (countersigned or archived) <-> suspended
//   issued .. suspended -> terminated (one of the six cases of article 4)
//
// and the engagement it creates: as many months of practice in a ZIP/ZAC zone
// as months of allocation were paid, never fewer than 24; a postponed
// installation lengthens it, a suspension of the allocation shortens it
// (article 5 of the contrat type).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cesp/core/candidate.h"
#include "cesp/core/date.h"
#include "cesp/core/french_format.h"

namespace cesp {

enum class ContractState {
  draft,
  issued,
  signed_by_candidate,
  countersigned,
  archived,
  suspended,
  terminated
};
std::string_view to_string(ContractState state);
ContractState parse_contract_state(std::string_view text);

// The unilateral termination cases of article 4 of the arrêté du 27 juillet
// 2010. Codes are stable; labels are the French wording shown in notices.
enum class TerminationCase {
  ars_follow_up_refused,         // 1° refus du suivi individuel par l'ARS (art. 2 bis)
  studies_interrupted,           // 2° abandon ou interruption des études
  internship_outside_cesp_list,  // 3° choix d'un poste d'interne hors liste CESP
  practice_site_not_chosen,      // 4° pas de choix de lieu d'exercice sur la liste nationale
  installation_not_validated,    // 5° installation sans validation de l'ARS ou hors zone
  engagement_not_respected,      // 6° non-respect de l'engagement (tarifs, durée, lieu)
};
std::string_view to_string(TerminationCase reason);
TerminationCase parse_termination_case(std::string_view text);
std::string_view label_fr(TerminationCase reason);
int article_4_number(TerminationCase reason);  // 1..6
const std::vector<TerminationCase>& all_termination_cases();

// Default monthly gross allocation (arrêté du 27 juillet 2010 modifié): 1 200 €.
inline constexpr Cents kDefaultMonthlyAllocation = 120000;
inline constexpr int kMinimumEngagementMonths = 24;

// The month arithmetic of article 5.
class Engagement {
 public:
  // allocation_months: months of allocation expected from the effective date
  // to the end of studies (>= 0).
  explicit Engagement(int allocation_months, Cents monthly_allocation = kDefaultMonthlyAllocation);

  // Months during which the allocation is actually paid.
  int paid_months() const { return allocation_months_ - suspended_months_; }
  // Engagement to serve: max(24, paid months) + postponed months.
  int engagement_months() const;
  // Gross amount paid over the whole allocation period.
  Cents total_allocation() const { return paid_months() * monthly_allocation_; }
  Cents monthly_allocation() const { return monthly_allocation_; }
  int allocation_months() const { return allocation_months_; }
  int suspended_months() const { return suspended_months_; }
  int postponed_months() const { return postponed_months_; }

  // Longer studies add allocation months (article 5, first case).
  void extend_studies(int months);
  // A postponed installation lengthens the engagement (months > 0).
  void postpone_installation(int months);
  // A suspension of the allocation shortens the engagement; it cannot
  // suspend more months than remain to be paid.
  void suspend(int months);

 private:
  int allocation_months_;
  Cents monthly_allocation_;
  int suspended_months_ = 0;
  int postponed_months_ = 0;
};

// Expected allocation months from the effective date to the expected end of
// studies, as written provisionally in article 5 of the contract.
int provisional_allocation_months(const Date& effective_date, const Date& expected_end_of_studies);

class Contract {
 public:
  Contract(std::string reference, std::string candidate_id, Date effective_date, Engagement engagement);

  const std::string& reference() const { return reference_; }
  const std::string& candidate_id() const { return candidate_id_; }
  const Date& effective_date() const { return effective_date_; }
  ContractState state() const { return state_; }
  const Engagement& engagement() const { return engagement_; }
  Engagement& engagement() { return engagement_; }
  std::optional<TerminationCase> termination_case() const { return termination_; }

  // Each transition throws Error(invalid_transition) when not allowed from the
  // current state; the state is then unchanged.
  void issue();
  void sign_by_candidate();
  void countersign();
  void archive();
  void suspend();
  void resume();
  void terminate(TerminationCase reason);

  bool in_force() const {
    return state_ == ContractState::countersigned || state_ == ContractState::archived;
  }

 private:
  void require(bool allowed, std::string_view action) const;

  std::string reference_;
  std::string candidate_id_;
  Date effective_date_;
  Engagement engagement_;
  ContractState state_ = ContractState::draft;
  ContractState state_before_suspension_ = ContractState::countersigned;
  std::optional<TerminationCase> termination_;
};

}  // namespace cesp
