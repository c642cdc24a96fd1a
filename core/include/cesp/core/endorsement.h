// Avenants (endorsements) to a CESP contract and the ARS validation of an
// installation. Applying an avenant changes the contract's engagement or
// state; validation rules are checked here so every caller applies the same.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "cesp/core/candidate.h"
#include "cesp/core/contract.h"
#include "cesp/core/date.h"

namespace cesp {

struct PostponedInstallation {
  int months;          // how much later the installation starts
  std::string reason;  // e.g. "formation spécialisée transversale"
};

struct Suspension {
  int months;
  Date start;
  std::string reason;  // e.g. "disponibilité pour convenances personnelles"
};

struct BankDetailsChange {
  std::string iban;  // the new IBAN, validated by the caller (ocr/ checks the RIB)
};

struct Termination {
  TerminationCase reason;
  Date effective;  // date of receipt of the notice (article 6)
};

using EndorsementChange = std::variant<PostponedInstallation, Suspension, BankDetailsChange, Termination>;

struct Endorsement {
  std::string reference;
  std::string contract_reference;
  Date date;
  EndorsementChange change;
};

// "postponed_installation", "suspension", "bank_details_change", "termination".
std::string_view kind_name(const EndorsementChange& change);

// Applies an avenant to a contract it belongs to. Throws
// Error(invalid_argument) when the avenant names another contract or has bad
// values, Error(invalid_transition) when the contract's state forbids it
// (e.g. suspending a contract not yet countersigned). The contract is
// unchanged on error.
void apply_endorsement(Contract& contract, const Endorsement& endorsement);

// An IBAN with every character but the last 4 replaced by '*', grouped by 4
// as IBANs are printed: "FR76 3000 6000 0112 3456 7890 189" gives
// "**** **** **** **** **** ***0 189".
std::string mask_iban(std::string_view iban);

enum class Zone { zip, zac };  // zone d'intervention prioritaire / zone d'action complémentaire
enum class PracticeMode { liberal, salarie, mixte };
enum class ArsDecision { approved, refused };
std::string_view to_string(Zone zone);
std::string_view to_string(PracticeMode mode);
std::string_view to_string(ArsDecision decision);
Zone parse_zone(std::string_view text);
PracticeMode parse_practice_mode(std::string_view text);
ArsDecision parse_ars_decision(std::string_view text);

struct InstallationValidation {
  std::string contract_reference;
  std::string site;
  Address address;
  Zone zone;
  PracticeMode mode;
  ArsDecision decision;
  Date decision_date;
  Date start_date;  // first day of practice
};

// The last day of the engagement for an installation starting on start_date.
Date engagement_end(const Date& start_date, int engagement_months);

// Throws Error(invalid_argument) when the validation is inconsistent (start
// before the decision, empty site), Error(invalid_transition) when the
// contract is not in force.
void check_installation(const Contract& contract, const InstallationValidation& validation);

}  // namespace cesp
