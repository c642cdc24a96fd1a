#include "accounts/sql_account_store.h"

#include <algorithm>
#include <cctype>

#include "cesp/core/error.h"
#include "cesp/storage/database.h"

namespace cesp::server {
namespace {

using storage::Params;
using storage::Row;

const std::vector<storage::Migration>& migrations() {
  static const std::vector<storage::Migration> list = {
      {1, "accounts",
       "CREATE TABLE accounts (\n"
       "  id TEXT PRIMARY KEY,\n"
       "  login TEXT NOT NULL UNIQUE,\n"
       "  display_name TEXT NOT NULL,\n"
       "  password_hash TEXT NOT NULL,\n"
       "  role TEXT NOT NULL,\n"
       "  candidate_id TEXT NOT NULL DEFAULT '',\n"
       "  ufr TEXT NOT NULL DEFAULT '',\n"
       "  region TEXT NOT NULL DEFAULT '',\n"
       "  active BIGINT NOT NULL DEFAULT 1\n"
       ");\n"},
  };
  return list;
}

constexpr const char* kColumns =
    "id, login, display_name, password_hash, role, candidate_id, ufr, region, active";

Account from_row(const Row& row) {
  Account a;
  a.id = row.text(0);
  a.login = row.text(1);
  a.display_name = row.text(2);
  a.password_hash = row.text(3);
  a.role = parse_role(row.text(4));
  a.candidate_id = row.text(5);
  a.ufr = row.text(6);
  a.region = row.text(7);
  a.active = row.integer(8) != 0;
  return a;
}

class SqlAccountStore final : public AccountStore {
 public:
  explicit SqlAccountStore(std::shared_ptr<storage::Database> db) : db_(std::move(db)) {}

  void create(const Account& account) override {
    const std::string login = normalize_login(account.login);
    if (login.empty()) throw Error(ErrorCode::missing_field, "login");
    db_->transact([&](storage::Transaction& tx) {
      if (tx.query_one("SELECT 1 FROM accounts WHERE login = ? OR id = ?", {login, account.id})) {
        throw Error(ErrorCode::already_exists, "compte " + login);
      }
      tx.execute(std::string("INSERT INTO accounts (") + kColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {account.id, login, account.display_name, account.password_hash,
                  std::string(to_string(account.role)), account.candidate_id, account.ufr, account.region,
                  std::int64_t{account.active ? 1 : 0}});
    });
  }

  std::optional<Account> find_by_login(const std::string& login) override {
    return find("login", normalize_login(login));
  }

  std::optional<Account> find_by_id(const std::string& id) override { return find("id", id); }

  void update_password_hash(const std::string& id, const std::string& hash) override {
    if (db_->execute("UPDATE accounts SET password_hash = ? WHERE id = ?", {hash, id}) != 1) {
      throw Error(ErrorCode::not_found, "compte " + id);
    }
  }

  std::vector<Account> list() override {
    std::vector<Account> out;
    for (const auto& row : db_->query(std::string("SELECT ") + kColumns + " FROM accounts ORDER BY login")) {
      out.push_back(from_row(row));
    }
    return out;
  }

 private:
  std::optional<Account> find(const std::string& column, const std::string& value) {
    // column is one of two literals above, never caller input.
    auto row = db_->query_one(std::string("SELECT ") + kColumns + " FROM accounts WHERE " + column + " = ?",
                              Params{value});
    if (!row) return std::nullopt;
    return from_row(*row);
  }

  std::shared_ptr<storage::Database> db_;
};

}  // namespace

std::string normalize_login(const std::string& login) {
  auto begin = std::find_if_not(login.begin(), login.end(), [](unsigned char c) { return std::isspace(c); });
  auto end =
      std::find_if_not(login.rbegin(), login.rend(), [](unsigned char c) { return std::isspace(c); }).base();
  std::string out;
  for (auto it = begin; it < end; ++it)
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(*it)));
  return out;
}

std::shared_ptr<AccountStore> open_sql_account_store(std::shared_ptr<storage::Database> database) {
  database->migrate("accounts", migrations());
  return std::make_shared<SqlAccountStore>(std::move(database));
}

}  // namespace cesp::server
