// Journal hashing, the Merkle tree of seals, and reading entries back.
#include "cesp/storage/journal.h"

#include "cesp/core/digest.h"
#include "cesp/core/error.h"
#include "cesp/storage/database.h"

namespace cesp::storage {
namespace {

using Digest = std::array<unsigned char, 32>;

Digest leaf_digest(const Digest& value) {
  unsigned char buffer[33];
  buffer[0] = 0x00;
  std::copy(value.begin(), value.end(), buffer + 1);
  return sha256(buffer, sizeof buffer);
}

Digest node_digest(const Digest& left, const Digest& right) {
  unsigned char buffer[65];
  buffer[0] = 0x01;
  std::copy(left.begin(), left.end(), buffer + 1);
  std::copy(right.begin(), right.end(), buffer + 33);
  return sha256(buffer, sizeof buffer);
}

std::size_t split_point(std::size_t n) {  // largest power of two < n (n >= 2)
  std::size_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

Digest subtree_root(const std::vector<Digest>& leaves, std::size_t begin, std::size_t end) {
  const std::size_t n = end - begin;
  if (n == 1) return leaf_digest(leaves[begin]);
  const std::size_t k = split_point(n);
  return node_digest(subtree_root(leaves, begin, begin + k), subtree_root(leaves, begin + k, end));
}

void subtree_path(const std::vector<Digest>& leaves, std::size_t m, std::size_t begin, std::size_t end,
                  std::vector<std::string>& out) {
  const std::size_t n = end - begin;
  if (n <= 1) return;
  const std::size_t k = split_point(n);
  if (m < k) {
    subtree_path(leaves, m, begin, begin + k, out);
    out.push_back(to_hex(subtree_root(leaves, begin + k, end)));
  } else {
    subtree_path(leaves, m - k, begin + k, end, out);
    out.push_back(to_hex(subtree_root(leaves, begin, begin + k)));
  }
}

std::vector<Digest> to_digests(const std::vector<std::string>& hexes) {
  std::vector<Digest> out;
  out.reserve(hexes.size());
  for (const auto& h : hexes) out.push_back(hex_to_digest(h));
  return out;
}

constexpr const char* kEntryColumns =
    "seq, at, actor, role, action, beneficiary, object_id, object_hash, details, prev_hash, hash";
constexpr const char* kSealColumns =
    "id, first_seq, last_seq, merkle_root, prev_seal_hash, hash, sealed_at, token";

JournalEntry entry_from(const Row& r) {
  JournalEntry e;
  e.seq = r.integer(0);
  e.at = r.text(1);
  e.actor = r.text(2);
  e.role = r.text(3);
  e.action = r.text(4);
  e.beneficiary = r.text(5);
  e.object_id = r.integer(6);
  e.object_hash = r.text(7);
  e.details = r.text(8);
  e.prev_hash = r.text(9);
  e.hash = r.text(10);
  return e;
}

Seal seal_from(const Row& r) {
  Seal s;
  s.id = r.integer(0);
  s.first_seq = r.integer(1);
  s.last_seq = r.integer(2);
  s.merkle_root = r.text(3);
  s.prev_seal_hash = r.text(4);
  s.hash = r.text(5);
  s.sealed_at = r.text(6);
  s.token = r.bytes(7);
  return s;
}

}  // namespace

const std::string kZeroHash(64, '0');

std::string canonical_encoding(const std::string& tag, const std::vector<std::string>& fields) {
  std::string out = tag + "\n";
  for (const auto& f : fields) {
    out += std::to_string(f.size());
    out += ':';
    out += f;
    out += '\n';
  }
  return out;
}

std::string journal_entry_hash(const JournalEntry& e) {
  return sha256_hex(canonical_encoding("cesp-journal-entry-v1",
                                       {std::to_string(e.seq), e.at, e.actor, e.role, e.action, e.beneficiary,
                                        std::to_string(e.object_id), e.object_hash, e.details, e.prev_hash}));
}

std::string seal_hash(std::int64_t first_seq, std::int64_t last_seq, const std::string& root,
                      const std::string& prev_seal_hash) {
  return sha256_hex(canonical_encoding(
      "cesp-journal-seal-v1", {std::to_string(first_seq), std::to_string(last_seq), root, prev_seal_hash}));
}

std::array<unsigned char, 32> hex_to_digest(const std::string& hex) {
  if (hex.size() != 64)
    throw Error(ErrorCode::invalid_argument, "not a SHA-256 hex digest: " + hex.substr(0, 80));
  std::array<unsigned char, 32> out{};
  auto nibble = [&](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw Error(ErrorCode::invalid_argument, "not a SHA-256 hex digest: " + hex);
  };
  for (std::size_t i = 0; i < 32; ++i)
    out[i] = static_cast<unsigned char>(nibble(hex[2 * i]) * 16 + nibble(hex[2 * i + 1]));
  return out;
}

std::string merkle_root(const std::vector<std::string>& leaf_hashes) {
  if (leaf_hashes.empty()) return sha256_hex("");
  const auto leaves = to_digests(leaf_hashes);
  return to_hex(subtree_root(leaves, 0, leaves.size()));
}

std::vector<std::string> merkle_inclusion_proof(const std::vector<std::string>& leaf_hashes,
                                                std::size_t index) {
  if (index >= leaf_hashes.size()) throw Error(ErrorCode::invalid_argument, "leaf index out of range");
  std::vector<std::string> out;
  subtree_path(to_digests(leaf_hashes), index, 0, leaf_hashes.size(), out);
  return out;
}

// RFC 9162, 2.1.3.2.
bool verify_merkle_inclusion(const std::string& leaf_hash, std::size_t index, std::size_t size,
                             const std::vector<std::string>& proof, const std::string& root) {
  if (index >= size) return false;
  try {
    std::size_t fn = index;
    std::size_t sn = size - 1;
    Digest r = leaf_digest(hex_to_digest(leaf_hash));
    for (const auto& p_hex : proof) {
      if (sn == 0) return false;
      const Digest p = hex_to_digest(p_hex);
      if ((fn & 1) || fn == sn) {
        r = node_digest(p, r);
        if (!(fn & 1)) {
          while (!(fn & 1) && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = node_digest(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && to_hex(r) == root;
  } catch (const Error&) {
    return false;
  }
}

std::vector<JournalEntry> JournalReader::range(std::int64_t first, std::int64_t last) {
  std::vector<JournalEntry> out;
  for (const Row& r : db_->query(std::string("SELECT ") + kEntryColumns +
                                     " FROM archive_journal WHERE seq >= ? AND seq <= ? ORDER BY seq",
                                 {first, last})) {
    out.push_back(entry_from(r));
  }
  return out;
}

std::vector<JournalEntry> JournalReader::for_beneficiary(const std::string& beneficiary) {
  std::vector<JournalEntry> out;
  for (const Row& r : db_->query(std::string("SELECT ") + kEntryColumns +
                                     " FROM archive_journal WHERE beneficiary = ? ORDER BY seq",
                                 {beneficiary})) {
    out.push_back(entry_from(r));
  }
  return out;
}

std::int64_t JournalReader::last_seq() {
  auto row = db_->query_one("SELECT MAX(seq) FROM archive_journal");
  return row && !row->is_null(0) ? row->integer(0) : 0;
}

std::vector<Seal> JournalReader::seals() {
  std::vector<Seal> out;
  for (const Row& r : db_->query(std::string("SELECT ") + kSealColumns + " FROM archive_seals ORDER BY id")) {
    out.push_back(seal_from(r));
  }
  return out;
}

std::optional<Seal> JournalReader::seal_covering(std::int64_t seq) {
  auto row =
      db_->query_one(std::string("SELECT ") + kSealColumns +
                         " FROM archive_seals WHERE first_seq <= ? AND last_seq >= ? ORDER BY id LIMIT 1",
                     {seq, seq});
  if (!row) return std::nullopt;
  return seal_from(*row);
}

}  // namespace cesp::storage
