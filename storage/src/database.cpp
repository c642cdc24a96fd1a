// The database adapter: the only file of cesp that talks to SQLite and
// PostgreSQL. It drives the C APIs directly (sqlite3, libpq) on connections
// of its own pool, with a per-connection cache of prepared statements keyed
// by the SQL text: the hot read paths (sessions, dossiers) compile each
// statement once per connection instead of once per query, and take no
// process-wide lock (Poco::Data's SQLite connector serialized every compile
// on one mutex; its PostgreSQL connector spent several round trips a query).
#include "cesp/storage/database.h"

#include <atomic>
#include <charconv>
#include <functional>
#include <mutex>

#include "cesp/core/error.h"

#include "native_connection.h"

namespace cesp::storage {
namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";
constexpr std::string_view kPostgresPrefix = "postgresql:";

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
      return open_sqlite_connection(location, timeout);
    };
  } else {
    factory = [location]() -> std::unique_ptr<NativeConnection> {
      return open_postgres_connection(location);
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
