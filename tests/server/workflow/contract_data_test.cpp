#include "workflow/contract_data.h"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include "cesp/core/error.h"
#include "cesp/templates/renderer.h"
#include "cesp/templates/template.h"

using namespace cesp;
using namespace cesp::server;

namespace {

ContractInputs anais() {
  ContractInputs in;
  Candidate& c = in.candidate;
  c.id = "cand-1";
  c.birth_name = "LEFÈVRE-DUPRÉ";
  c.given_names = "Anaïs Marie";
  c.sex = 'F';
  c.birth_date = Date(2001, 3, 14);
  c.birth_place = "Lyon";
  c.nationality = "française";
  c.address = Address{"12 rue de l'Université", "69007", "Lyon"};
  c.discipline = Discipline::medecine;
  c.status = CandidateStatus::etudiant;
  c.year_of_study = 4;
  c.ufr = "UFR-MED-LYON-EST";
  c.region = "ARA";
  in.campaign_year = AcademicYear(2025);
  in.today = Date(2026, 11, 22);
  in.reference = "CESP-2026-000001";
  in.agent_name = "Sophie Lefèvre";
  in.accepted_verdicts[PieceKind::enrollment] =
      R"({"verdict": "accepted", "fields": {"academic_year": "2025-2026", "level": "DFASM2",
          "ine": "0912345678K", "institution": "UNIVERSITÉ DE VALMONT"}})";
  return in;
}

}  // namespace

TEST_CASE("The effective date is the 1st of the next month, within the campaign", "[contract_data]") {
  CHECK(contract_effective_date(AcademicYear(2025), Date(2026, 11, 22)) == Date(2026, 12, 1));
  CHECK(contract_effective_date(AcademicYear(2026), Date(2026, 12, 31)) == Date(2027, 1, 1));
  // Issued before the campaign's year starts: the year's first day.
  CHECK(contract_effective_date(AcademicYear(2026), Date(2026, 6, 10)) == Date(2026, 9, 1));
}

TEST_CASE("Contract terms come from the certificate, the directory and the rules", "[contract_data]") {
  const ContractRules& rules = ContractRules::embedded();
  const ContractTerms terms = contract_terms(rules, anais());
  CHECK(terms.effective_date == Date(2026, 12, 1));
  CHECK(terms.academic_year.text() == "2026-2027");
  // DFASM2 (year 5) in 2025-2026: médecine ends with year 10, i.e. on
  // 31 August 2031: December 2026 to August 2031 is 57 months.
  CHECK(terms.engagement.allocation_months() == 57);
  CHECK(terms.engagement.engagement_months() == 57);

  auto data = Poco::JSON::Parser().parse(terms.data_json).extract<Poco::JSON::Object::Ptr>();
  auto candidate = data->getObject("candidate");
  CHECK(candidate->getValue<std::string>("ine") == "0912345678K");  // from the certificate
  CHECK(candidate->getValue<std::string>("ufr") == "UFR de médecine Lyon-Est");
  CHECK(candidate->getValue<std::string>("university") == "Claude Bernard Lyon 1");
  CHECK(data->getObject("contract")->getValue<std::string>("place") == rules.place);
  CHECK(data->getObject("agent")->getValue<std::string>("name") == "Sophie Lefèvre");

  // The real template accepts the data.
  const templates::Renderer renderer;
  const auto tmpl =
      templates::resolve_template("contrat-cesp-medecine", templates::default_template_directory());
  const auto document = renderer.render(tmpl, terms.data_json);
  CHECK(document.reference == "CESP-2026-000001");
  CHECK(document.signature_fields.size() == 2);
}

TEST_CASE("Without a certificate the ranking's year counts; short studies give 24 months",
          "[contract_data]") {
  ContractInputs in = anais();
  in.accepted_verdicts.clear();
  in.candidate.ine = "1234567890A";
  in.candidate.discipline = Discipline::odontologie;
  in.candidate.ufr = "UFR-ODONTO-LYON";
  in.candidate.year_of_study = 5;  // in 2025-2026: studies end on 31 August 2027
  const ContractTerms terms = contract_terms(ContractRules::embedded(), in);
  CHECK(terms.engagement.allocation_months() == 9);  // December 2026 to August 2027
  CHECK(terms.engagement.engagement_months() == 24);

  in.candidate.ufr = "UFR-UNKNOWN";  // no directory entry and no certificate
  CHECK_THROWS_AS(contract_terms(ContractRules::embedded(), in), Error);
}

TEST_CASE("Contract rules are checked when parsed", "[contract_data]") {
  CHECK_THROWS_AS(ContractRules::parse("{}"), Error);
  CHECK_THROWS_AS(ContractRules::parse("not json"), Error);
  CHECK(ContractRules::embedded().last_year_of_study.at(Discipline::medecine) == 10);
}
