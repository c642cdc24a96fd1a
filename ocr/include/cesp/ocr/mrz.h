// Machine-readable zones of identity documents (ICAO 9303) and of the old
// French identity card (2x36, French layout).
//
// Parsing is pure: it takes the OCR'd lines, corrects the classic OCR
// confusions only where a field's alphabet makes the correction certain
// (a letter in a digits-only field, a digit in a letters-only field), and
// verifies every check digit. A correction never touches a check digit's
// inputs beyond that, so a wrong check digit can never become a pass.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cesp::ocr {

enum class MrzFormat { td1, td3, cni_old };
// "cni", "passport", "cni_old" (the `document_type` field of a verdict);
// a TD1 that is not a French ID card is reported as "id_card".
std::string document_type_name(MrzFormat format, std::string_view issuing_state);

// ICAO 9303 check digit of a field (weights 7,3,1; '<' = 0, A = 10 ... Z = 35).
// Returns -1 when the text holds a character outside [0-9A-Z<].
int mrz_check_digit(std::string_view text);

struct MrzCheck {
  std::string field;  // "document_number", "birth_date", "expiry_date", "composite"...
  bool ok = false;
};

struct MrzData {
  MrzFormat format = MrzFormat::td1;
  std::vector<std::string> lines;  // the corrected lines
  std::string document_code;       // "ID", "P", "I"...
  std::string issuing_state;       // "FRA"
  std::string document_number;     // without filler
  std::string surname;             // "DUPONT MARTIN" ('<' between words become spaces)
  std::string given_names;         // "MARIE CLAIRE"
  std::string birth_date_yymmdd;   // as in the MRZ
  std::string expiry_date_yymmdd;  // empty for cni_old (no expiry in its MRZ)
  char sex = '<';                  // 'F', 'M' or '<'
  std::string nationality;         // "FRA"
  std::vector<MrzCheck> checks;    // every check digit, in MRZ order
  bool names_truncated = false;    // the name field was full: names may be cut

  bool all_checks_ok() const;
};

// Picks the MRZ out of OCR'd lines (any noise lines are skipped; spaces are
// removed): 3 lines of 30 (TD1), 2 of 44 (TD3) or 2 of 36 starting "IDFRA"
// (old French card). Lines whose length is off by one or two are padded or
// trimmed at their filler end. Returns nullopt when no MRZ shape is found.
std::optional<MrzData> parse_mrz(const std::vector<std::string>& ocr_lines);

// Parses lines already split into an exact MRZ (no search). nullopt when the
// shape does not match `format`.
std::optional<MrzData> parse_mrz_lines(MrzFormat format, std::vector<std::string> lines);

// Undoes filler misreads in a TD1/TD3 name field (no check digit covers
// it), keeping its length: with no "<<" separator, the first "<X<" or "<K<"
// becomes "<<<"; after "SURNAME<<GIVEN<NAMES<<" every character becomes '<'
// (ICAO names have no "<<" after the given names, so a trailing "KKKK" or
// a lone letter there is misread fillers). Applied by the parsers.
std::string repair_name_field(std::string field);

// Converts an MRZ YYMMDD date to ISO "YYYY-MM-DD". Birth dates take the
// century that keeps them in the past relative to `today_year`; expiry dates
// are taken in 2000-2099. Returns empty when the date is not a real date.
std::string mrz_birth_date_iso(std::string_view yymmdd, int today_year);
std::string mrz_expiry_date_iso(std::string_view yymmdd);

}  // namespace cesp::ocr
