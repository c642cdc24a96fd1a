// Bank identifiers found on a French RIB: IBAN (ISO 13616, checked with
// ISO 7064 mod 97-10), the French BBAN and its clé RIB, and the BIC (ISO 9362).
// Pure functions: no OCR here, see rib_text.h for reading them off a page.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cesp::ocr {

// Upper-cases and removes spaces; "fr76 3000 6000..." -> "FR763000600...".
std::string compact_iban(std::string_view text);

// True when the IBAN (compact or spaced) has a known country length
// (FR/MC: 27; other countries: 15..34), only [A-Z0-9] and mod 97 == 1.
bool iban_checksum_valid(std::string_view iban);

// The two check digits an IBAN needs for country + BBAN ("FR", "30006...").
std::string iban_check_digits(std::string_view country, std::string_view bban);

// The clé RIB of a French BBAN (letters of the account number become digits
// with the Banque de France table), 1..97. Returns -1 when a part has the
// wrong length or alphabet (bank 5 digits, branch 5 digits, account 11 [0-9A-Z]).
int rib_key(std::string_view bank_code, std::string_view branch_code, std::string_view account_number);

struct FrenchBban {
  std::string bank_code;       // code banque, 5 digits
  std::string branch_code;     // code guichet, 5 digits
  std::string account_number;  // numéro de compte, 11 chars
  std::string rib_key;         // clé RIB, 2 digits
  bool key_valid = false;      // rib_key matches the other parts
};

// Splits a French (FR or MC) IBAN into its BBAN parts; nullopt when it is
// not a 27-character French IBAN.
std::optional<FrenchBban> french_bban(std::string_view iban);

// A French IBAN whose account number (the one part that may hold letters,
// so no position decides between 'O' and '0') was read with letters for
// digits: O/Q/D for 0, I/L for 1, S for 5, B for 8, Z for 2, G for 6.
// Returns the one variant, turning only such letters of the account number
// into their digit, whose IBAN mod 97 AND clé RIB both validate; nullopt
// when the IBAN as read already validates, when no variant or more than one
// does, or when the account holds more than 6 such letters.
//
// False accepts: a variant changes the account's value; a wrongly printed
// IBAN passes only if one change fixes both checksums at once, two
// independent mod-97 checks (the IBAN's uses letters' values 10..35, the
// clé RIB the Banque de France table): about 1 in 9,400 per variant (an
// account rarely holds more than one or two letters, so 1 to 3 variants),
// and a unique passing variant is required.
std::optional<std::string> resolve_account_lookalikes(std::string_view iban);

// Whether one digit of the account number read as its look-alike letter
// ('2' for 'Z', '0' for 'O'...) makes a French IBAN pass both its mod 97 and
// its clé RIB. resolve_account_lookalikes never turns digits into letters
// (most digits have a look-alike: too many variants, too many chance
// passes); this only tells a misread letter is possible, for a human to
// look rather than a refusal. Never a reason to accept.
bool validates_with_one_letter(std::string_view iban);

// Whether two account numbers differ only by look-alikes (see above).
bool same_account_but_lookalikes(std::string_view a, std::string_view b);

// ISO 9362 shape: 4 letters (institution), 2 letters (country), 2 [A-Z0-9]
// (location), optionally 3 [A-Z0-9] (branch). Format only.
bool bic_format_valid(std::string_view bic);

}  // namespace cesp::ocr
