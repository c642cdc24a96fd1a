// The integrity audit: the journal chain, items against the journal, blobs
// against their addresses (re-hashed in parallel), and the seals.
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "cesp/core/error.h"
#include "cesp/signing/timestamp.h"

#include "archive_internal.h"

namespace cesp::storage {
namespace {

struct JournalFacts {
  std::map<std::int64_t, std::string> added;     // item id -> record hash journaled by item.add
  std::map<std::int64_t, std::string> disposed;  // item id -> record hash journaled by item.dispose
  std::map<std::int64_t, std::string> hashes;    // seq -> stored hash (for seals)
  std::int64_t count = 0;
};

JournalFacts check_journal(Database& db, std::vector<AuditFinding>& findings) {
  JournalFacts facts;
  JournalReader reader(std::shared_ptr<Database>(&db, [](Database*) {}));
  const std::int64_t last = reader.last_seq();
  std::string prev = kZeroHash;
  std::int64_t expected = 1;
  constexpr std::int64_t kChunk = 20000;
  for (std::int64_t first = 1; first <= last; first += kChunk) {
    for (const JournalEntry& e : reader.range(first, first + kChunk - 1)) {
      const std::string where = "journal:" + std::to_string(e.seq);
      if (e.seq != expected) {
        findings.push_back({"journal_gap", where, "expected entry " + std::to_string(expected)});
        expected = e.seq;
      }
      if (journal_entry_hash(e) != e.hash) {
        findings.push_back({"journal_entry_altered", where, "stored hash does not match the entry's fields"});
      }
      if (e.prev_hash != prev) {
        findings.push_back(
            {"journal_chain_broken", where, "prev_hash does not match the previous entry's hash"});
      }
      prev = e.hash;
      ++expected;
      ++facts.count;
      facts.hashes[e.seq] = e.hash;
      if (e.action == "item.add") facts.added[e.object_id] = e.object_hash;
      if (e.action == "item.dispose") facts.disposed[e.object_id] = e.object_hash;
    }
  }
  return facts;
}

void check_seals(Archive::Impl& impl, const JournalFacts& facts, AuditReport& report) {
  JournalReader reader(impl.db);
  std::string prev_hash = kZeroHash;
  std::int64_t next_first = 1;
  const auto& anchors = impl.options.tsa_trust_anchors;
  for (const Seal& s : reader.seals()) {
    ++report.seals;
    const std::string where = "seal:" + std::to_string(s.id);
    if (s.prev_seal_hash != prev_hash)
      report.findings.push_back({"seal_chain_broken", where, "prev_seal_hash mismatch"});
    if (s.first_seq != next_first || s.last_seq < s.first_seq) {
      report.findings.push_back({"seal_range_invalid", where,
                                 "covers " + std::to_string(s.first_seq) + ".." + std::to_string(s.last_seq) +
                                     ", expected to start at " + std::to_string(next_first)});
    }
    std::vector<std::string> leaves;
    for (std::int64_t seq = s.first_seq; seq <= s.last_seq; ++seq) {
      auto it = facts.hashes.find(seq);
      if (it == facts.hashes.end()) break;
      leaves.push_back(it->second);
    }
    if (static_cast<std::int64_t>(leaves.size()) != s.last_seq - s.first_seq + 1 ||
        merkle_root(leaves) != s.merkle_root) {
      report.findings.push_back(
          {"seal_root_mismatch", where, "the sealed entries no longer hash to the sealed Merkle root"});
    }
    if (seal_hash(s.first_seq, s.last_seq, s.merkle_root, s.prev_seal_hash) != s.hash) {
      report.findings.push_back(
          {"seal_chain_broken", where, "the seal's own hash does not match its fields"});
    }
    try {
      if (anchors.empty()) {
        signing::inspect_timestamp_token(s.token);
      } else {
        signing::verify_timestamp_token(s.token, hex_to_digest(s.hash), anchors);
      }
    } catch (const Error& e) {
      report.findings.push_back({"seal_token_invalid", where, e.what()});
    }
    prev_hash = s.hash;
    next_first = s.last_seq + 1;
  }
  if (report.seals > 0 && anchors.empty()) {
    report.notes.push_back("seal tokens parsed but not verified: no TSA trust anchor configured");
  }
  report.unsealed_entries = std::max<std::int64_t>(0, facts.count - (next_first - 1));
}

}  // namespace

AuditReport Archive::audit(const AuditProgress& progress) {
  const auto started = std::chrono::steady_clock::now();
  AuditReport report;
  report.blob_store = impl_->blobs->describe();
  Database& db = *impl_->db;

  const JournalFacts facts = check_journal(db, report.findings);
  report.journal_entries = facts.count;

  // Items against the journal; collect the blobs that must be there.
  std::map<std::string, std::int64_t> expected_size;  // live blobs
  std::set<std::string> disposed_blobs;
  std::set<std::int64_t> item_ids;
  for (const Row& r :
       db.query(std::string("SELECT ") + kItemColumns +
                " FROM archive_items i LEFT JOIN archive_disposals d ON d.item_id = i.id ORDER BY i.id")) {
    ++report.items;
    Item item;
    try {
      item = item_from_row(r);
    } catch (const Error& e) {
      report.findings.push_back({"item_record_altered", "item:" + r.text(0), e.what()});
      continue;
    }
    const std::string where = "item:" + std::to_string(item.id);
    item_ids.insert(item.id);
    const std::string recomputed = item_record_hash(item);
    auto journaled = facts.added.find(item.id);
    if (journaled == facts.added.end()) {
      report.findings.push_back({"item_not_journaled", where, "no item.add journal entry"});
    } else if (journaled->second != recomputed || item.record_hash != recomputed) {
      report.findings.push_back({"item_record_altered", where, "metadata differ from what was journaled"});
    }
    if (item.disposed()) {
      if (!facts.disposed.contains(item.id)) {
        report.findings.push_back(
            {"disposal_not_journaled", where, "disposed without an item.dispose entry"});
      }
      disposed_blobs.insert(item.sha256);
    } else {
      expected_size[item.sha256] = item.size;
    }
  }
  for (const auto& [id, hash] : facts.added) {
    if (!item_ids.contains(id)) {
      report.findings.push_back(
          {"item_missing", "item:" + std::to_string(id), "journaled but absent from the database"});
    }
  }

  // Blobs: re-hash every live one, in parallel (SHA-256 bound).
  std::vector<std::pair<std::string, std::int64_t>> work(expected_size.begin(), expected_size.end());
  std::atomic<std::size_t> next{0};
  std::atomic<std::int64_t> done{0}, bytes{0};
  std::mutex mutex;
  unsigned threads =
      impl_->options.audit_threads ? impl_->options.audit_threads : std::thread::hardware_concurrency();
  threads =
      std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(std::max<std::size_t>(1, work.size()))));
  auto worker = [&] {
    for (std::size_t i; (i = next++) < work.size();) {
      const auto& [address, size] = work[i];
      std::int64_t read = 0;
      std::optional<std::string> actual;
      std::string error;
      try {
        actual = impl_->blobs->rehash(address, &read);
      } catch (const Error& e) {
        error = e.what();
      }
      bytes += read;
      std::lock_guard lock(mutex);
      const std::string where = "blob:" + address;
      if (!error.empty()) {
        report.findings.push_back({"blob_missing", where, "unreadable: " + error});
      } else if (!actual) {
        report.findings.push_back({"blob_missing", where, "referenced by an item but not stored"});
      } else if (*actual != address) {
        report.findings.push_back({"blob_corrupt", where, "content hashes to " + *actual});
      } else if (read != size) {
        report.findings.push_back(
            {"blob_size_mismatch", where,
             "stored " + std::to_string(read) + " bytes, recorded " + std::to_string(size)});
      }
      const std::int64_t d = ++done;
      if (progress) progress(d, static_cast<std::int64_t>(work.size()));
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  report.blobs_checked = static_cast<std::int64_t>(work.size());
  report.bytes_hashed = bytes;

  std::set<std::string> pending;
  for (const Row& r : db.query("SELECT address FROM archive_pending")) pending.insert(r.text(0));
  for (const std::string& address : impl_->blobs->list()) {
    if (expected_size.contains(address)) continue;
    if (pending.contains(address)) {
      report.notes.push_back("blob " + address + ": write in progress or interrupted (run recovery)");
    } else if (disposed_blobs.contains(address)) {
      report.notes.push_back("blob " + address + ": disposed item, removal pending (run recovery)");
    } else {
      report.findings.push_back({"blob_untracked", "blob:" + address, "stored but referenced by no item"});
    }
  }

  check_seals(*impl_, facts, report);
  std::sort(report.findings.begin(), report.findings.end(),
            [](const AuditFinding& a, const AuditFinding& b) { return a.object < b.object; });
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace cesp::storage
