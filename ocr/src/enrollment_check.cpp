#include <optional>
#include <string>

#include "cesp/ocr/names.h"
#include "cesp/ocr/piece_text.h"

#include "checks.h"

namespace cesp::ocr::detail {

void check_enrollment(PieceView& view, const CheckRequest& request, Verdict& verdict) {
  const auto& lines = view.lines();
  verdict.confidence = mean_confidence(lines) / 100.0;
  CertificateFields cert = parse_certificate_text(texts(lines));
  // The record's INE, when the certificate shows it misread by OCR.
  const std::string known_ine = request.candidate ? request.candidate->ine : std::string();
  if (!known_ine.empty() && !cert.ine.empty() && cert.ine != known_ine && ine_reads_as(cert.ine, known_ine))
    cert.ine = known_ine;
  // Still another INE than the record's: the page read again at another
  // scale, which misreads other glyphs, settles a slip of the first reading
  // ("789341797JK" read "7893417979K"); another student's INE reads so twice.
  std::optional<std::string> ine_again;
  const auto read_ine_again = [&]() -> const std::string& {
    if (!ine_again) ine_again = parse_certificate_text(texts(view.lines_read_again(1400))).ine;
    return *ine_again;
  };
  if (!known_ine.empty() && !cert.ine.empty() && cert.ine != known_ine) {
    const std::string& again = read_ine_again();
    if (again == known_ine || (!again.empty() && ine_reads_as(again, known_ine))) cert.ine = known_ine;
  }
  // An INE of the wrong shape with no record to settle it: a print reads
  // the same at another scale, a misreading ("ZS" read "275") seldom does.
  // Neither reading is taken then (the second one, well-formed, may still be
  // wrong: "1635382117S"); a human reads it. A text layer is not read
  // again (nothing was misread): its INE stands.
  const bool ine_unsettled = wants(request, "ine_format") && !cert.ine.empty() &&
                             !ine_format_valid(cert.ine) && !read_ine_again().empty() &&
                             read_ine_again() != cert.ine;
  verdict.set_field("institution", cert.institution);
  if (!cert.faculty.empty()) verdict.set_field("faculty", cert.faculty);
  verdict.set_field("academic_year", cert.academic_year);
  verdict.set_field("level", cert.level);
  verdict.set_field("ine", cert.ine);
  verdict.set_field("surname", cert.surname);
  verdict.set_field("given_names", cert.given_names);
  verdict.set_field("birth_date", cert.birth_date);

  if (wants(request, "academic_year")) {
    if (cert.academic_year.empty())
      verdict.needs_review("wrong_academic_year", "Année universitaire introuvable sur le certificat.");
    else if (request.campaign_year && cert.academic_year != request.campaign_year->text())
      verdict.reject("wrong_academic_year", "Le certificat est de l'année " + cert.academic_year +
                                                ", pas de " + request.campaign_year->text() + ".");
  }
  if (wants(request, "level_eligible")) {
    if (cert.level.empty())
      verdict.needs_review("level_not_eligible", "Niveau d'études introuvable sur le certificat.");
    else if (!level_is_eligible(StudyLevel{cert.level, cert.year_of_study, cert.internship}))
      verdict.reject("level_not_eligible", "Le niveau " + cert.level +
                                               " ne permet pas de signer un CESP (à partir de la 4e année).");
  }
  if (wants(request, "ine_format")) {
    if (cert.ine.empty())
      verdict.needs_review("ine_invalid", "INE introuvable sur le certificat.");
    else if (ine_unsettled)
      verdict.needs_review("ine_invalid", "L'INE se lit " + cert.ine + " puis " + read_ine_again() +
                                              " : vérification manuelle.");
    else if (!ine_format_valid(cert.ine))
      verdict.reject("ine_invalid", "L'INE " + cert.ine + " n'a pas un format valide.");
    else if (!known_ine.empty() && cert.ine != known_ine)
      verdict.needs_review("ine_mismatch", "L'INE du certificat (" + cert.ine +
                                               ") n'est pas celui du dossier (" + known_ine + ").");
  }
  if (request.candidate) {
    const Candidate& c = *request.candidate;
    if (wants(request, "name_matches") && cert.surname.empty()) {
      // Surname and given names in one field ("Nom et prénom : ..."), or
      // the student named in a sentence without a label ("certifie que
      // Madame Chloé MARTIN"): the field, or else a line of the page, must
      // name the candidate as a RIB holder line does.
      bool named = !cert.full_name.empty() && holder_matches(cert.full_name, c);
      for (const auto& line : lines)
        named = named || (cert.full_name.empty() && holder_matches(line.text, c));
      if (named) {
        cert.surname = c.usage_name.empty() ? c.birth_name : c.usage_name;
        cert.given_names = c.given_names;
        verdict.set_field("surname", cert.surname);
        verdict.set_field("given_names", cert.given_names);
      } else if (!cert.full_name.empty()) {
        verdict.reject("name_mismatch",
                       "Le certificat est au nom de " + cert.full_name + ", pas du candidat.");
      }
    }
    if (wants(request, "name_matches") && !verdict.has_reason("name_mismatch")) {
      if (cert.surname.empty()) {
        verdict.needs_review("name_mismatch", "Nom de l'étudiant introuvable sur le certificat.");
      } else if (!surname_matches(cert.surname, c) ||
                 (!cert.given_names.empty() && !given_names_match(cert.given_names, c.given_names))) {
        verdict.reject("name_mismatch", "Le certificat est au nom de " + cert.surname + " " +
                                            cert.given_names + ", pas du candidat.");
      }
    }
    if (wants(request, "birth_date_matches")) {
      if (cert.birth_date.empty())
        verdict.needs_review("birth_date_mismatch", "Date de naissance introuvable sur le certificat.");
      else if (cert.birth_date != c.birth_date.iso())
        verdict.reject("birth_date_mismatch", "La date de naissance du certificat (" + cert.birth_date +
                                                  ") ne correspond pas à celle du dossier.");
    }
  }
  if (verdict.reasons.empty()) {
    // No checksum protects a certificate: a poorly read one goes to a human.
    if (verdict.confidence < 0.6)
      verdict.needs_review("no_text", "Certificat peu lisible : vérification manuelle.");
    else
      verdict.verdict = "accepted";
  }
}

}  // namespace cesp::ocr::detail
