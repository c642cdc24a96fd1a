// Accounts of every role. Passwords are only ever stored as scrypt hashes
// (security/password_hasher.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "security/authorization.h"

namespace cesp::server {

struct Account {
  std::string id;
  std::string login;  // unique, case-insensitive (stored lower-case)
  std::string display_name;
  std::string password_hash;
  Role role = Role::candidate;
  std::string candidate_id;  // role candidate
  std::string ufr;           // role ufr
  std::string region;        // role ars
  bool active = true;

  Principal principal() const { return Principal{id, login, role, candidate_id, ufr, region}; }
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;
  // Error(already_exists) when the login is taken.
  virtual void create(const Account& account) = 0;
  virtual std::optional<Account> find_by_login(const std::string& login) = 0;
  virtual std::optional<Account> find_by_id(const std::string& id) = 0;
  virtual void update_password_hash(const std::string& id, const std::string& hash) = 0;
  virtual std::vector<Account> list() = 0;
};

// Logins compare case-insensitively and without surrounding blanks.
std::string normalize_login(const std::string& login);

}  // namespace cesp::server
