// The Poco::Data adapter: the only file of cesp that includes Poco::Data
// headers. Sessions come from a pool; each new SQLite session gets the
// durability pragmas, each PostgreSQL session a quiet notice level.
#include "cesp/storage/database.h"

#include <Poco/Data/LOB.h>
#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <deque>
#include <mutex>

#include "cesp/core/error.h"

namespace cesp::storage {
namespace {

using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

constexpr std::string_view kSqlitePrefix = "sqlite:";
constexpr std::string_view kPostgresPrefix = "postgresql:";

void register_connectors() {
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
  });
}

// A pool that prepares every session it creates.
class PreparedSessionPool : public Poco::Data::SessionPool {
 public:
  PreparedSessionPool(const std::string& connector, const std::string& connection, Dialect dialect,
                      const DatabaseOptions& options)
      : SessionPool(connector, connection, 1, static_cast<int>(options.max_connections), 600),
        dialect_(dialect),
        busy_timeout_ms_(options.busy_timeout_ms) {}

 protected:
  void customizeSession(Poco::Data::Session& session) override {
    if (dialect_ == Dialect::sqlite) {
      // WAL lets readers proceed during a write; FULL syncs the WAL on every
      // commit, so a committed record survives power loss, not only a crash.
      session << "PRAGMA busy_timeout = " + std::to_string(busy_timeout_ms_), now;
      session << "PRAGMA journal_mode = WAL", now;
      session << "PRAGMA synchronous = FULL", now;
      session << "PRAGMA foreign_keys = ON", now;
    } else {
      session << "SET client_min_messages TO warning", now;
    }
  }

 private:
  Dialect dialect_;
  int busy_timeout_ms_;
};

bool is_constraint_violation(const std::string& text) {
  return text.find("UNIQUE constraint") != std::string::npos ||
         text.find("duplicate key") != std::string::npos ||
         text.find("constraint failed") != std::string::npos || text.find("violates") != std::string::npos;
}

[[noreturn]] void rethrow_as_error(const Poco::Exception& e, std::string_view sql) {
  const std::string text = e.displayText();
  const std::string context = text + " — SQL: " + std::string(sql.substr(0, 200));
  if (is_constraint_violation(text)) throw Error(ErrorCode::already_exists, context);
  if (dynamic_cast<const Poco::Data::PostgreSQL::ConnectionException*>(&e) ||
      dynamic_cast<const Poco::Data::SessionPoolExhaustedException*>(&e) ||
      dynamic_cast<const Poco::Data::SQLite::DBLockedException*>(&e) ||
      dynamic_cast<const Poco::Data::SQLite::CantOpenDBFileException*>(&e)) {
    throw Error(ErrorCode::database_unavailable, context);
  }
  throw Error(ErrorCode::database_error, context);
}

Value column_value(const Poco::Data::RecordSet& rs, std::size_t col, std::size_t row) {
  using Poco::Data::MetaColumn;
  if (rs.isNull(col, row)) return std::monostate{};
  const Poco::Dynamic::Var& var = rs.value(col, row);
  switch (rs.columnType(col)) {
    case MetaColumn::FDT_BLOB:
    case MetaColumn::FDT_CLOB: {
      // Connectors differ on the LOB flavour they hand back for binary columns.
      if (var.type() == typeid(Poco::Data::CLOB)) {
        const auto& clob = var.extract<Poco::Data::CLOB>();
        return Bytes(clob.begin(), clob.end());
      }
      const auto& blob = var.extract<Poco::Data::BLOB>();
      return Bytes(blob.begin(), blob.end());
    }
    case MetaColumn::FDT_BOOL:
    case MetaColumn::FDT_INT8:
    case MetaColumn::FDT_UINT8:
    case MetaColumn::FDT_INT16:
    case MetaColumn::FDT_UINT16:
    case MetaColumn::FDT_INT32:
    case MetaColumn::FDT_UINT32:
    case MetaColumn::FDT_INT64:
    case MetaColumn::FDT_UINT64: return var.convert<Poco::Int64>();
    case MetaColumn::FDT_FLOAT:
    case MetaColumn::FDT_DOUBLE: return var.convert<double>();
    default: return var.convert<std::string>();
  }
}

// Runs one statement with bound values; collects rows when want_rows.
Rows run(Poco::Data::Session& session, Dialect dialect, std::string_view sql, const Params& params,
         bool want_rows, std::int64_t* affected) {
  const std::string text = to_dialect_placeholders(sql, dialect);
  try {
    Poco::Data::Statement statement(session);
    statement << text;
    // Bindings keep references: the storage must stay put until execute().
    std::deque<Poco::Int64> ints;
    std::deque<double> reals;
    std::deque<std::string> strings;
    std::deque<Poco::Data::BLOB> blobs;
    for (const Value& value : params) {
      if (std::holds_alternative<std::monostate>(value)) {
        statement, use(Poco::Data::Keywords::null);
      } else if (auto* i = std::get_if<std::int64_t>(&value)) {
        statement, use(ints.emplace_back(*i));
      } else if (auto* d = std::get_if<double>(&value)) {
        statement, use(reals.emplace_back(*d));
      } else if (auto* s = std::get_if<std::string>(&value)) {
        statement, use(strings.emplace_back(*s));
      } else {
        const Bytes& b = std::get<Bytes>(value);
        statement, use(blobs.emplace_back(b.data(), b.size()));
      }
    }
    const std::size_t count = statement.execute();
    if (affected) *affected = static_cast<std::int64_t>(count);
    Rows rows;
    if (!want_rows) return rows;
    Poco::Data::RecordSet rs(statement);
    const std::size_t columns = rs.columnCount();
    const std::size_t row_count = rs.rowCount();
    rows.reserve(row_count);
    for (std::size_t r = 0; r < row_count; ++r) {
      std::vector<Value> values;
      values.reserve(columns);
      for (std::size_t c = 0; c < columns; ++c) values.push_back(column_value(rs, c, r));
      rows.emplace_back(std::move(values));
    }
    return rows;
  } catch (const Poco::Exception& e) {
    rethrow_as_error(e, sql);
  }
}

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::vector<std::string> split_statements(const std::string& sql) {
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

}  // namespace

struct Connection::Session {
  std::shared_ptr<PreparedSessionPool> pool;  // outlives the session below
  Poco::Data::Session session;
};

struct Database::Impl {
  Dialect dialect;
  std::string uri;
  std::shared_ptr<PreparedSessionPool> pool;
};

// ---- Row ------------------------------------------------------------------

const Value& Row::value(std::size_t column) const {
  if (column >= values_.size())
    throw Error(ErrorCode::database_error, "column " + std::to_string(column) + " out of range");
  return values_[column];
}

bool Row::is_null(std::size_t column) const { return std::holds_alternative<std::monostate>(value(column)); }

std::int64_t Row::integer(std::size_t column) const {
  const Value& v = value(column);
  if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v)) {
    try {
      std::size_t used = 0;
      long long parsed = std::stoll(*s, &used);
      if (used == s->size()) return parsed;
    } catch (const std::exception&) {
    }
  }
  throw Error(ErrorCode::database_error, "column " + std::to_string(column) + " is not an integer");
}

double Row::real(std::size_t column) const {
  const Value& v = value(column);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (auto* s = std::get_if<std::string>(&v)) {
    try {
      return std::stod(*s);
    } catch (const std::exception&) {
    }
  }
  throw Error(ErrorCode::database_error, "column " + std::to_string(column) + " is not a number");
}

std::string Row::text(std::size_t column) const {
  const Value& v = value(column);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto* b = std::get_if<Bytes>(&v)) return std::string(b->begin(), b->end());
  throw Error(ErrorCode::database_error, "column " + std::to_string(column) + " is not text");
}

Bytes Row::bytes(std::size_t column) const {
  const Value& v = value(column);
  if (auto* b = std::get_if<Bytes>(&v)) return *b;
  if (auto* s = std::get_if<std::string>(&v)) return Bytes(s->begin(), s->end());
  throw Error(ErrorCode::database_error, "column " + std::to_string(column) + " is not binary");
}

// ---- Connection / Transaction ---------------------------------------------

Connection::Connection(std::unique_ptr<Session> session, Dialect dialect)
    : session_(std::move(session)), dialect_(dialect) {}
Connection::Connection(Connection&&) noexcept = default;
Connection::~Connection() = default;

std::int64_t Connection::execute(std::string_view sql, const Params& params) {
  std::int64_t affected = 0;
  run(session_->session, dialect_, sql, params, false, &affected);
  return affected;
}

Rows Connection::query(std::string_view sql, const Params& params) {
  return run(session_->session, dialect_, sql, params, true, nullptr);
}

std::optional<Row> Connection::query_one(std::string_view sql, const Params& params) {
  Rows rows = query(sql, params);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

void Transaction::serialize(std::string_view key) {
  if (dialect_ != Dialect::postgresql) return;
  const auto lock_key = static_cast<std::int64_t>(fnv1a(key));
  query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(CAST(? AS BIGINT))) AS locked", {lock_key});
}

// ---- Database ---------------------------------------------------------------

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;

std::shared_ptr<Database> Database::open(const std::string& uri, const DatabaseOptions& options) {
  register_connectors();
  auto impl = std::make_unique<Impl>();
  impl->uri = uri;
  std::string connector;
  std::string connection;
  if (uri.starts_with(kSqlitePrefix)) {
    impl->dialect = Dialect::sqlite;
    connector = "SQLite";
    connection = uri.substr(kSqlitePrefix.size());
  } else if (uri.starts_with(kPostgresPrefix)) {
    impl->dialect = Dialect::postgresql;
    connector = "PostgreSQL";
    connection = uri.substr(kPostgresPrefix.size());
  } else {
    throw Error(ErrorCode::invalid_argument,
                "URI de base de données invalide (sqlite:CHEMIN ou postgresql:host=...)",
                "invalid database URI (sqlite:PATH or postgresql:host=...)", uri);
  }
  if (connection.empty()) throw Error(ErrorCode::invalid_argument, "empty database location: " + uri);
  try {
    impl->pool = std::make_shared<PreparedSessionPool>(connector, connection, impl->dialect, options);
  } catch (const Poco::Exception& e) {
    throw Error(ErrorCode::database_unavailable, e.displayText());
  }
  std::shared_ptr<Database> db(new Database(std::move(impl)));
  try {
    db->query("SELECT 1");
  } catch (const Error& e) {
    throw Error(ErrorCode::database_unavailable, db->display_uri() + ": " + e.context());
  }
  return db;
}

Dialect Database::dialect() const { return impl_->dialect; }

std::string Database::display_uri() const {
  std::string text = impl_->uri;
  if (auto pos = text.find("password="); pos != std::string::npos) {
    auto end = text.find(' ', pos);
    text.replace(pos + 9, (end == std::string::npos ? text.size() : end) - pos - 9, "***");
  }
  return text;
}

Connection Database::connect() {
  try {
    auto session =
        std::make_unique<Connection::Session>(Connection::Session{impl_->pool, impl_->pool->get()});
    return Connection(std::move(session), impl_->dialect);
  } catch (const Poco::Exception& e) {
    throw Error(ErrorCode::database_unavailable, display_uri() + ": " + e.displayText());
  }
}

Transaction Database::begin() {
  Connection c = connect();
  Transaction tx(std::move(c.session_), impl_->dialect);
  // SQLite: take the write lock up front, so two writers queue on the busy
  // timeout instead of failing when a reader upgrades to a writer.
  tx.execute(impl_->dialect == Dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  return tx;
}

void Database::commit(Transaction& tx) { tx.execute("COMMIT"); }

void Database::rollback(Transaction& tx) noexcept {
  try {
    tx.execute("ROLLBACK");
  } catch (...) {
    // The transaction is already gone (failed COMMIT, lost connection).
  }
}

int Database::schema_version(const std::string& module) {
  try {
    auto row = query_one("SELECT MAX(version) FROM schema_migrations WHERE module = ?", {module});
    return row && !row->is_null(0) ? static_cast<int>(row->integer(0)) : 0;
  } catch (const Error&) {
    return 0;  // no schema_migrations table yet
  }
}

void Database::migrate(const std::string& module, const std::vector<Migration>& migrations) {
  transact([&](Transaction& tx) {
    tx.serialize("cesp.schema_migrations");
    tx.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT NOT NULL, version BIGINT NOT NULL, "
        "name TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (module, version))");
    auto row = tx.query_one("SELECT MAX(version) FROM schema_migrations WHERE module = ?", {module});
    const int current = row && !row->is_null(0) ? static_cast<int>(row->integer(0)) : 0;
    int highest = 0;
    for (const Migration& m : migrations) {
      if (m.version <= highest) throw Error(ErrorCode::internal, module + ": migrations out of order");
      highest = m.version;
    }
    if (current > highest) {
      throw Error(ErrorCode::schema_too_new, module + ": database at version " + std::to_string(current) +
                                                 ", this cesp knows up to " + std::to_string(highest));
    }
    for (const Migration& m : migrations) {
      if (m.version <= current) continue;
      for (const std::string& statement : split_statements(to_dialect_ddl(m.sql, impl_->dialect))) {
        tx.execute(statement);
      }
      tx.execute(
          "INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (?, ?, ?, "
          "CAST(CURRENT_TIMESTAMP AS TEXT))",
          {module, std::int64_t{m.version}, m.name});
    }
  });
}

}  // namespace cesp::storage
