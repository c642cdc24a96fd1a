// Password hashing with scrypt (OpenSSL 3 EVP_PBE_scrypt), a slow,
// memory-hard KDF. The stored form carries its own parameters so they can be
// raised later without invalidating existing hashes:
//   scrypt$<log2 N>$<r>$<p>$<salt base64>$<hash base64>
#pragma once

#include <string>
#include <string_view>

namespace cesp::server {

struct ScryptParams {
  int log2_n = 15;  // N = 32768: ~32 MiB and ~50 ms per hash on this hardware
  int r = 8;
  int p = 1;
};

// Hashes a password with a fresh random salt.
std::string hash_password(std::string_view password, const ScryptParams& params = {});
// True when password matches the stored hash; false for a wrong password or a
// malformed stored value. Comparison is constant-time.
bool verify_password(std::string_view password, std::string_view stored);
// True when a stored hash uses weaker parameters than `params` (rehash on login).
bool needs_rehash(std::string_view stored, const ScryptParams& params = {});

}  // namespace cesp::server
