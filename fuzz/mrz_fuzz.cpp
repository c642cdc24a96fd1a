// MRZ parsing of OCR lines: the input is split on '\n' into the lines the
// OCR would hand to parse_mrz; each format is also forced on the same lines.
#include <string>
#include <string_view>
#include <vector>

#include "cesp/ocr/mrz.h"

#include "fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;  // OCR lines of one page region: a few hundred bytes
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    lines.emplace_back(
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (auto mrz = cesp::ocr::parse_mrz(lines)) {
    (void)mrz->all_checks_ok();
    (void)cesp::ocr::document_type_name(mrz->format, mrz->issuing_state);
    (void)cesp::ocr::mrz_birth_date_iso(mrz->birth_date_yymmdd, 2026);
    (void)cesp::ocr::mrz_expiry_date_iso(mrz->expiry_date_yymmdd);
  }
  for (auto format : {cesp::ocr::MrzFormat::td1, cesp::ocr::MrzFormat::td3, cesp::ocr::MrzFormat::cni_old}) {
    (void)cesp::ocr::parse_mrz_lines(format, lines);
  }
  (void)cesp::ocr::mrz_check_digit(text);
  (void)cesp::ocr::mrz_birth_date_iso(text, 2026);
  (void)cesp::ocr::mrz_expiry_date_iso(text);
  return 0;
}
