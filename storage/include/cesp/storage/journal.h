// The archive journal: append-only entries chained by hash, and the seals
// that timestamp the Merkle root of each new run of entries.
//
// entry.hash = SHA-256 of the canonical encoding of (seq, at, actor, role,
//   action, beneficiary, object_id, object_hash, details, prev_hash); the
//   first entry's prev_hash is 64 zeros.
// Merkle tree (RFC 6962 / RFC 9162 shape): leaf = SHA-256(0x00 || entry
//   hash), node = SHA-256(0x01 || left || right), split at the largest power
//   of two below the size.
// seal.hash = SHA-256 of the canonical encoding of (first_seq, last_seq,
//   merkle_root, prev_seal_hash); the RFC 3161 token is over seal.hash, so
//   each seal also pins the one before it.
//
// Canonical encoding: a tag line, then for each field its decimal byte
// length, ':', the bytes, '\n'. Unambiguous, and easy to re-implement.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cesp::storage {

class Database;

struct JournalEntry {
  std::int64_t seq = 0;  // 1, 2, 3... without gaps
  std::string at;        // ISO 8601 UTC
  std::string actor, role;
  std::string action;       // item.add, item.dispose, hold.place, hold.release, item.import
  std::string beneficiary;  // "" when not about one
  std::int64_t object_id = 0;
  std::string object_hash;  // the item's record hash, "" when none
  std::string details;      // JSON
  std::string prev_hash;
  std::string hash;
};

struct Seal {
  std::int64_t id = 0;
  std::int64_t first_seq = 0, last_seq = 0;
  std::string merkle_root;           // hex
  std::string prev_seal_hash;        // hex; 64 zeros for the first seal
  std::string hash;                  // hex; the timestamped imprint
  std::string sealed_at;             // the token's genTime
  std::vector<unsigned char> token;  // RFC 3161 TimeStampToken, DER
};

extern const std::string kZeroHash;  // 64 '0'

std::string canonical_encoding(const std::string& tag, const std::vector<std::string>& fields);
std::string journal_entry_hash(const JournalEntry& entry);
std::string seal_hash(std::int64_t first_seq, std::int64_t last_seq, const std::string& merkle_root,
                      const std::string& prev_seal_hash);

// Merkle tree over hex leaf values (entry hashes). Empty input: SHA-256 of "".
std::string merkle_root(const std::vector<std::string>& leaf_hashes);
// The audit path of leaf `index`: sibling hashes from the leaf up.
std::vector<std::string> merkle_inclusion_proof(const std::vector<std::string>& leaf_hashes,
                                                std::size_t index);
// True when `leaf_hash` at `index` of a tree of `size` leaves has root `root`.
bool verify_merkle_inclusion(const std::string& leaf_hash, std::size_t index, std::size_t size,
                             const std::vector<std::string>& proof, const std::string& root);

std::array<unsigned char, 32> hex_to_digest(const std::string& hex);  // Error(invalid_argument) if malformed

// Reads journal entries and seals (no locking: a snapshot per call).
class JournalReader {
 public:
  explicit JournalReader(std::shared_ptr<Database> db) : db_(std::move(db)) {}
  // Entries with first <= seq <= last, in order.
  std::vector<JournalEntry> range(std::int64_t first, std::int64_t last);
  std::vector<JournalEntry> for_beneficiary(const std::string& beneficiary);
  std::int64_t last_seq();
  std::vector<Seal> seals();
  // The first seal whose range contains seq, if any.
  std::optional<Seal> seal_covering(std::int64_t seq);

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace cesp::storage
