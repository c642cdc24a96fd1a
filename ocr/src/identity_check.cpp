#include "cesp/core/error.h"
#include "cesp/ocr/names.h"

#include "checks.h"

namespace cesp::ocr::detail {
namespace {

// The old card's MRZ has no expiry: it follows from the issue month (the
// first four digits of the number) and the law: 10 years, or 15 years for a
// card issued to an adult from 2 January 2004 on.
std::string cni_old_expiry(const MrzData& mrz, const std::string& birth_iso) {
  const std::string& number = mrz.document_number;
  if (number.size() < 4 || !std::all_of(number.begin(), number.begin() + 4, ::isdigit)) return {};
  try {
    const int month = std::stoi(number.substr(2, 2));
    const Date issued(2000 + std::stoi(number.substr(0, 2)), month, 1);
    bool adult = true;
    if (!birth_iso.empty()) adult = age_on(Date::parse_iso(birth_iso), issued) >= 18;
    const int years = adult && issued >= Date(2004, 1, 2) ? 15 : 10;
    return issued.plus_months(12 * years).iso();
  } catch (const Error&) {
    return {};
  }
}

}  // namespace

void check_identity(PieceView& view, const CheckRequest& request, Verdict& verdict) {
  double confidence = 0.0;
  auto mrz = view.mrz(confidence);
  verdict.confidence = confidence;
  if (!mrz) {
    verdict.reject(
        "mrz_not_found",
        "La bande MRZ (lignes <<< en bas du document) est introuvable : envoyez une photo nette et "
        "entière de la pièce.");
    return;
  }
  const std::string birth = mrz_birth_date_iso(mrz->birth_date_yymmdd, request.today.year());
  const std::string expiry = mrz->format == MrzFormat::cni_old ? cni_old_expiry(*mrz, birth)
                                                               : mrz_expiry_date_iso(mrz->expiry_date_yymmdd);
  verdict.set_field("document_type", document_type_name(mrz->format, mrz->issuing_state));
  verdict.set_field("surname", mrz->surname);
  verdict.set_field("given_names", mrz->given_names);
  verdict.set_field("birth_date", birth);
  verdict.set_field("sex", std::string(1, mrz->sex == '<' ? 'X' : mrz->sex));
  verdict.set_field("nationality", mrz->nationality);
  verdict.set_field("document_number", mrz->document_number);
  verdict.set_field("expiry_date", expiry);
  verdict.mrz = mrz->lines;

  if (wants(request, "mrz_check_digits") && !mrz->all_checks_ok()) {
    std::string failed;
    for (const auto& c : mrz->checks)
      if (!c.ok) failed += (failed.empty() ? "" : ", ") + c.field;
    // Readings (other scales, the other model) that agree on the failing
    // characters mean the digit is printed so: rejected. Readings that all
    // differ mean the scan is doubtful, not the document: a human looks
    // (never accepted either way).
    if (view.mrz_read_consistently())
      verdict.reject("mrz_check_digit", "Les chiffres de contrôle de la bande MRZ sont faux (" + failed +
                                            ") : document altéré ou photo illisible.");
    else
      verdict.needs_review(
          "mrz_check_digit",
          "Bande MRZ mal lue (" + failed + ") : les lectures successives divergent, vérification manuelle.");
    verdict.confidence = std::min(verdict.confidence, 0.5);
    return;  // fields read from a failing MRZ are not trustworthy enough to compare
  }
  if (wants(request, "not_expired")) {
    if (expiry.empty())
      verdict.needs_review("expired", "Date d'expiration illisible.");
    else if (Date::parse_iso(expiry) < request.today)
      verdict.reject("expired", "La pièce d'identité est expirée depuis le " + expiry + ".");
  }
  if (request.candidate) {
    const Candidate& c = *request.candidate;
    if (wants(request, "name_matches")) {
      const auto names_match = [&](const MrzData& m) {
        return surname_matches(m.surname, c, m.names_truncated) &&
               given_names_match(m.given_names, c.given_names, m.names_truncated);
      };
      // The names line has no check digit: when this reading's names differ,
      // another reading of the same band (other scale or reader) may have
      // read them right. Only the names are taken from it.
      if (!names_match(*mrz))
        for (const auto& other : view.mrz_name_readings())
          if (names_match(other)) {
            mrz->surname = other.surname;
            mrz->given_names = other.given_names;
            verdict.set_field("surname", mrz->surname);
            verdict.set_field("given_names", mrz->given_names);
            break;
          }
      const bool surname_ok = surname_matches(mrz->surname, c, mrz->names_truncated);
      const bool given_ok = given_names_match(mrz->given_names, c.given_names, mrz->names_truncated);
      // The name line has no check digit: a one-letter difference is more
      // likely OCR than another person, so a human decides.
      const bool near = (surname_ok || names_nearly_match(mrz->surname, c.birth_name) ||
                         (!c.usage_name.empty() && names_nearly_match(mrz->surname, c.usage_name))) &&
                        (given_ok || names_nearly_match(mrz->given_names, c.given_names));
      if (!surname_ok || !given_ok) {
        const std::string message = "Le nom sur la pièce (" + mrz->surname + " " + mrz->given_names +
                                    ") ne correspond pas à celui du dossier.";
        if (near)
          verdict.needs_review("name_mismatch", message + " Vérification manuelle.");
        else
          verdict.reject("name_mismatch", message);
      }
    }
    if (wants(request, "birth_date_matches") && birth != c.birth_date.iso())
      verdict.reject("birth_date_mismatch", "La date de naissance sur la pièce (" + birth +
                                                ") ne correspond pas à celle du dossier.");
  }
  if (verdict.reasons.empty()) {
    verdict.verdict = "accepted";
    verdict.confidence = std::max(verdict.confidence, 0.95);  // every check digit agrees
  }
}

}  // namespace cesp::ocr::detail
