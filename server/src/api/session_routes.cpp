// POST /api/v1/session (log in), DELETE /api/v1/session (log out), GET /api/v1/me.
#include <algorithm>

#include "cesp/core/error.h"

#include "api/api_context.h"
#include "http/exchange.h"
#include "security/password_hasher.h"

namespace cesp::server {
namespace {

// Keeps the cost of a login for an unknown account equal to that of a wrong
// password, so response times do not reveal which logins exist.
const std::string& decoy_hash() {
  static const std::string hash = hash_password("decoy password, never matches");
  return hash;
}

Poco::JSON::Object principal_json(const Account& account) {
  Poco::JSON::Object me;
  me.set("id", account.id);
  me.set("login", account.login);
  me.set("display_name", account.display_name);
  me.set("role", std::string(to_string(account.role)));
  if (!account.candidate_id.empty()) me.set("candidate_id", account.candidate_id);
  if (!account.ufr.empty()) me.set("ufr", account.ufr);
  if (!account.region.empty()) me.set("region", account.region);
  return me;
}

void log_in(ApiContext& context, Exchange& exchange) {
  auto body = exchange.json_body(16 * 1024);
  const std::string login = normalize_login(required_string(body, "login"));
  const std::string password = required_string(body, "password");
  const std::string client = exchange.request().clientAddress().host().toString();

  const auto wait =
      std::max(context.login_throttle.wait_for(login), context.address_throttle.wait_for(client));
  if (wait.count() > 0) {
    exchange.response().set("Retry-After", std::to_string(wait.count()));
    throw Error(ErrorCode::too_many_attempts, "réessayer dans " + std::to_string(wait.count()) + " s");
  }

  auto account = context.accounts->find_by_login(login);
  const bool ok = account ? verify_password(password, account->password_hash)
                          : (verify_password(password, decoy_hash()), false);
  if (!ok || !account->active) {
    context.login_throttle.record_failure(login);
    context.address_throttle.record_failure(client);
    throw Error(ErrorCode::unauthenticated, "Identifiant ou mot de passe incorrect.",
                "Bad login or password.");
  }
  context.login_throttle.record_success(login);
  if (needs_rehash(account->password_hash)) {
    context.accounts->update_password_hash(account->id, hash_password(password));
  }
  exchange.set_principal(account->principal());
  Poco::JSON::Object reply;
  reply.set("token", context.sessions->open(account->principal()));
  reply.set("token_type", "Bearer");
  reply.set("account", principal_json(*account));
  exchange.send_json(201, reply);
}

void log_out(ApiContext& context, Exchange& exchange) {
  exchange.principal();  // authenticated by the dispatcher
  context.sessions->revoke(exchange.bearer_token());
  exchange.send_no_content();
}

void me(ApiContext& context, Exchange& exchange) {
  require(exchange.principal(), Action::read_own_account);
  auto account = context.accounts->find_by_id(exchange.principal().account_id);
  if (!account) throw Error(ErrorCode::unauthenticated);
  exchange.send_json(200, principal_json(*account));
}

}  // namespace

void register_session_routes(ApiContext& context) {
  context.router.add({"POST", "/api/v1/session", [&](Exchange& e) { log_in(context, e); }, true});
  context.router.add({"DELETE", "/api/v1/session", [&](Exchange& e) { log_out(context, e); }});
  context.router.add({"GET", "/api/v1/me", [&](Exchange& e) { me(context, e); }});
}

}  // namespace cesp::server
