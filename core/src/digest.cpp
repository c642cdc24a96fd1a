#include "cesp/core/digest.h"

#include <openssl/evp.h>

#include "cesp/core/error.h"

namespace cesp {
namespace {

EVP_MD_CTX* ctx(void* p) { return static_cast<EVP_MD_CTX*>(p); }

}  // namespace

Sha256 sha256(const void* data, std::size_t size) {
  Sha256 digest{};
  unsigned int length = 0;
  if (EVP_Digest(data, size, digest.data(), &length, EVP_sha256(), nullptr) != 1 || length != digest.size()) {
    throw Error(ErrorCode::internal, "EVP_Digest(sha256)");
  }
  return digest;
}

Sha256Hasher::Sha256Hasher() : context_(EVP_MD_CTX_new()) {
  if (!context_ || EVP_DigestInit_ex(ctx(context_), EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(ctx(context_));
    throw Error(ErrorCode::internal, "EVP_DigestInit(sha256)");
  }
}

Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(ctx(context_)); }

void Sha256Hasher::update(const void* data, std::size_t size) {
  if (EVP_DigestUpdate(ctx(context_), data, size) != 1) throw Error(ErrorCode::internal, "EVP_DigestUpdate");
}

Sha256 Sha256Hasher::finish() {
  Sha256 digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx(context_), digest.data(), &length) != 1)
    throw Error(ErrorCode::internal, "EVP_DigestFinal");
  return digest;
}

std::string to_hex(const unsigned char* data, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kHex[data[i] >> 4];
    out += kHex[data[i] & 0xF];
  }
  return out;
}

}  // namespace cesp
