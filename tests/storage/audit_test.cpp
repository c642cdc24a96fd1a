// Tamper tests: each alteration of a blob, a metadata row, a journal entry or
// a seal must be found by the audit, on SQLite and on PostgreSQL.
#include <catch2/catch.hpp>

#include <fstream>

#include "cesp/storage/blob_store.h"
#include "cesp/storage/database.h"

#include "test_archive.h"

using namespace cesp::storage;
using namespace cesp::storage::testing;

namespace {

bool has_finding(const AuditReport& report, const std::string& kind, const std::string& object) {
  for (const auto& f : report.findings) {
    if (f.kind == kind && f.object == object) return true;
  }
  return false;
}

std::vector<Item> populate(TestArchive& a) {
  std::vector<Item> items;
  for (int i = 0; i < 4; ++i) {
    items.push_back(a->add(sample_item("B-" + std::to_string(i % 2), ItemKind::contract,
                                       "contrat " + std::to_string(i), "countersigned"),
                           kTestActor)
                        .item);
  }
  return items;
}

void flip_file_byte(const std::filesystem::path& path, std::streamoff offset) {
  std::filesystem::permissions(path, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(offset);
  char c = 0;
  f.get(c);
  f.seekp(offset);
  f.put(static_cast<char>(c ^ 0x01));
}

}  // namespace

TEST_CASE("audit: a flipped byte in a blob is found", "[storage][audit]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  const BlobBackend blobs = GENERATE(BlobBackend::filesystem, BlobBackend::database);
  CESP_TEST_ARCHIVE(a, backend, blobs);
  const auto items = populate(a);
  REQUIRE(a->audit().ok());
  const std::string address = items[2].sha256;
  if (blobs == BlobBackend::filesystem) {
    flip_file_byte(a.blob_dir() / "sha256" / address.substr(0, 2) / address, 5);
  } else {
    auto bytes = a->database().query_one("SELECT content FROM blobs WHERE address = ?", {address})->bytes(0);
    bytes[5] ^= 0x01;
    a->database().execute("UPDATE blobs SET content = ? WHERE address = ?", {bytes, address});
  }
  const auto report = a->audit();
  INFO(report.to_text());
  CHECK(report.findings.size() == 1);
  CHECK(has_finding(report, "blob_corrupt", "blob:" + address));
}

TEST_CASE("audit: a changed metadata row is found", "[storage][audit]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_ARCHIVE(a, backend);
  const auto items = populate(a);
  // One byte of one column: the stage "countersigned" becomes "countersignee".
  a->database().execute("UPDATE archive_items SET stage = ? WHERE id = ?",
                        {std::string("countersignee"), items[1].id});
  auto report = a->audit();
  INFO(report.to_text());
  CHECK(report.findings.size() == 1);
  CHECK(has_finding(report, "item_record_altered", "item:" + std::to_string(items[1].id)));

  // Moving an item to another beneficiary is found too, even with a fresh record_hash.
  Item moved = items[3];
  moved.beneficiary = "B-9";
  a->database().execute("UPDATE archive_items SET beneficiary = ?, record_hash = ? WHERE id = ?",
                        {moved.beneficiary, item_record_hash(moved), moved.id});
  report = a->audit();
  CHECK(has_finding(report, "item_record_altered", "item:" + std::to_string(moved.id)));
}

TEST_CASE("audit: a changed journal entry is found", "[storage][audit]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_ARCHIVE(a, backend);
  populate(a);
  a->database().execute("UPDATE archive_journal SET actor = ? WHERE seq = 2", {std::string("agent-2")});
  const auto report = a->audit();
  INFO(report.to_text());
  CHECK(report.findings.size() == 1);
  CHECK(has_finding(report, "journal_entry_altered", "journal:2"));
}

TEST_CASE("audit: a journal rewritten with recomputed hashes is caught by the seal", "[storage][audit]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_ARCHIVE(a, backend);
  populate(a);
  REQUIRE(a->seal());
  // The attacker rewrites entry 2 and re-chains everything after it.
  auto entries = a->journal().range(1, 100);
  entries[1].actor = "mallory";
  for (std::size_t i = 1; i < entries.size(); ++i) {
    entries[i].prev_hash = entries[i - 1].hash;
    entries[i].hash = journal_entry_hash(entries[i]);
    a->database().execute("UPDATE archive_journal SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                          {entries[i].actor, entries[i].prev_hash, entries[i].hash, entries[i].seq});
  }
  const auto report = a->audit();
  INFO(report.to_text());
  CHECK(report.findings.size() == 1);
  CHECK(has_finding(report, "seal_root_mismatch", "seal:1"));
}

TEST_CASE("audit: missing, untracked and deleted records are found", "[storage][audit]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_ARCHIVE(a, backend);
  const auto items = populate(a);
  std::filesystem::remove(a.blob_dir() / "sha256" / items[0].sha256.substr(0, 2) / items[0].sha256);
  const std::string planted = a->blobs().put("planted");
  a->database().execute("DELETE FROM archive_items WHERE id = ?", {items[3].id});
  a->database().execute("DELETE FROM archive_journal WHERE seq = 2");
  const auto report = a->audit();
  INFO(report.to_text());
  CHECK(has_finding(report, "blob_missing", "blob:" + items[0].sha256));
  CHECK(has_finding(report, "blob_untracked", "blob:" + planted));
  CHECK(has_finding(report, "blob_untracked", "blob:" + items[3].sha256));
  CHECK(has_finding(report, "item_missing", "item:" + std::to_string(items[3].id)));
  CHECK(has_finding(report, "journal_gap", "journal:3"));
  CHECK(has_finding(report, "item_not_journaled", "item:" + std::to_string(items[1].id)));
  CHECK(report.to_json().find("\"ok\":false") != std::string::npos);
}

TEST_CASE("audit: an altered seal token is found", "[storage][audit]") {
  CESP_TEST_ARCHIVE(a, "sqlite");
  populate(a);
  auto seal = a->seal();
  REQUIRE(seal);
  auto token = seal->token;
  token[token.size() / 2] ^= 0x01;
  a->database().execute("UPDATE archive_seals SET token = ? WHERE id = ?",
                        {Bytes(token.begin(), token.end()), seal->id});
  const auto report = a->audit();
  INFO(report.to_text());
  CHECK(has_finding(report, "seal_token_invalid", "seal:" + std::to_string(seal->id)));
}
