#include "security/password_hasher.h"

#include <catch2/catch.hpp>

using namespace cesp::server;

namespace {
// Cheap parameters keep the suite fast; the format and logic are the same.
const ScryptParams kFast{10, 8, 1};
}  // namespace

TEST_CASE("A password verifies against its own hash only", "[password]") {
  const std::string hash = hash_password("correct horse battery staple", kFast);
  CHECK(hash.rfind("scrypt$10$8$1$", 0) == 0);
  CHECK(verify_password("correct horse battery staple", hash));
  CHECK_FALSE(verify_password("correct horse battery stapl", hash));
  CHECK_FALSE(verify_password("", hash));
}

TEST_CASE("Hashes are salted", "[password]") {
  CHECK(hash_password("same", kFast) != hash_password("same", kFast));
}

TEST_CASE("Malformed stored hashes never verify", "[password]") {
  for (const char* bad : {"", "plain", "scrypt$10$8$1$$", "scrypt$99$8$1$AAAA$AAAA",
                          "bcrypt$10$8$1$AAAA$AAAA", "scrypt$10$8$1$!!!!$AAAAAAAAAAAAAAAAAAAAAAAA"}) {
    INFO(bad);
    CHECK_FALSE(verify_password("x", bad));
  }
}

TEST_CASE("Weaker parameters ask for a rehash", "[password]") {
  const std::string weak = hash_password("pw", kFast);
  CHECK(needs_rehash(weak));  // default is log2 N = 15
  CHECK_FALSE(needs_rehash(weak, kFast));
  CHECK(needs_rehash("garbage"));
}

TEST_CASE("The default parameters are slow enough to matter", "[password]") {
  const std::string hash = hash_password("pw");
  CHECK(hash.rfind("scrypt$15$8$1$", 0) == 0);
  CHECK(verify_password("pw", hash));
}
