// The PostgreSQL backend of the database adapter: libpq, one connection per
// pooled connection, statements prepared once by name and cached by SQL text.
#include <libpq-fe.h>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <unordered_map>

#include "native_connection.h"

namespace cesp::storage {
namespace {

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

}  // namespace

std::unique_ptr<NativeConnection> open_postgres_connection(const std::string& conninfo) {
  return std::make_unique<PostgresConnection>(conninfo);
}

}  // namespace cesp::storage
