// Sealing the journal: an RFC 3161 timestamp over the Merkle root of the
// entries added since the previous seal, chained to that seal.
#include "cesp/core/error.h"
#include "cesp/signing/timestamp.h"

#include "archive_internal.h"

namespace cesp::storage {

std::optional<Seal> Archive::seal() {
  if (!impl_->options.tsa) {
    throw Error(ErrorCode::usage, "aucune autorité d'horodatage configurée pour sceller le journal",
                "no timestamp authority configured to seal the journal");
  }
  return impl_->db->transact([&](Transaction& tx) -> std::optional<Seal> {
    // Holding the archive lock fixes the range: no entry can slip in between
    // reading the last sequence number and recording the seal.
    tx.serialize(kArchiveLock);
    auto last_seal = tx.query_one("SELECT last_seq, hash FROM archive_seals ORDER BY id DESC LIMIT 1");
    Seal seal;
    seal.first_seq = last_seal ? last_seal->integer(0) + 1 : 1;
    seal.prev_seal_hash = last_seal ? last_seal->text(1) : kZeroHash;
    std::vector<std::string> leaves;
    for (const Row& r :
         tx.query("SELECT seq, hash FROM archive_journal WHERE seq >= ? ORDER BY seq", {seal.first_seq})) {
      leaves.push_back(r.text(1));
      seal.last_seq = r.integer(0);
    }
    if (leaves.empty()) return std::nullopt;
    seal.merkle_root = merkle_root(leaves);
    seal.hash = seal_hash(seal.first_seq, seal.last_seq, seal.merkle_root, seal.prev_seal_hash);
    const signing::TimestampToken token = impl_->options.tsa->timestamp(hex_to_digest(seal.hash));
    seal.token = token.der;
    seal.sealed_at = token.gen_time;
    auto id_row = tx.query_one(
        "INSERT INTO archive_seals (first_seq, last_seq, merkle_root, prev_seal_hash, hash, sealed_at, "
        "token) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {seal.first_seq, seal.last_seq, seal.merkle_root, seal.prev_seal_hash, seal.hash, seal.sealed_at,
         Bytes(seal.token.begin(), seal.token.end())});
    seal.id = id_row ? id_row->integer(0) : 0;
    return seal;
  });
}

}  // namespace cesp::storage
