// The archive's tables (module "archive") and the row-level helpers shared by
// its source files.
#include <algorithm>
#include <cstdio>
#include <ctime>

#include "cesp/core/error.h"

#include "archive_internal.h"

namespace cesp::storage {
namespace {

const std::vector<Migration> kArchiveMigrations = {
    {1, "archive items, holds, disposals, journal, seals",
     R"(CREATE TABLE archive_items (
  id {id},
  beneficiary TEXT NOT NULL,
  kind TEXT NOT NULL,
  stage TEXT NOT NULL,
  label TEXT NOT NULL,
  media_type TEXT NOT NULL,
  document_date TEXT NOT NULL,
  details TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size BIGINT NOT NULL,
  archived_at TEXT NOT NULL,
  retain_until TEXT NOT NULL,
  actor TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  record_hash TEXT NOT NULL);
CREATE INDEX archive_items_beneficiary ON archive_items (beneficiary, id);
CREATE INDEX archive_items_sha256 ON archive_items (sha256);
CREATE TABLE archive_disposals (
  item_id BIGINT PRIMARY KEY REFERENCES archive_items (id),
  disposed_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  reason TEXT NOT NULL);
CREATE TABLE archive_holds (
  id {id},
  beneficiary TEXT NOT NULL,
  action TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  reason TEXT NOT NULL);
CREATE INDEX archive_holds_beneficiary ON archive_holds (beneficiary, id);
CREATE TABLE archive_journal (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  beneficiary TEXT NOT NULL,
  object_id BIGINT NOT NULL,
  object_hash TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE INDEX archive_journal_beneficiary ON archive_journal (beneficiary, seq);
CREATE TABLE archive_seals (
  id {id},
  first_seq BIGINT NOT NULL,
  last_seq BIGINT NOT NULL,
  merkle_root TEXT NOT NULL,
  prev_seal_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  sealed_at TEXT NOT NULL,
  token {blob} NOT NULL);
CREATE TABLE archive_pending (
  token TEXT PRIMARY KEY,
  address TEXT NOT NULL,
  started_at TEXT NOT NULL))"},
};

}  // namespace

void apply_archive_migrations(Database& db) { db.migrate("archive", kArchiveMigrations); }

std::string format_utc(std::chrono::system_clock::time_point t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string add_years(const std::string& iso, int years) {
  int y = 0, mo = 0, d = 0;
  if (iso.size() < 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &mo, &d) != 3) {
    throw Error(ErrorCode::internal, "malformed timestamp: " + iso);
  }
  y += years;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo == 2 && d == 29 && !leap) d = 28;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", y, mo, d);
  return buffer + iso.substr(10);
}

std::string Archive::Impl::now_iso() const { return format_utc(now()); }

const char* const kItemColumns =
    "i.id, i.beneficiary, i.kind, i.stage, i.label, i.media_type, i.document_date, i.details, i.sha256, "
    "i.size, "
    "i.archived_at, i.retain_until, i.actor, i.actor_role, i.record_hash, d.disposed_at";

Item item_from_row(const Row& r) {
  Item item;
  item.id = r.integer(0);
  item.beneficiary = r.text(1);
  item.kind = parse_item_kind(r.text(2));
  item.stage = r.text(3);
  item.label = r.text(4);
  item.media_type = r.text(5);
  item.document_date = r.text(6);
  item.details_json = r.text(7);
  item.sha256 = r.text(8);
  item.size = r.integer(9);
  item.archived_at = r.text(10);
  item.retain_until = r.text(11);
  item.actor = r.text(12);
  item.actor_role = r.text(13);
  item.record_hash = r.text(14);
  item.disposed_at = r.is_null(15) ? "" : r.text(15);
  return item;
}

JournalEntry chain_journal_entry(Transaction& tx, JournalEntry entry, JournalTip& tip) {
  if (!tip.loaded) {
    auto last = tx.query_one("SELECT seq, hash FROM archive_journal ORDER BY seq DESC LIMIT 1");
    tip.seq = last ? last->integer(0) : 0;
    tip.hash = last ? last->text(1) : kZeroHash;
    tip.loaded = true;
  }
  entry.seq = tip.seq + 1;
  entry.prev_hash = tip.hash;
  entry.hash = journal_entry_hash(entry);
  tip.seq = entry.seq;
  tip.hash = entry.hash;
  return entry;
}

std::string placeholder_rows(std::size_t rows, std::size_t columns) {
  std::string row = "(";
  for (std::size_t c = 0; c < columns; ++c) row += c ? ", ?" : "?";
  row += ")";
  std::string out;
  for (std::size_t r = 0; r < rows; ++r) out += (r ? ", " : "") + row;
  return out;
}

void insert_journal_entries(Transaction& tx, const std::vector<JournalEntry>& entries) {
  constexpr std::size_t kRowsPerStatement = 50;
  for (std::size_t start = 0; start < entries.size(); start += kRowsPerStatement) {
    const std::size_t end = std::min(entries.size(), start + kRowsPerStatement);
    Params params;
    for (std::size_t i = start; i < end; ++i) {
      const JournalEntry& e = entries[i];
      for (Value v :
           {Value{e.seq}, Value{e.at}, Value{e.actor}, Value{e.role}, Value{e.action}, Value{e.beneficiary},
            Value{e.object_id}, Value{e.object_hash}, Value{e.details}, Value{e.prev_hash}, Value{e.hash}}) {
        params.push_back(std::move(v));
      }
    }
    tx.execute(
        "INSERT INTO archive_journal (seq, at, actor, role, action, beneficiary, object_id, object_hash, "
        "details, "
        "prev_hash, hash) VALUES " +
            placeholder_rows(end - start, 11),
        params);
  }
}

JournalEntry append_journal(Transaction& tx, JournalEntry entry, JournalTip* tip) {
  JournalTip local;
  entry = chain_journal_entry(tx, std::move(entry), tip ? *tip : local);
  insert_journal_entries(tx, {entry});
  return entry;
}

}  // namespace cesp::storage
