// CSV manifest parsing and the import of existing records.
#include "cesp/storage/archive_import.h"

#include <fstream>
#include <map>
#include <sstream>

#include "cesp/core/date.h"
#include "cesp/core/error.h"

#include "archive_internal.h"

namespace cesp::storage {
namespace {

constexpr std::int64_t kMaxFileBytes = 256ll << 20;
constexpr std::size_t kMaxRows = 1000000;
constexpr std::size_t kMaxManifestBytes = 256u << 20;

// Splits one CSV record starting at pos; advances pos past its line end.
std::vector<std::string> next_record(const std::string& text, std::size_t& pos, int line) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false, was_quoted = false;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (quoted) {
      if (c == '"') {
        if (pos < text.size() && text[pos] == '"') {
          field += '"';
          ++pos;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ',') {
      fields.push_back(field);
      field.clear();
      was_quoted = false;
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      if (was_quoted)
        throw Error(ErrorCode::invalid_argument,
                    "manifest line " + std::to_string(line) + ": text after a closing quote");
      field += c;
    }
  }
  if (quoted)
    throw Error(ErrorCode::invalid_argument,
                "manifest line " + std::to_string(line) + ": unterminated quote");
  fields.push_back(field);
  return fields;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

}  // namespace

std::vector<ImportRow> parse_manifest(const std::string& text) {
  if (text.size() > kMaxManifestBytes) throw Error(ErrorCode::too_large, "manifest larger than 256 MiB");
  std::size_t pos = 0;
  int line = 1;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;  // UTF-8 BOM from spreadsheets
  const auto header = next_record(text, pos, line);
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header.size(); ++i) column[trim(header[i])] = i;
  for (const char* required : {"beneficiary", "kind", "file", "date"}) {
    if (!column.contains(required)) {
      throw Error(ErrorCode::invalid_argument,
                  "en-tête du manifeste incomplet (beneficiary,kind,file,date[,stage])",
                  "manifest header lacks a column (beneficiary,kind,file,date[,stage])", required);
    }
  }
  std::vector<ImportRow> rows;
  while (pos < text.size()) {
    ++line;
    const auto fields = next_record(text, pos, line);
    if (fields.size() == 1 && trim(fields[0]).empty()) continue;
    if (rows.size() >= kMaxRows) throw Error(ErrorCode::too_large, "manifest over 1,000,000 rows");
    auto get = [&](const std::string& name) -> std::string {
      auto it = column.find(name);
      if (it == column.end()) return "";
      if (it->second >= fields.size()) {
        throw Error(ErrorCode::invalid_argument,
                    "manifest line " + std::to_string(line) + ": missing column " + name);
      }
      return trim(fields[it->second]);
    };
    rows.push_back({get("beneficiary"), get("kind"), get("file"), get("date"), get("stage")});
  }
  return rows;
}

ImportOutcome import_one(Archive& archive, const ImportRow& row, const std::filesystem::path& base_dir,
                         const Actor& actor, const PdfSignatureVerifier& verifier) {
  NewItem item;
  item.beneficiary = row.beneficiary;
  item.kind = parse_item_kind(row.kind);
  item.stage = row.stage;
  if (!row.date.empty()) item.document_date = Date::parse_iso(row.date).iso();
  const std::filesystem::path path =
      std::filesystem::path(row.file).is_absolute() ? std::filesystem::path(row.file) : base_dir / row.file;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw Error(ErrorCode::not_found, path.string() + ": " + ec.message());
  if (size > static_cast<std::uintmax_t>(kMaxFileBytes)) throw Error(ErrorCode::too_large, path.string());
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in) throw Error(ErrorCode::io_error, path.string());
  item.content = buffer.str();
  item.label = path.filename().string();
  const bool is_pdf = item.content.compare(0, 5, "%PDF-") == 0;
  item.media_type = is_pdf ? "application/pdf" : "application/octet-stream";

  SignatureVerdict check;
  if (is_pdf && verifier) check = verifier(item.content);
  if (check.checked && !check.valid) {
    throw Error(ErrorCode::integrity_failure, "signature PDF invalide", "invalid PDF signature",
                path.string() + ": " + check.summary);
  }
  item.details_json = "{\"source\":" + json_string(path.filename().string()) +
                      ",\"signatures\":" + (check.details_json.empty() ? "null" : check.details_json) + "}";
  item.journal_note = "import";
  ImportOutcome outcome;
  outcome.result = archive.add(item, actor);
  outcome.signature_summary = check.summary;
  return outcome;
}

ImportSummary import_manifest(Archive& archive, const std::filesystem::path& manifest, const Actor& actor,
                              const PdfSignatureVerifier& verifier,
                              const std::function<void(std::int64_t, std::int64_t)>& progress) {
  std::ifstream in(manifest, std::ios::binary);
  if (!in) throw Error(ErrorCode::not_found, manifest.string());
  std::ostringstream text;
  text << in.rdbuf();
  const auto rows = parse_manifest(text.str());
  ImportSummary summary;
  summary.rows = static_cast<std::int64_t>(rows.size());
  const auto base = manifest.parent_path();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    try {
      const auto outcome = import_one(archive, rows[i], base, actor, verifier);
      (outcome.result.created ? summary.imported : summary.already_present)++;
    } catch (const Error& e) {
      ++summary.failed;
      summary.errors.push_back("ligne " + std::to_string(i + 2) + ": " + e.message_fr() +
                               (e.context().empty() ? "" : " — " + e.context()));
    }
    if (progress) progress(static_cast<std::int64_t>(i + 1), summary.rows);
  }
  return summary;
}

std::string ImportSummary::to_text() const {
  std::ostringstream out;
  out << "import: " << rows << " lignes, " << imported << " importées, " << already_present
      << " déjà présentes, " << failed << " en échec\n";
  for (const auto& e : errors) out << "  " << e << "\n";
  return out.str();
}

}  // namespace cesp::storage
