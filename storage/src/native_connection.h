// What the database adapter's two backends share (storage/src only): the
// connection interface the pool hands out, and the helpers both use. One
// file per backend (sqlite_connection.cpp, postgres_connection.cpp) keeps
// each C API in one place; database.cpp holds the pool and the public API.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cesp/core/error.h"
#include "cesp/storage/database.h"

namespace cesp::storage {

// Statements kept per connection; beyond, new texts run uncached (one-off
// DDL, generated SQL) so the cache never grows without bound.
inline constexpr std::size_t kMaxCachedStatements = 256;

inline bool is_constraint_violation(std::string_view text) {
  return text.find("UNIQUE constraint") != std::string_view::npos ||
         text.find("duplicate key") != std::string_view::npos ||
         text.find("constraint failed") != std::string_view::npos ||
         text.find("violates") != std::string_view::npos;
}

[[noreturn]] inline void throw_database_error(std::string_view message, std::string_view sql,
                                              bool unavailable) {
  const std::string context = std::string(message) + " — SQL: " + std::string(sql.substr(0, 200));
  if (is_constraint_violation(message)) throw Error(ErrorCode::already_exists, context);
  throw Error(unavailable ? ErrorCode::database_unavailable : ErrorCode::database_error, context);
}

inline std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

inline std::vector<std::string> split_statements(const std::string& sql) {
  std::vector<std::string> out;
  std::string current;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == ';') {
      if (current.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(current);
  return out;
}

// One open connection of either backend, used by one thread at a time.
class NativeConnection {
 public:
  virtual ~NativeConnection() = default;
  // Runs one statement with bound values; collects rows when want_rows.
  virtual Rows run(std::string_view sql, const Params& params, bool want_rows, std::int64_t* affected) = 0;
  // Whether the connection may go back to the pool: healthy, no open transaction.
  virtual bool reusable() = 0;
  // Drops every cached statement (the schema changed under them).
  virtual void clear_cache() = 0;
  std::uint64_t schema_generation = 0;
};

// Opens a connection; Error(database_unavailable) when it cannot.
std::unique_ptr<NativeConnection> open_sqlite_connection(const std::string& path, int busy_timeout_ms);
std::unique_ptr<NativeConnection> open_postgres_connection(const std::string& conninfo);

}  // namespace cesp::storage
