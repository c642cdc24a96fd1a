// SHA-256, the one digest of the project (content addresses, journal chain,
// template hashes, session token digests). Backed by OpenSSL's EVP.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace cesp {

using Sha256 = std::array<unsigned char, 32>;

Sha256 sha256(const void* data, std::size_t size);
inline Sha256 sha256(std::string_view bytes) { return sha256(bytes.data(), bytes.size()); }

// Incremental hashing for streams and files.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void update(const void* data, std::size_t size);
  void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
  // Returns the digest; the hasher cannot be updated afterwards.
  Sha256 finish();

 private:
  void* context_;  // EVP_MD_CTX, kept opaque so callers need no OpenSSL headers
};

// Lower-case hexadecimal.
std::string to_hex(const unsigned char* data, std::size_t size);
inline std::string to_hex(const Sha256& digest) { return to_hex(digest.data(), digest.size()); }
inline std::string sha256_hex(std::string_view bytes) { return to_hex(sha256(bytes)); }

}  // namespace cesp
