#include "cesp/core/endorsement.h"

#include "cesp/core/error.h"

namespace cesp {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
// Explicit guide: clang 14 (the fuzz/sanitizer builds) lacks C++20 aggregate CTAD.
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

std::string_view kind_name(const EndorsementChange& change) {
  return std::visit(
      Overloaded{
          [](const PostponedInstallation&) { return std::string_view("postponed_installation"); },
          [](const Suspension&) { return std::string_view("suspension"); },
          [](const BankDetailsChange&) { return std::string_view("bank_details_change"); },
          [](const Termination&) { return std::string_view("termination"); },
      },
      change);
}

void apply_endorsement(Contract& contract, const Endorsement& endorsement) {
  if (endorsement.contract_reference != contract.reference()) {
    throw Error(ErrorCode::invalid_argument, "avenant " + endorsement.reference + " pour " +
                                                 endorsement.contract_reference + ", pas pour " +
                                                 contract.reference());
  }
  Contract updated = contract;  // all-or-nothing
  std::visit(
      Overloaded{
          [&](const PostponedInstallation& p) {
            if (!updated.in_force() && updated.state() != ContractState::suspended) {
              throw Error(ErrorCode::invalid_transition, "report d'installation: contrat non en vigueur");
            }
            updated.engagement().postpone_installation(p.months);
          },
          [&](const Suspension& s) {
            updated.suspend();
            updated.engagement().suspend(s.months);
          },
          [&](const BankDetailsChange& b) {
            if (b.iban.empty()) throw Error(ErrorCode::missing_field, "avenant.iban");
            if (updated.state() == ContractState::terminated || updated.state() == ContractState::draft) {
              throw Error(ErrorCode::invalid_transition,
                          "changement de RIB: contrat " + std::string(to_string(updated.state())));
            }
          },
          [&](const Termination& t) { updated.terminate(t.reason); },
      },
      endorsement.change);
  contract = updated;
}

std::string mask_iban(std::string_view iban) {
  std::string compact;
  for (char c : iban) {
    if (c != ' ') compact += c;
  }
  std::string masked;
  for (std::size_t i = 0; i < compact.size(); ++i) {
    if (i > 0 && i % 4 == 0) masked += ' ';
    masked += i + 4 < compact.size() ? '*' : compact[i];
  }
  return masked;
}

std::string_view to_string(Zone zone) { return zone == Zone::zip ? "ZIP" : "ZAC"; }

std::string_view to_string(PracticeMode mode) {
  switch (mode) {
    case PracticeMode::liberal: return "liberal";
    case PracticeMode::salarie: return "salarie";
    case PracticeMode::mixte: return "mixte";
  }
  return "liberal";
}

std::string_view to_string(ArsDecision decision) {
  return decision == ArsDecision::approved ? "approved" : "refused";
}

Zone parse_zone(std::string_view text) {
  if (text == "ZIP" || text == "zip") return Zone::zip;
  if (text == "ZAC" || text == "zac") return Zone::zac;
  throw Error(ErrorCode::invalid_argument, "zone (ZIP ou ZAC): " + std::string(text));
}

PracticeMode parse_practice_mode(std::string_view text) {
  if (text == "liberal" || text == "libéral") return PracticeMode::liberal;
  if (text == "salarie" || text == "salarié") return PracticeMode::salarie;
  if (text == "mixte") return PracticeMode::mixte;
  throw Error(ErrorCode::invalid_argument, "mode d'exercice: " + std::string(text));
}

ArsDecision parse_ars_decision(std::string_view text) {
  if (text == "approved") return ArsDecision::approved;
  if (text == "refused") return ArsDecision::refused;
  throw Error(ErrorCode::invalid_argument, "décision ARS: " + std::string(text));
}

Date engagement_end(const Date& start_date, int engagement_months) {
  return start_date.plus_months(engagement_months).plus_days(-1);
}

void check_installation(const Contract& contract, const InstallationValidation& validation) {
  if (validation.contract_reference != contract.reference()) {
    throw Error(ErrorCode::invalid_argument, "validation pour " + validation.contract_reference);
  }
  if (!contract.in_force()) {
    throw Error(ErrorCode::invalid_transition,
                "installation: contrat " + std::string(to_string(contract.state())));
  }
  if (validation.site.empty()) throw Error(ErrorCode::missing_field, "installation.site");
  if (validation.start_date < validation.decision_date) {
    throw Error(ErrorCode::invalid_argument, "installation avant la décision de l'ARS");
  }
}

}  // namespace cesp
