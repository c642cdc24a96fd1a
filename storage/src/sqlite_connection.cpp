// The SQLite backend of the database adapter: sqlite3 C API, one handle per
// pooled connection, prepared statements cached by SQL text.
#include <sqlite3.h>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <unordered_map>

#include "native_connection.h"

namespace cesp::storage {
namespace {

struct Sqlite3Close {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct Sqlite3Finalize {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using SqliteStatement = std::unique_ptr<sqlite3_stmt, Sqlite3Finalize>;

class SqliteConnection final : public NativeConnection {
 public:
  SqliteConnection(const std::string& path, int busy_timeout_ms) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(
        path.c_str(), &raw,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(raw);  // closed even when opening failed
    if (rc != SQLITE_OK) {
      throw Error(ErrorCode::database_unavailable,
                  path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    }
    // WAL lets readers proceed during a write; FULL syncs the WAL on every
    // commit, so a committed record survives power loss, not only a crash.
    run("PRAGMA busy_timeout = " + std::to_string(busy_timeout_ms), {}, false, nullptr);
    run("PRAGMA journal_mode = WAL", {}, false, nullptr);
    run("PRAGMA synchronous = FULL", {}, false, nullptr);
    run("PRAGMA foreign_keys = ON", {}, false, nullptr);
  }

  Rows run(std::string_view sql, const Params& params, bool want_rows, std::int64_t* affected) override {
    SqliteStatement uncached;
    std::string_view rest;  // what follows a first statement that is not cached
    sqlite3_stmt* stmt = statement(sql, uncached, &rest);
    // Leaves a cached statement ready for its next use whatever happens here;
    // the parameters are bound SQLITE_STATIC and must not outlive this call.
    struct Reset {
      sqlite3_stmt* stmt;
      ~Reset() {
        if (stmt) {
          sqlite3_reset(stmt);
          sqlite3_clear_bindings(stmt);
        }
      }
    } reset{stmt};
    Rows rows;
    if (!stmt) {  // only blanks or a comment
      if (affected) *affected = 0;
      return rows;
    }
    bind(stmt, params, sql);
    const sqlite3_int64 changes_before = sqlite3_total_changes64(db_.get());
    std::int64_t row_count = 0;
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail(rc, sql);
      // Read after step: a schema change recompiles the statement (SELECT *).
      const int columns = sqlite3_column_count(stmt);
      ++row_count;
      if (!want_rows) continue;
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) values.push_back(column(stmt, c));
      rows.emplace_back(std::move(values));
    }
    if (rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
      // Several statements in one text (SQLite only): the rest run unbound.
      for (const std::string& next : split_statements(std::string(rest))) run(next, {}, false, nullptr);
    }
    if (affected) {
      const bool changed = sqlite3_total_changes64(db_.get()) != changes_before;
      *affected = sqlite3_column_count(stmt) > 0 ? row_count : changed ? sqlite3_changes64(db_.get()) : 0;
    }
    return rows;
  }

  bool reusable() override { return sqlite3_get_autocommit(db_.get()) != 0; }
  void clear_cache() override { cache_.clear(); }

 private:
  // The cached statement for `sql`, or a fresh one owned by `uncached`.
  sqlite3_stmt* statement(std::string_view sql, SqliteStatement& uncached, std::string_view* rest) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second.get();
    const bool keep = cache_.size() < kMaxCachedStatements;
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                      keep ? SQLITE_PREPARE_PERSISTENT : 0, &raw, &tail);
    SqliteStatement owned(raw);
    if (rc != SQLITE_OK) fail(rc, sql);
    if (!raw) return nullptr;
    // sql may not be NUL-terminated: the tail is an offset into it.
    const std::string_view after = tail ? sql.substr(static_cast<std::size_t>(tail - sql.data())) : "";
    const bool single = after.find_first_not_of(" \t\r\n;") == std::string_view::npos;
    if (!keep || !single) {
      *rest = after;
      uncached = std::move(owned);
      return raw;
    }
    cache_.emplace(std::string(sql), std::move(owned));
    return raw;
  }

  void bind(sqlite3_stmt* stmt, const Params& params, std::string_view sql) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      const Value& value = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::monostate>(value)) {
        rc = sqlite3_bind_null(stmt, index);
      } else if (auto* n = std::get_if<std::int64_t>(&value)) {
        rc = sqlite3_bind_int64(stmt, index, *n);
      } else if (auto* d = std::get_if<double>(&value)) {
        rc = sqlite3_bind_double(stmt, index, *d);
      } else if (auto* s = std::get_if<std::string>(&value)) {
        rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        const Bytes& b = std::get<Bytes>(value);
        rc = b.empty() ? sqlite3_bind_zeroblob(stmt, index, 0)
                       : sqlite3_bind_blob64(stmt, index, b.data(), b.size(), SQLITE_STATIC);
      }
      if (rc != SQLITE_OK) fail(rc, sql);
    }
  }

  static Value column(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_NULL: return std::monostate{};
      case SQLITE_INTEGER: return static_cast<std::int64_t>(sqlite3_column_int64(stmt, c));
      case SQLITE_FLOAT: return sqlite3_column_double(stmt, c);
      case SQLITE_BLOB: {
        const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(stmt, c));
        return Bytes(data, data + sqlite3_column_bytes(stmt, c));
      }
      default: {
        const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        return std::string(data ? data : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
      }
    }
  }

  [[noreturn]] void fail(int rc, std::string_view sql) {
    const int primary = rc & 0xff;
    const std::string message = std::string(sqlite3_errmsg(db_.get())) + " (" + sqlite3_errstr(rc) + ")";
    const bool unavailable = primary == SQLITE_BUSY || primary == SQLITE_CANTOPEN;
    if (primary == SQLITE_CONSTRAINT)
      throw Error(ErrorCode::already_exists, message + " — SQL: " + std::string(sql.substr(0, 200)));
    throw_database_error(message, sql, unavailable);
  }

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unique_ptr<sqlite3, Sqlite3Close> db_;
  std::unordered_map<std::string, SqliteStatement, Hash, std::equal_to<>> cache_;
};

}  // namespace

std::unique_ptr<NativeConnection> open_sqlite_connection(const std::string& path, int busy_timeout_ms) {
  return std::make_unique<SqliteConnection>(path, busy_timeout_ms);
}

}  // namespace cesp::storage
