#include "document_data.h"

#include <catch2/catch.hpp>

#include "cesp/core/error.h"
#include "cesp/templates/template.h"

#include "iban.h"
#include "test_support.h"

using namespace cesp::templates;
using namespace cesp::templates::test;

namespace {

TemplateInfo info_of(const std::string& id) {
  return resolve_template(id, source_path("samples/templates")).info();
}

cesp::Error error_of(const std::string& json, const std::string& id) {
  try {
    build_view(json, info_of(id));
  } catch (const cesp::Error& e) {
    return e;
  }
  FAIL("expected an error");
  return cesp::Error(cesp::ErrorCode::internal);
}

std::string remove_key(std::string json, const std::string& key_and_value) {
  const auto at = json.find(key_and_value);
  REQUIRE(at != std::string::npos);
  json.erase(at, key_and_value.size());
  return json;
}

}  // namespace

TEST_CASE("the sample data sets are complete", "[data]") {
  for (const char* id : {"contrat-cesp-medecine", "contrat-cesp-odontologie", "avenant-report-installation",
                         "avenant-suspension", "avenant-coordonnees-bancaires", "notification-resiliation",
                         "validation-installation-ars"}) {
    INFO(id);
    CHECK_NOTHROW(build_view(sample_data(id), info_of(id)));
  }
}

TEST_CASE("one error lists every missing field", "[data]") {
  std::string json = sample_data("contrat-cesp-medecine");
  json = remove_key(json, "\"birth_name\": \"DURAND\",");
  json = remove_key(json, "\"academic_year\": \"2026-2027\",");
  json = remove_key(json, "\"city\": \"Lyon\",");
  json = remove_key(json, "\"title\": \"cheffe du département de la gestion des contrats\"");
  json = remove_key(json, "\"name\": \"Sophie Lefèvre\",");
  const cesp::Error e = error_of(json, "contrat-cesp-medecine");
  CHECK(e.code() == cesp::ErrorCode::missing_field);
  for (const char* field : {"candidate.birth_name", "candidate.address.city", "contract.academic_year",
                            "agent.name", "agent.title"}) {
    INFO(field);
    CHECK(e.context().find(field) != std::string::npos);
    CHECK(e.message_fr().find(field) != std::string::npos);
  }
}

TEST_CASE("a whole missing section is reported with the invalid fields", "[data]") {
  const cesp::Error e =
      error_of(R"({"candidate": {"birth_name": "X", "sex": "Q", "birth_date": "2001-02-30"}})",
               "contrat-cesp-medecine");
  CHECK(e.code() == cesp::ErrorCode::missing_field);
  CHECK(e.context().find("contract") != std::string::npos);
  CHECK(e.context().find("agent") != std::string::npos);
  CHECK(e.context().find("candidate.given_names") != std::string::npos);
  CHECK(e.context().find("candidate.sex (F, M ou X attendu)") != std::string::npos);
  CHECK(e.context().find("candidate.birth_date (date") != std::string::npos);
}

TEST_CASE("invalid values are refused against the domain rules", "[data]") {
  std::string json = sample_data("contrat-cesp-medecine");
  auto replace = [&json](const std::string& from, const std::string& to) {
    const auto at = json.find(from);
    REQUIRE(at != std::string::npos);
    json.replace(at, from.size(), to);
  };
  replace("\"engagement_months\": 36", "\"engagement_months\": 12");  // under the 24-month minimum
  replace("\"effective_date\": \"2026-09-01\"", "\"effective_date\": \"2028-01-01\"");  // outside 2026-2027
  replace("\"ine\": \"1234567890A\"", "\"ine\": \"12AB\"");
  replace("\"discipline\": \"medecine\"", "\"discipline\": \"odontologie\"");
  const cesp::Error e = error_of(json, "contrat-cesp-medecine");
  CHECK(e.code() == cesp::ErrorCode::invalid_argument);
  CHECK(e.context().find("contract.engagement_months") != std::string::npos);
  CHECK(e.context().find("contract.effective_date") != std::string::npos);
  CHECK(e.context().find("candidate.ine") != std::string::npos);
  CHECK(e.context().find("candidate.discipline") != std::string::npos);
}

TEST_CASE("avenant data must match the template's avenant kind", "[data]") {
  std::string json = sample_data("avenant-suspension");
  json.replace(json.find("\"kind\": \"suspension\""), 20, "\"kind\": \"termination\"");
  const cesp::Error e = error_of(json, "avenant-suspension");
  CHECK(e.context().find("avenant.kind") != std::string::npos);
  const cesp::Error missing = error_of(sample_data("contrat-cesp-medecine"), "avenant-coordonnees-bancaires");
  CHECK(missing.code() == cesp::ErrorCode::missing_field);
  CHECK(missing.context().find("avenant") != std::string::npos);
}

TEST_CASE("a suspension cannot remove more months than the engagement has", "[data]") {
  std::string json = sample_data("avenant-suspension");
  json.replace(json.find("\"months\": 6"), 11, "\"months\": 60");
  CHECK(error_of(json, "avenant-suspension").context().find("avenant.months") != std::string::npos);
}

TEST_CASE("IBANs are checked with their key and masked but for the last 4", "[data]") {
  CHECK(normalized_iban("FR76 3000 6000 0112 3456 7890 189") == "FR7630006000011234567890189");
  CHECK(normalized_iban("fr7630006000011234567890189") == "FR7630006000011234567890189");
  CHECK(normalized_iban("FR76 3000 6000 0112 3456 7890 188").empty());
  CHECK(normalized_iban("FR76-3000").empty());
  std::string json = sample_data("avenant-coordonnees-bancaires");
  json.replace(json.find("189\""), 4, "188\"");
  CHECK(error_of(json, "avenant-coordonnees-bancaires").context().find("avenant.iban") != std::string::npos);
}

TEST_CASE("malformed JSON is an invalid_json error", "[data]") {
  CHECK(error_of("{\"candidate\": ", "contrat-cesp-medecine").code() == cesp::ErrorCode::invalid_json);
  CHECK(error_of("[1, 2]", "contrat-cesp-medecine").code() == cesp::ErrorCode::invalid_json);
}
