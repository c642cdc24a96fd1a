#include "cesp/signing/signer_key.h"

#include <openssl/err.h>

#include <cstdlib>

#include "signer_key_impl.h"

namespace cesp::signing {

using namespace detail;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  std::string tail = s.substr(s.size() - suffix.size());
  for (auto& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return tail == suffix;
}

void load_pkcs12(SignerKey::Impl& impl, const std::string& path, const std::string& password) {
  Bytes data = read_file(path, 1 << 20);
  const unsigned char* p = data.data();
  Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(data.size())));
  if (!p12) throw_openssl(ErrorCode::signing_key_invalid, "not a PKCS#12 file: " + path);
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* ca = nullptr;
  if (!PKCS12_parse(p12.get(), password.c_str(), &key, &cert, &ca)) {
    throw_openssl(ErrorCode::signing_key_invalid, "cannot open PKCS#12 (wrong password?): " + path);
  }
  impl.key.reset(key);
  impl.cert.reset(cert);
  X509StackPtr owned(ca);
  while (ca && sk_X509_num(ca) > 0) impl.chain.emplace_back(sk_X509_shift(ca));
}

}  // namespace

SignerKey SignerKey::load(const std::string& key_ref, const std::string& cert_pem,
                          const std::string& chain_pem, const std::string& password) {
  auto impl = std::make_shared<Impl>();
  if (key_ref.rfind("pkcs11:", 0) == 0) {
    std::string pin = password;
    if (pin.empty()) {
      if (const char* env = std::getenv("CESP_PKCS11_PIN")) pin = env;
    }
    load_pkcs11_key(*impl, key_ref, pin);
    impl->serialise = true;
  } else if (ends_with(key_ref, ".p12") || ends_with(key_ref, ".pfx")) {
    load_pkcs12(*impl, key_ref, password);
  } else {
    impl->key = load_private_key_pem(key_ref, password);
  }
  if (!cert_pem.empty()) impl->cert = load_cert(cert_pem);
  if (!impl->cert) throw Error(ErrorCode::signing_key_invalid, "no signer certificate (--cert)");
  if (!chain_pem.empty()) {
    impl->chain.clear();
    for (auto& c : load_certs(chain_pem)) impl->chain.push_back(std::move(c));
  }
  if (!impl->serialise && X509_check_private_key(impl->cert.get(), impl->key.get()) != 1) {
    throw_openssl(ErrorCode::signing_key_invalid, "the private key does not match the certificate");
  }
  impl->der.push_back(cert_to_der(impl->cert.get()));
  for (auto& c : impl->chain) impl->der.push_back(cert_to_der(c.get()));
  return SignerKey(std::move(impl));
}

std::vector<unsigned char> SignerKey::sign_sha256(const unsigned char* data, std::size_t size) const {
  std::unique_lock<std::mutex> lock(impl_->mutex, std::defer_lock);
  if (impl_->serialise) lock.lock();
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, impl_->key.get()) != 1) {
    throw_openssl(ErrorCode::signing_key_invalid, "EVP_DigestSignInit");
  }
  std::size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, data, size) != 1)
    throw_openssl(ErrorCode::signing_key_invalid, "sign");
  std::vector<unsigned char> sig(len);
  if (EVP_DigestSign(ctx.get(), sig.data(), &len, data, size) != 1) {
    throw_openssl(ErrorCode::signing_key_invalid, "sign");
  }
  sig.resize(len);
  return sig;
}

std::string SignerKey::subject() const { return subject_of(impl_->cert.get()); }
std::string SignerKey::common_name() const { return common_name_of(impl_->cert.get()); }

std::string SignerKey::key_type() const {
  EVP_PKEY* pub = X509_get0_pubkey(impl_->cert.get());
  int bits = EVP_PKEY_get_bits(pub);
  if (EVP_PKEY_get_base_id(pub) == EVP_PKEY_RSA) return "RSA-" + std::to_string(bits);
  if (EVP_PKEY_get_base_id(pub) == EVP_PKEY_EC)
    return bits == 256 ? "EC-P-256" : "EC-" + std::to_string(bits);
  return "key-" + std::to_string(bits);
}

const std::vector<std::vector<unsigned char>>& SignerKey::certificates_der() const { return impl_->der; }

}  // namespace cesp::signing
