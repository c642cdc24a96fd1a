#include "workflow/contract_data.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "cesp/core/error.h"

#include "embedded/contract_rules_json.h"

namespace cesp::server {
namespace {

using Poco::JSON::Object;

Object::Ptr parse_object(std::string_view text, ErrorCode code, const std::string& what) {
  try {
    auto value = Poco::JSON::Parser().parse(std::string(text));
    auto object = value.extract<Object::Ptr>();
    if (object) return object;
  } catch (const Poco::Exception& e) {
    throw Error(code, what + ": " + e.displayText());
  } catch (const std::exception& e) {
    throw Error(code, what + ": " + e.what());
  }
  throw Error(code, what + ": objet JSON attendu");
}

std::string field_of(const std::map<PieceKind, std::string>& verdicts, PieceKind kind,
                     const std::string& name) {
  auto it = verdicts.find(kind);
  if (it == verdicts.end()) return "";
  try {
    auto fields = parse_object(it->second, ErrorCode::invalid_json, "verdict")->getObject("fields");
    if (fields && fields->has(name) && fields->get(name).isString())
      return fields->getValue<std::string>(name);
  } catch (const Error&) {
  }
  return "";
}

// Months of allocation from the effective date to the expected end of studies.
int allocation_months(const ContractRules& rules, const ContractInputs& in, const Date& effective) {
  const Candidate& c = in.candidate;
  if (c.status == CandidateStatus::padhue) return rules.padhue_allocation_months;
  auto last = rules.last_year_of_study.find(c.discipline);
  if (last == rules.last_year_of_study.end())
    throw Error(ErrorCode::invalid_rules, "last_year_of_study." + std::string(to_string(c.discipline)));
  // Where the candidate stands: the certificate (level and its academic
  // year) is evidence; the ranking's year of study is a declaration.
  int year_of_study = c.year_of_study;
  AcademicYear as_of = in.campaign_year;
  const std::string level = field_of(in.accepted_verdicts, PieceKind::enrollment, "level");
  const std::string cert_year = field_of(in.accepted_verdicts, PieceKind::enrollment, "academic_year");
  if (auto parsed = parse_study_level(level, c.discipline); parsed && !cert_year.empty()) {
    try {
      as_of = AcademicYear::parse(cert_year);
      year_of_study = parsed->year_of_study;
    } catch (const Error&) {
      // An unreadable year on an accepted certificate: keep the ranking's.
    }
  }
  const int remaining_years = std::max(0, last->second - year_of_study);
  // The allocation is paid through August of the last year: count up to the
  // 1st of September after it (whole months, core's rule).
  const Date after_studies = AcademicYear(as_of.first_year() + remaining_years).end().plus_days(1);
  return std::max(0, provisional_allocation_months(effective, after_studies));
}

Object address_json(const Address& a) {
  Object out;
  out.set("street", a.street);
  out.set("postal_code", a.postal_code);
  out.set("city", a.city);
  if (!a.country.empty()) out.set("country", a.country);
  return out;
}

}  // namespace

ContractRules ContractRules::parse(std::string_view json_text) {
  auto root = parse_object(json_text, ErrorCode::invalid_rules, "règles des contrats");
  ContractRules rules;
  try {
    rules.version = root->getValue<std::string>("rules_version");
    rules.place = root->getValue<std::string>("place");
    rules.agent_title = root->getValue<std::string>("agent_title");
    rules.monthly_allocation = std::llround(root->getValue<double>("monthly_allocation_eur") * 100);
    rules.padhue_allocation_months = root->getValue<int>("padhue_allocation_months");
    auto last = root->getObject("last_year_of_study");
    if (!last) throw Error(ErrorCode::invalid_rules, "last_year_of_study");
    for (const auto& [name, value] : *last)
      rules.last_year_of_study[parse_discipline(name)] = value.convert<int>();
    auto ufrs = root->getObject("ufrs");
    if (!ufrs) throw Error(ErrorCode::invalid_rules, "ufrs");
    for (const auto& [code, value] : *ufrs) {
      auto ufr = value.extract<Object::Ptr>();
      rules.ufrs[code] = Ufr{ufr->getValue<std::string>("name"), ufr->getValue<std::string>("university")};
    }
    if (auto ars = root->getObject("ars")) {
      for (const auto& [code, value] : *ars) rules.ars_names[code] = value.convert<std::string>();
    }
    rules.ars_agent_title = root->optValue<std::string>("ars_agent_title", "directeur de l'offre de soins");
  } catch (const Error& e) {
    if (e.code() == ErrorCode::invalid_rules) throw;
    throw Error(ErrorCode::invalid_rules, std::string(e.code_name()) + ": " + e.context());
  } catch (const Poco::Exception& e) {
    throw Error(ErrorCode::invalid_rules, "règles des contrats: " + e.displayText());
  }
  if (rules.monthly_allocation <= 0) throw Error(ErrorCode::invalid_rules, "monthly_allocation_eur");
  return rules;
}

const ContractRules& ContractRules::embedded() {
  static const ContractRules rules = parse(embedded::contract_rules_json());
  return rules;
}

Date contract_effective_date(const AcademicYear& campaign_year, const Date& today) {
  const Date next_month = Date(today.year(), today.month(), 1).plus_months(1);
  return std::max(next_month, campaign_year.start());
}

ContractTerms contract_terms(const ContractRules& rules, const ContractInputs& in) {
  const Candidate& c = in.candidate;
  ContractTerms terms;
  terms.effective_date = contract_effective_date(in.campaign_year, in.today);
  terms.academic_year = AcademicYear::containing(terms.effective_date);
  terms.engagement = Engagement(allocation_months(rules, in, terms.effective_date), rules.monthly_allocation);

  std::string ufr_name = c.ufr, university;
  if (auto it = rules.ufrs.find(c.ufr); it != rules.ufrs.end()) {
    ufr_name = it->second.name;
    university = it->second.university;
  }
  if (university.empty()) university = field_of(in.accepted_verdicts, PieceKind::enrollment, "institution");
  if (university.empty()) throw Error(ErrorCode::missing_field, "candidate.university (UFR " + c.ufr + ")");
  std::string ine = c.ine;
  if (ine.empty()) ine = field_of(in.accepted_verdicts, PieceKind::enrollment, "ine");

  Object candidate;
  candidate.set("birth_name", c.birth_name);
  if (!c.usage_name.empty()) candidate.set("usage_name", c.usage_name);
  candidate.set("given_names", c.given_names);
  candidate.set("sex", std::string(1, c.sex));
  candidate.set("birth_date", c.birth_date.iso());
  candidate.set("birth_place", c.birth_place);
  candidate.set("nationality", c.nationality);
  candidate.set("address", address_json(c.address));
  candidate.set("status", std::string(to_string(c.status)));
  candidate.set("discipline", std::string(to_string(c.discipline)));
  candidate.set("ufr", ufr_name);
  candidate.set("university", university);
  if (!ine.empty()) candidate.set("ine", ine);

  Object contract;
  contract.set("reference", in.reference);
  contract.set("academic_year", terms.academic_year.text());
  contract.set("effective_date", terms.effective_date.iso());
  contract.set("engagement_months", terms.engagement.engagement_months());
  contract.set("monthly_allocation_eur", static_cast<double>(rules.monthly_allocation) / 100.0);
  contract.set("place", rules.place);
  contract.set("date", in.today.iso());

  Object agent;
  agent.set("name", in.agent_name);
  agent.set("title", rules.agent_title);

  Object data;
  data.set("candidate", candidate);
  data.set("contract", contract);
  data.set("agent", agent);
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(data, out);
  terms.data_json = out.str();
  return terms;
}

}  // namespace cesp::server
