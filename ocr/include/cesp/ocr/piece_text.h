// Reading the fields of a RIB and of a certificat de scolarité out of OCR'd
// text lines. Pure functions (no OCR here), tolerant of OCR noise: labels
// are matched without accents or case, and digit-only positions undo the
// usual letter/digit confusions (never in a way that can fix a checksum).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cesp::ocr {

struct RibFields {
  std::string holder;  // after "Titulaire du compte", "Intitulé du compte"..., as printed
  std::string bank;    // "Banque : ..." / "Domiciliation : ..."
  std::string iban;    // compact, as read (may fail its checksum)
  std::string bic;
  // The RIB table (code banque / guichet / compte / clé), when printed.
  std::string bank_code, branch_code, account_number, rib_key;
};
RibFields parse_rib_text(const std::vector<std::string>& lines);

struct CertificateFields {
  std::string institution;    // "UNIVERSITÉ DE ..." line
  std::string faculty;        // "UFR ..." / "Faculté ..." line
  std::string academic_year;  // "2025-2026"
  std::string level_text;     // the line that names the level
  std::string level;          // normalised code from core's parse_study_level
  int year_of_study = 0;
  bool internship = false;
  std::string discipline;   // "medecine" / "odontologie"
  std::string ine;          // as read, corrected by position
  std::string surname;      // "Nom : ...", "Nom de naissance ..."
  std::string given_names;  // "Prénom(s) : ..."
  // "Nom et prénom(s) : ...": both in one field, in either order (then
  // surname and given_names stay empty).
  std::string full_name;
  std::string birth_date;  // ISO, from "Né(e) le dd/mm/yyyy" or "née le 4 mars 2001"
};
CertificateFields parse_certificate_text(const std::vector<std::string>& lines);

// Whether an INE read on a certificate can be the `printed` one (the INE of
// the candidate's record) misread by OCR: the same characters but for
// look-alikes (0/O/D/Q/U/C, 1/I/L/J and the glyphs a J splits into, 2/Z/7,
// 5/S, 6/G, 8/B, 4/A, E/F), with at most one character read in excess or
// missing (two glyphs read as one: "218518410JZ" read "2185184107"). The INE
// carries no check character: the record is the only thing that can tell a
// misread letter from another student's INE.
bool ine_reads_as(const std::string& read, const std::string& printed);

// Upper-case ASCII with accents folded, other bytes kept: for label matching.
std::string fold_upper(const std::string& utf8);

}  // namespace cesp::ocr
