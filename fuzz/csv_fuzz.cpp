// CSV manifests (ranking lists imported by managers): core's parse_csv and
// the header lookups the import does. Error(invalid_csv / missing_field) is
// the expected answer to bad text.
#include <string_view>

#include "cesp/core/csv.h"
#include "cesp/core/error.h"

#include "fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto table = cesp::parse_csv(text, 1000);
    for (const auto& row : table.rows) {
      if (row.size() != table.header.size()) __builtin_trap();  // the documented contract
    }
    if (table.row_lines.size() != table.rows.size()) __builtin_trap();
    (void)table.column("rank");
  } catch (const cesp::Error&) {
  }
  return 0;
}
