// What a contract says, computed from what the platform knows: the
// candidate's record, the campaign, the accepted pièces, the issuing agent
// and a small rules file (samples/rules/contract-rules.json, built into the
// binary) for what the platform holds nowhere else: the UFR and university
// names, the place of signature, the monthly allocation and the length of
// studies. The result is the template data of templates/README.md.
//
// Rules (documented in DEVELOPING.md, "Contracts"):
//  - effective date: the 1st of the month after the issue, never before the
//    campaign's academic year starts; the contract's academic year is the one
//    that date falls in;
//  - provisional allocation months: from the effective date to the end of
//    the academic year in which the candidate reaches the last year of
//    study of the discipline (médecine: year 10, i.e. a 4-year DES after
//    DFASM3; odontologie: year 6), the current year of study being read from
//    the accepted enrollment certificate (its level and academic year) when
//    there is one, else from the ranking; PADHUE: a fixed number of months;
//  - engagement months: core's Engagement (max(24, allocation months));
//  - INE: the ranking's, else the one read on the accepted certificate;
//  - UFR / university: the directory, else the certificate's institution;
//  - agent: the issuing account's display name and the rules' title.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "cesp/core/campaign.h"
#include "cesp/core/contract.h"
#include "cesp/core/dossier.h"

namespace cesp::server {

struct ContractRules {
  struct Ufr {
    std::string name;
    std::string university;
  };
  std::string version;
  std::string place;
  std::string agent_title;
  Cents monthly_allocation = kDefaultMonthlyAllocation;
  std::map<Discipline, int> last_year_of_study;
  int padhue_allocation_months = 24;
  std::map<std::string, Ufr> ufrs;               // by UFR code
  std::map<std::string, std::string> ars_names;  // region code -> "Agence régionale de santé ..."
  std::string ars_agent_title;                   // who signs installation validations

  // Throws Error(invalid_rules) naming the problem.
  static ContractRules parse(std::string_view json_text);
  // The copy of samples/rules/contract-rules.json built into the binary.
  static const ContractRules& embedded();
};

struct ContractInputs {
  Candidate candidate;
  AcademicYear campaign_year{2025};
  Date today{2025, 1, 1};
  std::string reference;
  // Verdict JSON (as `cesp check --json` prints it) of each accepted piece.
  std::map<PieceKind, std::string> accepted_verdicts;
  std::string agent_name;
};

struct ContractTerms {
  Date effective_date{2000, 1, 1};
  AcademicYear academic_year{2000};
  Engagement engagement{0};
  std::string data_json;  // the template data
};

// The 1st of the month after `today`, not before the campaign year's start.
Date contract_effective_date(const AcademicYear& campaign_year, const Date& today);

// Computes the terms and the template data. Throws Error(missing_field)
// when something the contract must print is known nowhere (e.g. no
// university for an unknown UFR and no certificate).
ContractTerms contract_terms(const ContractRules& rules, const ContractInputs& inputs);

}  // namespace cesp::server
