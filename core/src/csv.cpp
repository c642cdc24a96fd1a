#include "cesp/core/csv.h"

#include <algorithm>

#include "cesp/core/error.h"

namespace cesp {
namespace {

[[noreturn]] void bad_csv(int line, const std::string& what) {
  throw Error(ErrorCode::invalid_csv, "ligne " + std::to_string(line) + ": " + what);
}

char detect_separator(std::string_view text) {
  const auto end = text.find('\n');
  const std::string_view first = text.substr(0, end);
  return std::count(first.begin(), first.end(), ';') > std::count(first.begin(), first.end(), ',') ? ';'
                                                                                                   : ',';
}

}  // namespace

std::size_t CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  throw Error(ErrorCode::missing_field, "colonne " + std::string(name));
}

CsvTable parse_csv(std::string_view text, std::size_t max_rows) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const char separator = detect_separator(text);

  std::vector<std::vector<std::string>> records;
  std::vector<int> record_lines;
  std::vector<std::string> record;
  std::string field;
  bool in_quotes = false;
  bool field_started = false;  // the record has content (distinguishes blank lines)
  int line = 1;
  int record_line = 1;

  auto end_record = [&] {
    if (field_started || !record.empty()) {
      record.push_back(std::move(field));
      records.push_back(std::move(record));
      record_lines.push_back(record_line);
      if (records.size() > max_rows + 1) bad_csv(line, "plus de " + std::to_string(max_rows) + " lignes");
    }
    record.clear();
    field.clear();
    field_started = false;
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!field_started && record.empty()) record_line = line;
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"') {
      if (!field.empty()) bad_csv(line, "guillemet au milieu d'un champ");
      in_quotes = true;
      field_started = true;
    } else if (c == separator) {
      record.push_back(std::move(field));
      field.clear();
      field_started = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      end_record();
      ++line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (in_quotes) bad_csv(record_line, "guillemet non fermé");
  end_record();

  if (records.empty()) throw Error(ErrorCode::invalid_csv, "fichier vide");
  CsvTable table;
  table.header = std::move(records.front());
  for (auto& name : table.header) {
    name.erase(name.begin(), std::find_if(name.begin(), name.end(), [](char ch) { return ch != ' '; }));
    while (!name.empty() && name.back() == ' ') name.pop_back();
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.header.size()) {
      bad_csv(record_lines[r], std::to_string(records[r].size()) + " champs au lieu de " +
                                   std::to_string(table.header.size()));
    }
    table.rows.push_back(std::move(records[r]));
    table.row_lines.push_back(record_lines[r]);
  }
  return table;
}

}  // namespace cesp
