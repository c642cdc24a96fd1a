// Writing JSON text by hand where the order of members matters (stable
// output for golden files, hashes of canonical records, one-line logs).
#pragma once

#include <string>
#include <string_view>

namespace cesp {

// The text as a JSON string literal, quotes included: ", \ and control
// characters escaped; other bytes (UTF-8) copied as they are.
std::string json_quote(std::string_view text);

}  // namespace cesp
