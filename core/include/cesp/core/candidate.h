// Who may sign a CESP: medicine and odontology students from their 4th year,
// interns, and practitioners with a diploma from outside the EU (PADHUE).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cesp/core/date.h"

namespace cesp {

enum class Discipline { medecine, odontologie };
enum class CandidateStatus { etudiant, interne, padhue };

// "medecine" / "odontologie" and back; parse throws Error(invalid_argument).
std::string_view to_string(Discipline discipline);
Discipline parse_discipline(std::string_view text);
std::string_view to_string(CandidateStatus status);
CandidateStatus parse_status(std::string_view text);

// The level of study named on a certificat de scolarité.
//   médecine:    DFASM1..3 = years 4-6, then the internat (DES) ;
//   odontologie: DFASO1..2 = years 4-5, then the 3e cycle court (year 6) or the
//                internat en odontologie.
struct StudyLevel {
  std::string code;   // normalised: "DFASM1", "DFASO2", "TCC", "DES", "DFGSM3"...
  int year_of_study;  // 1..n, counted from the first year (PASS/LAS = 1)
  bool internship;    // DES / internat
};

// Parses a level as written on a certificate ("DFASM 1", "dfasm1", "Interne DES",
// "3e cycle court"...). Returns nullopt when the text names no level we know.
std::optional<StudyLevel> parse_study_level(std::string_view text, Discipline discipline);

struct Address {
  std::string street;
  std::string postal_code;
  std::string city;
  std::string country = "France";
};

struct Candidate {
  std::string id;  // platform identifier
  std::string birth_name;
  std::string usage_name;   // empty when the same as the birth name
  std::string given_names;  // all given names, in order, space separated
  char sex = 'X';           // 'F', 'M' or 'X' as in the MRZ
  Date birth_date{2000, 1, 1};
  std::string birth_place;
  std::string nationality;  // e.g. "française"
  Address address;
  std::string ine;  // identifiant national étudiant (empty for PADHUE)
  Discipline discipline = Discipline::medecine;
  CandidateStatus status = CandidateStatus::etudiant;
  int year_of_study = 4;
  std::string ufr;     // UFR code, e.g. "UFR-MED-LYON-EST"
  std::string region;  // ARS region code, e.g. "ARA"
};

// Why a candidate may not sign, or nullopt when eligible.
// Rules: students from the 4th year (médecine and odontologie); interns;
// PADHUE in either discipline.
std::optional<std::string> ineligibility_reason(const Candidate& candidate);
// Same rule for a level read from a certificate.
bool level_is_eligible(const StudyLevel& level);

// The INE format: 9 digits + 2 letters (BEA/INE-RNIE) or 10 digits + 1 letter
// (INE-BEA). Format only: the key algorithm is not public.
bool ine_format_valid(std::string_view ine);

}  // namespace cesp
