// The objects specific to avenants and to the ARS installation validation.
#include <algorithm>

#include "cesp/core/contract.h"
#include "cesp/core/endorsement.h"
#include "cesp/core/french_format.h"

#include "data_fields.h"
#include "iban.h"

namespace cesp::templates {
namespace {

using kainjow::mustache::data;

std::string zone_label(Zone zone) {
  return zone == Zone::zip ? "zone d'intervention prioritaire (ZIP)" : "zone d'action complémentaire (ZAC)";
}

std::string mode_label(PracticeMode mode) {
  switch (mode) {
    case PracticeMode::liberal: return "exercice libéral";
    case PracticeMode::salarie: return "exercice salarié";
    case PracticeMode::mixte: return "exercice mixte, libéral et salarié";
  }
  return "";
}

}  // namespace

data avenant_view(Fields& f, const Object& root, const TemplateInfo& info, int engagement_months,
                  std::string& reference) {
  const Object a = f.object(root, "avenant");
  data v{data::type::object};
  const auto ref = f.text(a, "avenant.reference");
  const auto date = f.date(a, "avenant.date");
  const auto kind = f.text(a, "avenant.kind");
  if (kind && *kind != info.avenant_kind) {
    f.invalid("avenant.kind", "le modèle " + info.id + " attend « " + info.avenant_kind + " »");
  }
  reference = ref.value_or("");
  v.set("reference", reference);
  v.set("date", date ? format_date_fr(*date) : "");
  Engagement engagement(engagement_months);
  if (info.avenant_kind == "postponed_installation") {
    const auto months = f.integer(a, "avenant.months", 1, 120);
    const auto reason = f.text(a, "avenant.reason");
    if (months) engagement.postpone_installation(*months);
    v.set("months", months ? std::to_string(*months) : "");
    v.set("reason", reason.value_or(""));
    v.set("new_engagement_months", std::to_string(engagement.engagement_months()));
  } else if (info.avenant_kind == "suspension") {
    const auto months = f.integer(a, "avenant.months", 1, 120);
    const auto start = f.date(a, "avenant.start");
    const auto reason = f.text(a, "avenant.reason");
    if (months) {
      try {
        engagement.suspend(*months);
      } catch (const Error&) {
        f.invalid("avenant.months", "plus de mois que l'engagement n'en compte");
      }
    }
    v.set("months", months ? std::to_string(*months) : "");
    v.set("start", start ? format_date_fr(*start) : "");
    v.set("end", start && months ? format_date_fr(start->plus_months(*months).plus_days(-1)) : "");
    v.set("reason", reason.value_or(""));
    v.set("new_engagement_months", std::to_string(engagement.engagement_months()));
  } else if (info.avenant_kind == "bank_details_change") {
    const auto iban = f.text(a, "avenant.iban");
    std::string normalized = iban ? normalized_iban(*iban) : std::string();
    if (iban && normalized.empty()) f.invalid("avenant.iban", "IBAN invalide");
    v.set("iban_masked", normalized.empty() ? "" : mask_iban(normalized));
  } else if (info.avenant_kind == "termination") {
    const auto reason = f.parsed<TerminationCase>(a, "avenant.case", parse_termination_case);
    const auto effective = f.date(a, "avenant.effective");
    if (reason) {
      const int n = article_4_number(*reason);
      v.set("case_number", std::to_string(n) + "°");
      v.set("case_label", std::string(label_fr(*reason)));
    } else {
      v.set("case_number", "");
      v.set("case_label", "");
    }
    v.set("effective", effective ? format_date_fr(*effective) : "");
  } else {
    throw Error(ErrorCode::invalid_argument,
                "unknown avenant kind in template " + info.id + ": " + info.avenant_kind);
  }
  return v;
}

data installation_view(Fields& f, const Object& root, int engagement_months) {
  const Object in = f.object(root, "installation");
  data v{data::type::object};
  const auto ars = f.text(in, "installation.ars");
  const auto site = f.text(in, "installation.site");
  const Object address = f.object(in, "installation.address");
  const auto street = f.text(address, "installation.address.street");
  const auto postal = f.text(address, "installation.address.postal_code");
  const auto city = f.text(address, "installation.address.city");
  const auto zone = f.parsed<Zone>(in, "installation.zone", parse_zone);
  const auto mode = f.parsed<PracticeMode>(in, "installation.mode", parse_practice_mode);
  const auto decided = f.date(in, "installation.decision_date");
  const auto start = f.date(in, "installation.start_date");
  if (decided && start && *start < *decided) f.invalid("installation.start_date", "antérieure à la décision");
  v.set("ars", ars.value_or(""));
  v.set("site", site.value_or(""));
  v.set("address", street.value_or("") + ", " + postal.value_or("") + " " + city.value_or(""));
  v.set("zone", zone ? zone_label(*zone) : "");
  v.set("mode", mode ? mode_label(*mode) : "");
  v.set("decision_date", decided ? format_date_fr(*decided) : "");
  v.set("start_date", start ? format_date_fr(*start) : "");
  v.set("end_date", start ? format_date_fr(engagement_end(*start, engagement_months)) : "");
  v.set("engagement_months", std::to_string(engagement_months));
  return v;
}

}  // namespace cesp::templates
