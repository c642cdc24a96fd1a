#include "cesp/core/digest.h"

#include <catch2/catch.hpp>

TEST_CASE("SHA-256 matches the FIPS 180-2 test vectors", "[digest]") {
  CHECK(cesp::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(cesp::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(cesp::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("Incremental hashing equals one-shot hashing", "[digest]") {
  cesp::Sha256Hasher hasher;
  hasher.update("abcdbcdecdefdefgefghfghighij");
  hasher.update("hijkijkljklmklmnlmnomnopnopq");
  CHECK(cesp::to_hex(hasher.finish()) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
