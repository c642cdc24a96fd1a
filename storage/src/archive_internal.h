// Shared internals of the archive's source files (not a public header).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "cesp/core/json_text.h"
#include "cesp/storage/archive.h"
#include "cesp/storage/blob_store.h"
#include "cesp/storage/database.h"

namespace cesp::storage {

// Every archive write takes this lock first, so ids and journal sequence
// numbers are assigned one transaction at a time.
inline constexpr const char* kArchiveLock = "cesp.archive";

struct Archive::Impl {
  ArchiveOptions options;
  std::shared_ptr<Database> db;
  std::unique_ptr<BlobStore> blobs;

  std::chrono::system_clock::time_point now() const {
    return options.clock ? options.clock() : std::chrono::system_clock::now();
  }
  std::string now_iso() const;
};

// ISO 8601 UTC, second precision: 2026-11-22T16:40:00Z.
std::string format_utc(std::chrono::system_clock::time_point t);
// The same instant `years` later (29 February becomes 28 February).
std::string add_years(const std::string& iso, int years);

// The item columns in the order item_from_row expects.
extern const char* const kItemColumns;
Item item_from_row(const Row& row);

// The last entry of the journal as seen inside one transaction, so that a
// batch reads it once.
struct JournalTip {
  bool loaded = false;
  std::int64_t seq = 0;
  std::string hash;
};

// Appends one entry within tx (which must hold kArchiveLock), filling seq,
// prev_hash and hash; returns the completed entry. `tip` caches the last
// entry across appends of the same transaction.
JournalEntry append_journal(Transaction& tx, JournalEntry entry, JournalTip* tip = nullptr);
// The same in two steps, for batches: chain (seq, prev_hash, hash) without
// writing, then insert many entries with multi-row statements.
JournalEntry chain_journal_entry(Transaction& tx, JournalEntry entry, JournalTip& tip);
void insert_journal_entries(Transaction& tx, const std::vector<JournalEntry>& entries);

// "(?, ?, ?), (?, ?, ?)" for multi-row INSERTs.
std::string placeholder_rows(std::size_t rows, std::size_t columns);

void apply_archive_migrations(Database& db);

// A small JSON string literal, escaped.
inline std::string json_string(const std::string& text) { return cesp::json_quote(text); }

}  // namespace cesp::storage
