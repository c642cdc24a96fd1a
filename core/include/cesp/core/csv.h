// RFC 4180 CSV, as exported by spreadsheets: comma or semicolon separators
// (French Excel writes semicolons), double-quoted fields with "" escapes and
// embedded line breaks, CRLF or LF line ends, an optional UTF-8 BOM.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cesp {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each the size of the header
  std::vector<int> row_lines;                  // 1-based line where each row starts

  // Column index of a header name; Error(missing_field) naming it when absent.
  std::size_t column(std::string_view name) const;
};

// Parses text whose first record is the header. The separator is detected
// from the header line (';' if it has more semicolons than commas). Throws
// Error(invalid_csv) naming the line for an unterminated quote or a row with
// the wrong number of fields; blank lines are skipped. Fields are not trimmed.
CsvTable parse_csv(std::string_view text, std::size_t max_rows = 100000);

}  // namespace cesp
