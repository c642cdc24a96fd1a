// AccountStore over the shared metadata database (SQLite or PostgreSQL).
#pragma once

#include <memory>

#include "accounts/account_store.h"

namespace cesp::storage {
class Database;
}

namespace cesp::server {

// Applies the accounts migrations, then returns the store.
std::shared_ptr<AccountStore> open_sql_account_store(std::shared_ptr<storage::Database> database);

}  // namespace cesp::server
