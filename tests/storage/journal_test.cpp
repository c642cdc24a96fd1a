#include "cesp/storage/journal.h"

#include <catch2/catch.hpp>

#include "cesp/core/digest.h"

using namespace cesp::storage;

namespace {
std::vector<std::string> leaves(std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(cesp::sha256_hex("entry " + std::to_string(i)));
  return out;
}
}  // namespace

TEST_CASE("Merkle inclusion proofs verify for every leaf of every size", "[storage][journal]") {
  for (std::size_t n = 1; n <= 17; ++n) {
    const auto l = leaves(n);
    const std::string root = merkle_root(l);
    for (std::size_t i = 0; i < n; ++i) {
      const auto proof = merkle_inclusion_proof(l, i);
      CHECK(verify_merkle_inclusion(l[i], i, n, proof, root));
      if (n > 1) CHECK_FALSE(verify_merkle_inclusion(l[(i + 1) % n], i, n, proof, root));
      if (!proof.empty()) {
        auto bad = proof;
        bad[0][0] = bad[0][0] == '0' ? '1' : '0';
        CHECK_FALSE(verify_merkle_inclusion(l[i], i, n, bad, root));
      }
    }
  }
}

TEST_CASE("the Merkle tree follows RFC 6962 for two leaves", "[storage][journal]") {
  const auto l = leaves(2);
  auto bytes = [](const std::string& hex) {
    auto d = hex_to_digest(hex);
    return std::string(d.begin(), d.end());
  };
  const std::string left = bytes(cesp::sha256_hex(std::string(1, '\0') + bytes(l[0])));
  const std::string right = bytes(cesp::sha256_hex(std::string(1, '\0') + bytes(l[1])));
  CHECK(merkle_root(l) == cesp::sha256_hex(std::string(1, '\1') + left + right));
}

TEST_CASE("an entry's hash covers every field", "[storage][journal]") {
  JournalEntry e;
  e.seq = 1;
  e.at = "2026-01-01T00:00:00Z";
  e.actor = "a";
  e.action = "item.add";
  e.prev_hash = kZeroHash;
  const std::string h = journal_entry_hash(e);
  auto changed = e;
  changed.actor = "b";
  CHECK(journal_entry_hash(changed) != h);
  changed = e;
  changed.details = "{}";
  CHECK(journal_entry_hash(changed) != h);
  // Field boundaries cannot be shifted.
  CHECK(canonical_encoding("t", {"ab", "c"}) != canonical_encoding("t", {"a", "bc"}));
}
