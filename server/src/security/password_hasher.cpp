#include "security/password_hasher.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <charconv>
#include <vector>

#include "cesp/core/error.h"

namespace cesp::server {
namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr std::uint64_t kMaxMemory = 256ull * 1024 * 1024;

std::string base64(const unsigned char* data, std::size_t size) {
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

bool unbase64(std::string_view text, std::vector<unsigned char>& out) {
  if (text.empty() || text.size() % 4 != 0) return false;
  out.assign(text.size() / 4 * 3, 0);
  int written = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (written < 0) return false;
  std::size_t padding = 0;
  if (text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<std::size_t>(written) - padding);
  return true;
}

bool derive(std::string_view password, const unsigned char* salt, std::size_t salt_size,
            const ScryptParams& p, unsigned char* out, std::size_t out_size) {
  return EVP_PBE_scrypt(password.data(), password.size(), salt, salt_size, std::uint64_t{1} << p.log2_n,
                        static_cast<std::uint64_t>(p.r), static_cast<std::uint64_t>(p.p), kMaxMemory, out,
                        out_size) == 1;
}

struct Parsed {
  ScryptParams params;
  std::vector<unsigned char> salt;
  std::vector<unsigned char> hash;
};

bool parse_int(std::string_view text, int& value, int min, int max) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size() && value >= min && value <= max;
}

bool parse(std::string_view stored, Parsed& parsed) {
  std::array<std::string_view, 6> parts;
  std::size_t count = 0;
  while (count < parts.size()) {
    auto dollar = stored.find('$');
    parts[count++] = stored.substr(0, dollar);
    if (dollar == std::string_view::npos) break;
    stored.remove_prefix(dollar + 1);
  }
  if (count != 6 || parts[0] != "scrypt") return false;
  return parse_int(parts[1], parsed.params.log2_n, 10, 22) && parse_int(parts[2], parsed.params.r, 1, 32) &&
         parse_int(parts[3], parsed.params.p, 1, 16) && unbase64(parts[4], parsed.salt) &&
         unbase64(parts[5], parsed.hash) && parsed.hash.size() >= 16;
}

}  // namespace

std::string hash_password(std::string_view password, const ScryptParams& params) {
  std::array<unsigned char, kSaltBytes> salt{};
  std::array<unsigned char, kHashBytes> hash{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1 ||
      !derive(password, salt.data(), salt.size(), params, hash.data(), hash.size())) {
    throw Error(ErrorCode::internal, "scrypt");
  }
  return "scrypt$" + std::to_string(params.log2_n) + "$" + std::to_string(params.r) + "$" +
         std::to_string(params.p) + "$" + base64(salt.data(), salt.size()) + "$" +
         base64(hash.data(), hash.size());
}

bool verify_password(std::string_view password, std::string_view stored) {
  Parsed parsed;
  if (!parse(stored, parsed)) return false;
  std::vector<unsigned char> candidate(parsed.hash.size());
  if (!derive(password, parsed.salt.data(), parsed.salt.size(), parsed.params, candidate.data(),
              candidate.size())) {
    return false;
  }
  return CRYPTO_memcmp(candidate.data(), parsed.hash.data(), candidate.size()) == 0;
}

bool needs_rehash(std::string_view stored, const ScryptParams& params) {
  Parsed parsed;
  if (!parse(stored, parsed)) return true;
  return parsed.params.log2_n < params.log2_n || parsed.params.r < params.r || parsed.params.p < params.p;
}

}  // namespace cesp::server
