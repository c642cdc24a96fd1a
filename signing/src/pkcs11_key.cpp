// PKCS#11 keys through Debian's libengine-pkcs11-openssl (the ENGINE API is
// deprecated in OpenSSL 3 but is what Debian 12 ships; no pkcs11 provider).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/engine.h>
#include <openssl/err.h>

#include <cstdlib>
#include <mutex>

#include "signer_key_impl.h"

namespace cesp::signing::detail {
namespace {

constexpr const char* kEnginePath = "/usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so";
constexpr const char* kDefaultModule = "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so";

// libengine-pkcs11 binds only once per process (a second dynamic LOAD of
// pkcs11.so fails with "init failed"), so one engine is loaded on first use
// and kept; loads are serialised and log in again each time (FORCE_LOGIN) so
// that every key load checks its own PIN.
struct SharedEngine {
  std::mutex mutex;
  ENGINE* engine = nullptr;  // kept for the life of the process
};

SharedEngine& shared_engine() {
  static SharedEngine* shared = new SharedEngine;  // never destroyed: keys may outlive statics
  return *shared;
}

ENGINE* load_engine() {
  const char* module = std::getenv("CESP_PKCS11_MODULE");
  const char* engine_path = std::getenv("CESP_PKCS11_ENGINE");
  ENGINE_load_dynamic();
  ENGINE* e = ENGINE_by_id("dynamic");
  if (!e) throw_openssl(ErrorCode::signing_key_invalid, "OpenSSL dynamic engine unavailable");
  // LIST_ADD 0: kept off OpenSSL's engine list (we hold the pointer), otherwise a later
  // OPENSSL_init_ssl (libcurl) registers it as the default RSA/EC implementation and every
  // file-key signature (CA, OCSP, TSA) fails with "command not supported".
  if (!ENGINE_ctrl_cmd_string(e, "SO_PATH", engine_path ? engine_path : kEnginePath, 0) ||
      !ENGINE_ctrl_cmd_string(e, "ID", "pkcs11", 0) || !ENGINE_ctrl_cmd_string(e, "LIST_ADD", "0", 0) ||
      !ENGINE_ctrl_cmd_string(e, "LOAD", nullptr, 0)) {
    ENGINE_free(e);
    throw_openssl(ErrorCode::signing_key_invalid, "cannot load the pkcs11 engine (libengine-pkcs11-openssl)");
  }
  if (!ENGINE_ctrl_cmd_string(e, "MODULE_PATH", module ? module : kDefaultModule, 0)) {
    ENGINE_free(e);
    throw_openssl(ErrorCode::signing_key_invalid, "pkcs11 MODULE_PATH");
  }
  ENGINE_ctrl_cmd_string(e, "FORCE_LOGIN", nullptr, 1);  // optional in older engines
  ERR_clear_error();
  if (!ENGINE_init(e)) {
    ENGINE_free(e);
    throw_openssl(ErrorCode::signing_key_invalid, "pkcs11 engine init");
  }
  return e;
}

}  // namespace

void load_pkcs11_key(SignerKey::Impl& impl, const std::string& uri, const std::string& pin) {
  SharedEngine& shared = shared_engine();
  std::lock_guard<std::mutex> lock(shared.mutex);
  if (!shared.engine) shared.engine = load_engine();
  ENGINE* e = shared.engine;
  if (!pin.empty() && !ENGINE_ctrl_cmd_string(e, "PIN", pin.c_str(), 0)) {
    throw_openssl(ErrorCode::signing_key_invalid, "pkcs11 PIN");
  }
  EVP_PKEY* key = ENGINE_load_private_key(e, uri.c_str(), nullptr, nullptr);
  if (!pin.empty()) ENGINE_ctrl_cmd_string(e, "PIN", "", 0);  // do not leave it for the next caller
  if (!key) throw_openssl(ErrorCode::signing_key_invalid, "no PKCS#11 private key at " + uri);
  impl.key.reset(key);
}

}  // namespace cesp::signing::detail
