// The database adapter: the only file of cesp that talks to SQLite and
// PostgreSQL. It drives the C APIs directly (sqlite3, libpq) on connections
// of its own pool, with a per-connection cache of prepared statements keyed
// by the SQL text: the hot read paths (sessions, dossiers) compile each
// statement once per connection instead of once per query, and take no
// process-wide lock (Poco::Data's SQLite connector serialized every compile
// on one mutex; its PostgreSQL connector spent several round trips a query).
#include "cesp/storage/database.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <atomic>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <mutex>
#include <unordered_map>

#include "cesp/core/error.h"

namespace cesp::storage {
namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";
constexpr std::string_view kPostgresPrefix = "postgresql:";
// Statements kept per connection; beyond, new texts run uncached (one-off
// DDL, generated SQL) so the cache never grows without bound.
constexpr std::size_t kMaxCachedStatements = 256;

bool is_constraint_violation(std::string_view text) {
  return text.find("UNIQUE constraint") != std::string_view::npos ||
         text.find("duplicate key") != std::string_view::npos ||
         text.find("constraint failed") != std::string_view::npos ||
         text.find("violates") != std::string_view::npos;
}

[[noreturn]] void throw_database_error(std::string_view message, std::string_view sql, bool unavailable) {
  const std::string context = std::string(message) + " — SQL: " + std::string(sql.substr(0, 200));
  if (is_constraint_violation(message)) throw Error(ErrorCode::already_exists, context);
  throw Error(unavailable ? ErrorCode::database_unavailable : ErrorCode::database_error, context);
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

// ---- SQLite -----------------------------------------------------------------

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

// ---- PostgreSQL -------------------------------------------------------------

struct PgFinish {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct PgClear {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, PgClear>;

constexpr Oid kBoolOid = 16, kByteaOid = 17, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kOidOid = 26,
              kFloat4Oid = 700, kFloat8Oid = 701, kNumericOid = 1700;

// Statements worth a server-side prepared statement: the repeated DML.
bool cacheable(std::string_view sql) {
  const auto start = sql.find_first_not_of(" \t\r\n(");
  if (start == std::string_view::npos) return false;
  std::string head;
  for (std::size_t i = start;
       i < sql.size() && head.size() < 6 && std::isalpha(static_cast<unsigned char>(sql[i])); ++i)
    head += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
  return head == "SELECT" || head == "INSERT" || head == "UPDATE" || head == "DELETE" || head == "WITH";
}

class PostgresConnection final : public NativeConnection {
 public:
  explicit PostgresConnection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) {
      std::string message = conn_ ? PQerrorMessage(conn_.get()) : "out of memory";
      while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
      throw Error(ErrorCode::database_unavailable, message);
    }
    run("SET client_min_messages TO warning", {}, false, nullptr);
  }

  Rows run(std::string_view sql, const Params& params, bool want_rows, std::int64_t* affected) override {
    const std::string text = to_dialect_placeholders(sql, Dialect::postgresql);
    // Text format for every value but bytea (binary: no escaping); the server
    // infers each parameter's type from the statement, as Poco::Data did.
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<int> lengths(params.size(), 0);
    std::vector<int> formats(params.size(), 0);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& value = params[i];
      if (auto* n = std::get_if<std::int64_t>(&value)) {
        texts[i] = std::to_string(*n);
      } else if (auto* d = std::get_if<double>(&value)) {
        char buffer[64];
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, *d).ptr;
        texts[i].assign(buffer, end);
      } else if (auto* s = std::get_if<std::string>(&value)) {
        values[i] = s->c_str();
        continue;
      } else if (auto* b = std::get_if<Bytes>(&value)) {
        values[i] = reinterpret_cast<const char*>(b->data());
        if (!values[i]) values[i] = "";
        lengths[i] = static_cast<int>(b->size());
        formats[i] = 1;
        continue;
      } else {
        continue;  // NULL
      }
      values[i] = texts[i].c_str();
    }
    const int n = static_cast<int>(params.size());
    PgResult result = execute(text, n, values.data(), lengths.data(), formats.data());
    if (needs_replan(result.get())) {
      // A table changed shape under a cached SELECT (another process migrated):
      // outside a transaction the statement can be prepared again.
      forget(text);
      result = execute(text, n, values.data(), lengths.data(), formats.data());
    }
    check(result.get(), sql);
    Rows rows;
    const int row_count = PQntuples(result.get());
    if (affected) {
      const char* tuples = PQcmdTuples(result.get());
      *affected = tuples && *tuples ? std::strtoll(tuples, nullptr, 10) : row_count;
    }
    if (!want_rows) return rows;
    const int columns = PQnfields(result.get());
    rows.reserve(static_cast<std::size_t>(row_count));
    for (int r = 0; r < row_count; ++r) {
      std::vector<Value> row;
      row.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) row.push_back(column(result.get(), r, c));
      rows.emplace_back(std::move(row));
    }
    return rows;
  }

  bool reusable() override {
    return PQstatus(conn_.get()) == CONNECTION_OK && PQtransactionStatus(conn_.get()) == PQTRANS_IDLE;
  }

  void clear_cache() override {
    if (prepared_.empty()) return;
    PgResult(PQexec(conn_.get(), "DEALLOCATE ALL"));
    prepared_.clear();
  }

 private:
  PgResult execute(const std::string& text, int n, const char* const* values, const int* lengths,
                   const int* formats) {
    if (auto it = prepared_.find(text); it != prepared_.end()) {
      return PgResult(PQexecPrepared(conn_.get(), it->second.c_str(), n, values, lengths, formats, 0));
    }
    if (cacheable(text) && prepared_.size() < kMaxCachedStatements) {
      const std::string name = "cesp_" + std::to_string(++next_statement_);
      PgResult prepared(PQprepare(conn_.get(), name.c_str(), text.c_str(), n, nullptr));
      if (!prepared || PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) return prepared;  // the error
      prepared_.emplace(text, name);
      return PgResult(PQexecPrepared(conn_.get(), name.c_str(), n, values, lengths, formats, 0));
    }
    return PgResult(PQexecParams(conn_.get(), text.c_str(), n, nullptr, values, lengths, formats, 0));
  }

  bool needs_replan(const PGresult* result) {
    if (!result || PQresultStatus(result) != PGRES_FATAL_ERROR) return false;
    if (PQtransactionStatus(conn_.get()) != PQTRANS_IDLE) return false;
    const char* message = PQresultErrorMessage(result);
    return message && std::string_view(message).find("cached plan must not change result type") !=
                          std::string_view::npos;
  }

  void forget(const std::string& text) {
    auto it = prepared_.find(text);
    if (it == prepared_.end()) return;
    PgResult(PQexec(conn_.get(), ("DEALLOCATE " + it->second).c_str()));
    prepared_.erase(it);
  }

  void check(const PGresult* result, std::string_view sql) {
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn_.get());
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string_view sqlstate = state ? state : "";
    if (sqlstate.starts_with("23")) {
      throw Error(ErrorCode::already_exists, message + " — SQL: " + std::string(sql.substr(0, 200)));
    }
    const bool unavailable =
        PQstatus(conn_.get()) != CONNECTION_OK || sqlstate.starts_with("08") || sqlstate.starts_with("57P");
    throw_database_error(message, sql, unavailable);
  }

  static Value column(const PGresult* result, int r, int c) {
    if (PQgetisnull(result, r, c)) return std::monostate{};
    const char* data = PQgetvalue(result, r, c);
    const auto size = static_cast<std::size_t>(PQgetlength(result, r, c));
    switch (PQftype(result, c)) {
      case kBoolOid: return std::int64_t{data[0] == 't' ? 1 : 0};
      case kInt2Oid:
      case kInt4Oid:
      case kInt8Oid:
      case kOidOid: return static_cast<std::int64_t>(std::strtoll(data, nullptr, 10));
      case kFloat4Oid:
      case kFloat8Oid:
      case kNumericOid: return std::strtod(data, nullptr);
      case kByteaOid: {
        std::size_t length = 0;
        unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(data), &length);
        if (!raw) throw Error(ErrorCode::database_error, "bytea column could not be decoded");
        Bytes bytes(raw, raw + length);
        PQfreemem(raw);
        return bytes;
      }
      default: return std::string(data, size);
    }
  }

  std::unique_ptr<PGconn, PgFinish> conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  std::uint64_t next_statement_ = 0;
};

// ---- Pool ---------------------------------------------------------------------

// Fails at once when every connection is in use (like Poco's SessionPool,
// which callers size for: a nested connect must not wait on itself).
class Pool {
 public:
  using Factory = std::function<std::unique_ptr<NativeConnection>()>;
  Pool(Factory factory, std::size_t max)
      : factory_(std::move(factory)), max_(std::max<std::size_t>(1, max)) {}

  std::unique_ptr<NativeConnection> get() {
    std::unique_ptr<NativeConnection> conn;
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        conn = std::move(idle_.back());
        idle_.pop_back();
      } else if (open_ >= max_) {
        throw Error(ErrorCode::database_unavailable,
                    "all " + std::to_string(max_) + " database connections are in use");
      } else {
        ++open_;
      }
    }
    if (!conn) {
      try {
        conn = factory_();
      } catch (...) {
        std::lock_guard lock(mutex_);
        --open_;
        throw;
      }
      conn->schema_generation = schema_generation_.load();
    }
    const std::uint64_t generation = schema_generation_.load();
    if (conn->schema_generation != generation) {
      conn->clear_cache();
      conn->schema_generation = generation;
    }
    return conn;
  }

  void put_back(std::unique_ptr<NativeConnection> conn) noexcept {
    const bool keep = conn->reusable();
    std::lock_guard lock(mutex_);
    if (keep) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;  // broken or left mid-transaction: closed on return (rolls back)
    }
  }

  // Cached statements may describe a schema that migrate() just changed.
  void schema_changed() { ++schema_generation_; }

 private:
  Factory factory_;
  std::size_t max_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<NativeConnection>> idle_;
  std::size_t open_ = 0;
  std::atomic<std::uint64_t> schema_generation_{0};
};

}  // namespace

struct Connection::Session {
  std::shared_ptr<Pool> pool;  // outlives the connection below
  std::unique_ptr<NativeConnection> connection;
  ~Session() {
    if (connection) pool->put_back(std::move(connection));
  }
};

struct Database::Impl {
  Dialect dialect;
  std::string uri;
  std::shared_ptr<Pool> pool;
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
  if (auto* d = std::get_if<double>(&v)) {
    char buffer[64];
    return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, *d).ptr);
  }
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
  session_->connection->run(sql, params, false, &affected);
  return affected;
}

Rows Connection::query(std::string_view sql, const Params& params) {
  return session_->connection->run(sql, params, true, nullptr);
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
  auto impl = std::make_unique<Impl>();
  impl->uri = uri;
  std::string location;
  if (uri.starts_with(kSqlitePrefix)) {
    impl->dialect = Dialect::sqlite;
    location = uri.substr(kSqlitePrefix.size());
  } else if (uri.starts_with(kPostgresPrefix)) {
    impl->dialect = Dialect::postgresql;
    location = uri.substr(kPostgresPrefix.size());
  } else {
    throw Error(ErrorCode::invalid_argument,
                "URI de base de données invalide (sqlite:CHEMIN ou postgresql:host=...)",
                "invalid database URI (sqlite:PATH or postgresql:host=...)", uri);
  }
  if (location.empty()) throw Error(ErrorCode::invalid_argument, "empty database location: " + uri);
  Pool::Factory factory;
  if (impl->dialect == Dialect::sqlite) {
    factory = [location, timeout = options.busy_timeout_ms]() -> std::unique_ptr<NativeConnection> {
      return std::make_unique<SqliteConnection>(location, timeout);
    };
  } else {
    factory = [location]() -> std::unique_ptr<NativeConnection> {
      return std::make_unique<PostgresConnection>(location);
    };
  }
  impl->pool = std::make_shared<Pool>(std::move(factory), options.max_connections);
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
    auto session = std::make_unique<Connection::Session>();
    session->pool = impl_->pool;
    session->connection = impl_->pool->get();
    return Connection(std::move(session), impl_->dialect);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::database_unavailable) throw;
    throw Error(ErrorCode::database_unavailable, display_uri() + ": " + e.context());
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
  // Whatever happens, pooled connections drop the statements they compiled
  // against the old schema before their next use.
  struct SchemaChanged {
    Pool& pool;
    bool applied = false;
    ~SchemaChanged() {
      if (applied) pool.schema_changed();
    }
  } schema_changed{*impl_->pool};
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
      schema_changed.applied = true;
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
