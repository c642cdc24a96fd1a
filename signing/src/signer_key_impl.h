// SignerKey's private state, shared with the CMS builder.
#pragma once

#include <mutex>

#include "cesp/signing/signer_key.h"

#include "openssl_util.h"

namespace cesp::signing {

struct SignerKey::Impl {
  std::shared_ptr<void> engine;  // keeps the PKCS#11 engine alive; declared first, destroyed last
  detail::EvpPkeyPtr key;
  detail::X509Ptr cert;
  std::vector<detail::X509Ptr> chain;
  std::vector<std::vector<unsigned char>> der;  // cert then chain
  bool serialise = false;                       // PKCS#11 sessions are not shared safely
  mutable std::mutex mutex;
};

namespace detail {
// Opens a PKCS#11 private key (pkcs11_key.cpp). Sets impl.key and impl.engine.
void load_pkcs11_key(SignerKey::Impl& impl, const std::string& uri, const std::string& pin);
}  // namespace detail

}  // namespace cesp::signing
