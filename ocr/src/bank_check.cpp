#include <algorithm>
#include <string>
#include <vector>

#include "cesp/ocr/bank.h"
#include "cesp/ocr/names.h"
#include "cesp/ocr/piece_text.h"

#include "checks.h"

namespace cesp::ocr::detail {
namespace {

// Levenshtein distance: insertions, deletions and substitutions.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1])});
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

void check_bank(PieceView& view, const CheckRequest& request, Verdict& verdict) {
  const auto& lines = view.lines();
  verdict.confidence = mean_confidence(lines) / 100.0;
  RibFields rib = parse_rib_text(texts(lines));
  // 'O' for '0' (and other look-alikes) inside the account number, which may
  // hold letters: taken only when the IBAN mod 97 and the clé RIB then both
  // validate (see resolve_account_lookalikes), the printed table being read
  // the same way.
  if (auto resolved = resolve_account_lookalikes(rib.iban)) {
    const std::string account = resolved->substr(14, 11);
    if (rib.account_number.empty() || same_account_but_lookalikes(rib.account_number, account)) {
      rib.iban = *resolved;
      if (!rib.account_number.empty()) rib.account_number = account;
    }
  }
  // The page read again at another scale, which misreads other characters:
  // a second opinion on a field no checksum protects, asked for only when
  // the first reading disagrees (1400 px: phone photos are read at their
  // own ~1650 px, clean scans at 1800; both are scaled for this reading).
  std::optional<RibFields> second;
  const auto read_again = [&]() -> const RibFields& {
    if (!second) second = parse_rib_text(texts(view.lines_read_again(1400)));
    return *second;
  };

  // An IBAN that fails its checksum is read again at another scale; that
  // reading is taken only if it passes both the mod 97 and the clé RIB of
  // its BBAN, and is the first reading but for two characters at most (the
  // same print, misread once: "6GM24" for "6M24"). A wrongly printed IBAN
  // reads wrong twice; turning it valid would take two misreadings that
  // happen to satisfy both checksums.
  if (!rib.iban.empty() && !iban_checksum_valid(rib.iban)) {
    const std::string again = read_again().iban;
    const auto bban_again = french_bban(again);
    if (iban_checksum_valid(again) && bban_again && bban_again->key_valid &&
        edit_distance(rib.iban, again) <= 2)
      rib.iban = again;
  }
  verdict.set_field("holder", rib.holder);
  verdict.set_field("bank", rib.bank);
  verdict.set_field("iban", rib.iban);
  verdict.set_field("bic", rib.bic);
  const auto bban = french_bban(rib.iban);
  verdict.set_field("bank_code", bban ? bban->bank_code : rib.bank_code);
  verdict.set_field("branch_code", bban ? bban->branch_code : rib.branch_code);
  verdict.set_field("account_number", bban ? bban->account_number : rib.account_number);
  verdict.set_field("rib_key", bban ? bban->rib_key : rib.rib_key);

  const bool iban_ok = !rib.iban.empty() && iban_checksum_valid(rib.iban);
  // A letter of the account number read as a digit ("...7841Z" read
  // "...78412") fails both checksums like a wrong IBAN does: a human tells.
  const bool letter_misread = !iban_ok && validates_with_one_letter(rib.iban);
  if (wants(request, "iban_checksum") && letter_misread)
    verdict.needs_review("iban_invalid",
                         "L'IBAN " + rib.iban +
                             " ne se vérifie qu'en lisant un chiffre du compte comme une lettre : "
                             "vérification manuelle.");
  else if (wants(request, "iban_checksum") && !iban_ok)
    verdict.reject("iban_invalid", rib.iban.empty()
                                       ? "IBAN introuvable ou illisible sur le RIB."
                                       : "L'IBAN " + rib.iban + " est invalide (clé de contrôle).");
  if (wants(request, "rib_key") && !letter_misread) {
    // The key must agree with the IBAN's BBAN, and the printed table (when
    // there is one) must be the same account.
    bool key_ok = bban && bban->key_valid;
    if (key_ok && !rib.bank_code.empty())
      key_ok = rib.bank_code == bban->bank_code && rib.branch_code == bban->branch_code &&
               rib.account_number == bban->account_number && rib.rib_key == bban->rib_key;
    if (!bban && !rib.bank_code.empty()) {
      const int key = rib_key(rib.bank_code, rib.branch_code, rib.account_number);
      key_ok = key > 0 && rib.rib_key == (key < 10 ? "0" : "") + std::to_string(key);
    }
    // The IBAN and its clé RIB validate, but the printed table reads a
    // little differently and fails its own key: the table was most likely
    // misread (its digits are read alone, without the IBAN's checksum). A
    // human compares rather than a refusal, unless a second reading settles
    // it (below). A table printed unlike its IBAN would be accepted only if
    // that reading misread it into exactly the IBAN's account, whose own
    // checksums hold and which is the account paid.
    const auto table_of = [](const auto& parts) {
      return parts.bank_code + parts.branch_code + parts.account_number + parts.rib_key;
    };
    const auto table_misread = [&] {
      if (!bban || !bban->key_valid || !iban_ok || rib.bank_code.empty()) return false;
      const std::string table = table_of(rib);
      const std::string from_iban = table_of(*bban);
      const int key = rib_key(rib.bank_code, rib.branch_code, rib.account_number);
      if (table.size() != from_iban.size() ||
          (key > 0 && rib.rib_key == (key < 10 ? "0" : "") + std::to_string(key)))
        return false;
      int differences = 0;
      for (std::size_t i = 0; i < table.size(); ++i) differences += table[i] != from_iban[i];
      return differences <= 2;
    };
    const bool misread = !key_ok && table_misread();
    bool printed_so = false;
    if (misread) {
      // A table that reads exactly as the IBAN's account the second time
      // was a slip of the first reading; one printed unlike its IBAN reads
      // so twice. When both readings agree and only the clé differs from
      // the IBAN's, the clé was printed wrong: a glyph misread the same way
      // at both scales would have misread the IBAN's last digits too.
      const RibFields& again = read_again();
      key_ok = !again.bank_code.empty() && table_of(again) == table_of(*bban);
      const bool same_account = rib.bank_code == bban->bank_code && rib.branch_code == bban->branch_code &&
                                rib.account_number == bban->account_number;
      printed_so = !key_ok && same_account && table_of(again) == table_of(rib);
    }
    if (!key_ok && misread && !printed_so)
      verdict.needs_review("rib_key_invalid",
                           "Le tableau du RIB (banque, guichet, compte, clé) se lit autrement que l'IBAN, "
                           "qui est valide : vérification manuelle.");
    else if (!key_ok && (bban || !rib.bank_code.empty()))
      verdict.reject("rib_key_invalid",
                     "La clé RIB ne correspond pas au code banque, au guichet et au compte.");
    else if (!key_ok && iban_ok)
      verdict.reject("rib_key_invalid",
                     "L'IBAN n'est pas un compte français : clé RIB impossible à vérifier.");
  }
  // No checksum protects a BIC: one misread glyph ("CFFREFRPPXXX") would
  // refuse a good RIB, so a second reading has its say first.
  if (wants(request, "bic_format") && !bic_format_valid(rib.bic) && bic_format_valid(read_again().bic)) {
    rib.bic = read_again().bic;
    verdict.set_field("bic", rib.bic);
  }
  if (wants(request, "bic_format") && !bic_format_valid(rib.bic))
    verdict.reject("bic_invalid",
                   rib.bic.empty() ? "BIC introuvable sur le RIB." : "Le BIC " + rib.bic + " est invalide.");
  if (request.candidate && wants(request, "holder_matches")) {
    bool match = !rib.holder.empty() && holder_matches(rib.holder, *request.candidate);
    if (rib.holder.empty())  // no "Titulaire" label: any line naming the candidate will do
      for (const auto& line : lines) match = match || holder_matches(line.text, *request.candidate);
    const bool near = !match && !rib.holder.empty() && holder_nearly_matches(rib.holder, *request.candidate);
    // One letter off: the second reading decides whether it was a slip
    // (another person's name one letter from the candidate's, misread into
    // it, is what that would let through).
    if (near && holder_matches(read_again().holder, *request.candidate)) {
      match = true;
      verdict.set_field("holder", read_again().holder);
    }
    if (!match && near)
      verdict.needs_review("holder_mismatch",
                           "Le titulaire du RIB (" + rib.holder +
                               ") se lit à une lettre près comme le candidat : vérification manuelle.");
    else if (!match)
      verdict.reject("holder_mismatch",
                     "Le RIB n'est pas au nom du candidat" +
                         (rib.holder.empty() ? std::string(".") : " (" + rib.holder + ")."));
  }
  if (verdict.reasons.empty()) {
    verdict.verdict = "accepted";
    verdict.confidence = std::max(verdict.confidence, 0.9);  // IBAN and key checksums agree
  }
}

}  // namespace cesp::ocr::detail
