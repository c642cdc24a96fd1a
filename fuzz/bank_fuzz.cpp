// IBAN / RIB / BIC checks on OCR text: every public function of ocr/bank.h,
// the way bank_check.cpp chains them (compact, checksum, French BBAN, key).
#include <string>
#include <string_view>

#include "cesp/ocr/bank.h"

#include "fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string iban = cesp::ocr::compact_iban(text);
  (void)cesp::ocr::iban_checksum_valid(text);
  (void)cesp::ocr::iban_checksum_valid(iban);
  if (auto bban = cesp::ocr::french_bban(iban)) {
    (void)cesp::ocr::rib_key(bban->bank_code, bban->branch_code, bban->account_number);
  }
  (void)cesp::ocr::french_bban(text);
  (void)cesp::ocr::bic_format_valid(text);
  // Arbitrary split of the input into the parts of a RIB and of an IBAN.
  const std::size_t a = size / 3;
  const std::size_t b = 2 * size / 3;
  (void)cesp::ocr::rib_key(text.substr(0, a), text.substr(a, b - a), text.substr(b));
  (void)cesp::ocr::iban_check_digits(text.substr(0, a), text.substr(a));
  return 0;
}
