#include "document_data.h"

#include <Poco/JSON/Parser.h>

#include <cmath>
#include <optional>
#include <vector>

#include "cesp/core/candidate.h"
#include "cesp/core/contract.h"
#include "cesp/core/endorsement.h"
#include "cesp/core/error.h"
#include "cesp/core/french_format.h"

#include "data_fields.h"

namespace cesp::templates {
namespace {

using kainjow::mustache::data;

constexpr std::size_t kMaxDataBytes = 1u << 20;
data address_view(Fields& f, const Object& parent, const std::string& path) {
  const Object a = f.object(parent, path);
  const auto street = f.text(a, path + ".street");
  const auto postal = f.text(a, path + ".postal_code");
  const auto city = f.text(a, path + ".city");
  const auto country = f.text(a, path + ".country", false);
  std::string line = street.value_or("") + ", " + postal.value_or("") + " " + city.value_or("");
  if (country && *country != "France") line += " (" + *country + ")";
  return data(line);
}

std::string feminine(char sex, const char* m, const char* fem, const char* both) {
  return sex == 'F' ? fem : sex == 'M' ? m : both;
}

data candidate_view(Fields& f, const Object& root, const TemplateInfo& info, std::optional<Date>& birth) {
  const Object c = f.object(root, "candidate");
  data v{data::type::object};
  const auto birth_name = f.text(c, "candidate.birth_name");
  const auto usage_name = f.text(c, "candidate.usage_name", false);
  const auto given = f.text(c, "candidate.given_names");
  const auto sex_text = f.text(c, "candidate.sex");
  birth = f.date(c, "candidate.birth_date");
  const auto place = f.text(c, "candidate.birth_place");
  const auto nationality = f.text(c, "candidate.nationality");
  v.set("address", address_view(f, c, "candidate.address"));
  const auto status = f.parsed<CandidateStatus>(c, "candidate.status", parse_status);
  const auto discipline = f.parsed<Discipline>(c, "candidate.discipline", parse_discipline);
  const auto ufr = f.text(c, "candidate.ufr");
  const auto university = f.text(c, "candidate.university");
  const auto ine = f.text(c, "candidate.ine", status && *status != CandidateStatus::padhue);
  char sex = 'X';
  if (sex_text) {
    if (*sex_text == "F" || *sex_text == "M" || *sex_text == "X")
      sex = (*sex_text)[0];
    else
      f.invalid("candidate.sex", "F, M ou X attendu");
  }
  if (ine && !ine_format_valid(*ine)) f.invalid("candidate.ine", "format INE invalide");
  if (discipline && !info.discipline.empty() && std::string(to_string(*discipline)) != info.discipline) {
    f.invalid("candidate.discipline",
              "le modèle " + info.id + " est réservé à la discipline " + info.discipline);
  }
  const std::string name = usage_name.value_or(birth_name.value_or(""));
  const std::string civility = feminine(sex, "M.", "Mme", "");
  v.set("birth_name", birth_name.value_or(""));
  v.set("usage_name", name);
  v.set("given_names", given.value_or(""));
  v.set("civility", civility.empty() ? "Mme/M." : civility);
  v.set("designation", (civility.empty() ? "" : civility + " ") + given.value_or("") + " " + name);
  v.set("e", feminine(sex, "", "e", "(e)"));
  v.set("birth_date", birth ? format_date_fr(*birth) : "");
  v.set("birth_place", place.value_or(""));
  v.set("nationality", nationality.value_or(""));
  std::string status_label;
  if (status) {
    status_label =
        *status == CandidateStatus::etudiant  ? feminine(sex, "étudiant", "étudiante", "étudiant(e)")
        : *status == CandidateStatus::interne ? "interne"
                                              : feminine(sex, "praticien à diplôme hors Union européenne",
                                                         "praticienne à diplôme hors Union européenne",
                                                         "praticien(ne) à diplôme hors Union européenne");
  }
  v.set("status", status_label);
  v.set("ufr", ufr.value_or(""));
  v.set("university", university.value_or(""));
  v.set("ine", ine.value_or("non applicable"));
  return v;
}

}  // namespace

DocumentView build_view(std::string_view json, const TemplateInfo& info) {
  if (json.size() > kMaxDataBytes) throw Error(ErrorCode::too_large, "document data");
  Object root;
  try {
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var parsed = parser.parse(std::string(json));
    root = parsed.extract<Object>();
  } catch (const Poco::Exception& e) {
    throw Error(ErrorCode::invalid_json, e.displayText());
  } catch (const std::exception& e) {
    throw Error(ErrorCode::invalid_json, "document data is not a JSON object");
  }
  if (!root) throw Error(ErrorCode::invalid_json, "document data is not a JSON object");

  Fields f;
  DocumentView view;
  view.data = data{data::type::object};
  std::optional<Date> birth;
  view.data.set("candidate", candidate_view(f, root, info, birth));

  const Object c = f.object(root, "contract");
  const auto reference = f.text(c, "contract.reference");
  const auto year = f.parsed<AcademicYear>(c, "contract.academic_year", AcademicYear::parse);
  const auto effective = f.date(c, "contract.effective_date");
  const auto months = f.integer(c, "contract.engagement_months", kMinimumEngagementMonths, 240);
  const auto allocation = f.number(c, "contract.monthly_allocation_eur", 1, 100000);
  const auto place = f.text(c, "contract.place");
  const auto date = f.date(c, "contract.date");
  if (year && effective && (*effective < year->start() || *effective > year->end())) {
    f.invalid("contract.effective_date", "hors de l'année universitaire " + year->text());
  }
  if (birth && effective && !(*birth < *effective))
    f.invalid("candidate.birth_date", "postérieure à la date d'effet");
  if (allocation && std::round(*allocation * 100) != *allocation * 100) {
    f.invalid("contract.monthly_allocation_eur", "au plus deux décimales");
  }
  data contract{data::type::object};
  contract.set("reference", reference.value_or(""));
  contract.set("academic_year", year ? year->text() : "");
  contract.set("effective_date", effective ? format_date_fr(*effective) : "");
  contract.set("engagement_months", months ? std::to_string(*months) : "");
  contract.set("monthly_allocation",
               allocation ? format_amount_fr(Cents(std::llround(*allocation * 100))) : "");
  contract.set("place", place.value_or(""));
  contract.set("date", date ? format_date_fr(*date) : "");
  view.data.set("contract", contract);

  const Object a = f.object(root, "agent");
  data agent{data::type::object};
  agent.set("name", f.text(a, "agent.name").value_or(""));
  agent.set("title", f.text(a, "agent.title").value_or(""));
  view.data.set("agent", agent);

  view.reference = reference.value_or("");
  view.may_be_empty = {"candidate.e"};
  if (info.kind == TemplateKind::avenant) {
    view.data.set("avenant",
                  avenant_view(f, root, info, months.value_or(kMinimumEngagementMonths), view.reference));
  } else if (info.kind == TemplateKind::installation) {
    view.data.set("installation", installation_view(f, root, months.value_or(kMinimumEngagementMonths)));
  }
  f.throw_if_any();
  return view;
}

}  // namespace cesp::templates
