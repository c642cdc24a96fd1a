// PKCS#11 keys through Debian's libengine-pkcs11-openssl (the ENGINE API is
// deprecated in OpenSSL 3 but is what Debian 12 ships; no pkcs11 provider).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/engine.h>
#include <openssl/err.h>

#include <cstdlib>

#include "signer_key_impl.h"

namespace cesp::signing::detail {
namespace {

constexpr const char* kEnginePath = "/usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so";
constexpr const char* kDefaultModule = "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so";

struct EngineHolder {
  ENGINE* engine = nullptr;
  ~EngineHolder() {
    if (engine) {
      ENGINE_finish(engine);
      ENGINE_free(engine);
    }
  }
};

}  // namespace

void load_pkcs11_key(SignerKey::Impl& impl, const std::string& uri, const std::string& pin) {
  const char* module = std::getenv("CESP_PKCS11_MODULE");
  const char* engine_path = std::getenv("CESP_PKCS11_ENGINE");
  auto holder = std::make_shared<EngineHolder>();
  ENGINE_load_dynamic();
  ENGINE* e = ENGINE_by_id("dynamic");
  if (!e) throw_openssl(ErrorCode::signing_key_invalid, "OpenSSL dynamic engine unavailable");
  if (!ENGINE_ctrl_cmd_string(e, "SO_PATH", engine_path ? engine_path : kEnginePath, 0) ||
      !ENGINE_ctrl_cmd_string(e, "ID", "pkcs11", 0) || !ENGINE_ctrl_cmd_string(e, "LIST_ADD", "1", 0) ||
      !ENGINE_ctrl_cmd_string(e, "LOAD", nullptr, 0)) {
    ENGINE_free(e);
    throw_openssl(ErrorCode::signing_key_invalid, "cannot load the pkcs11 engine (libengine-pkcs11-openssl)");
  }
  if (!ENGINE_ctrl_cmd_string(e, "MODULE_PATH", module ? module : kDefaultModule, 0)) {
    ENGINE_free(e);
    throw_openssl(ErrorCode::signing_key_invalid, "pkcs11 MODULE_PATH");
  }
  if (!pin.empty() && !ENGINE_ctrl_cmd_string(e, "PIN", pin.c_str(), 0)) {
    ENGINE_free(e);
    throw_openssl(ErrorCode::signing_key_invalid, "pkcs11 PIN");
  }
  if (!ENGINE_init(e)) {
    ENGINE_free(e);
    throw_openssl(ErrorCode::signing_key_invalid, "pkcs11 engine init");
  }
  holder->engine = e;
  EVP_PKEY* key = ENGINE_load_private_key(e, uri.c_str(), nullptr, nullptr);
  if (!key) throw_openssl(ErrorCode::signing_key_invalid, "no PKCS#11 private key at " + uri);
  impl.key.reset(key);
  impl.engine = holder;
}

}  // namespace cesp::signing::detail
