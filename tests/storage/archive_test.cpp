#include "cesp/storage/archive.h"

#include <catch2/catch.hpp>

#include "cesp/core/error.h"
#include "cesp/storage/blob_store.h"

#include "test_archive.h"

using namespace cesp::storage;
using namespace cesp::storage::testing;
using cesp::Error;
using cesp::ErrorCode;

namespace {
ErrorCode code_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.code();
  }
  FAIL("no cesp::Error thrown");
  return ErrorCode::internal;
}
}  // namespace

TEST_CASE("items are appended per beneficiary, journaled, and re-adding is idempotent",
          "[storage][archive]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  const BlobBackend blobs = GENERATE(BlobBackend::filesystem, BlobBackend::database);
  CESP_TEST_ARCHIVE(a, backend, blobs);
  auto first = a->add(sample_item("B-001", ItemKind::piece, "carte d'identité"), kTestActor);
  CHECK(first.created);
  CHECK(first.item.id == 1);
  CHECK(first.item.archived_at == "2026-03-01T00:00:00Z");
  CHECK(first.item.retain_until == "2031-03-01T00:00:00Z");  // pièces: 5 years
  auto contract = a->add(sample_item("B-001", ItemKind::contract, "contrat v1", "draft"), kTestActor);
  auto signed_contract =
      a->add(sample_item("B-001", ItemKind::contract, "contrat v1 signé", "signed_by_candidate"), kTestActor);
  a->add(sample_item("B-002", ItemKind::avenant, "avenant"), kTestActor);
  auto again = a->add(sample_item("B-001", ItemKind::piece, "carte d'identité"), kTestActor);
  CHECK_FALSE(again.created);
  CHECK(again.item.id == first.item.id);

  const auto items = a->list("B-001");
  REQUIRE(items.size() == 3);
  CHECK(items[1].kind == ItemKind::contract);
  CHECK(items[1].stage == "draft");
  CHECK(items[2].stage == "signed_by_candidate");
  CHECK(items[2].retain_until == "2056-03-01T00:00:00Z");
  CHECK(a->list("nobody").empty());
  CHECK(a->content(items[0]) == sample_item("B-001", ItemKind::piece, "carte d'identité").content);
  CHECK(a->find(contract.item.id)->record_hash == item_record_hash(contract.item));

  auto entries = a->journal().for_beneficiary("B-001");
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].action == "item.add");
  CHECK(entries[0].actor == "agent-1");
  CHECK(entries[0].role == "gestionnaire");
  CHECK(entries[2].object_hash == signed_contract.item.record_hash);
  CHECK(a->journal().last_seq() == 4);
  CHECK(a->audit().ok());

  CHECK(code_of([&] { a->add(sample_item("", ItemKind::piece, "x"), kTestActor); }) ==
        ErrorCode::invalid_argument);
  CHECK(code_of([] { parse_item_kind("photo"); }) == ErrorCode::invalid_argument);
}

TEST_CASE("disposal waits for retention and legal holds, and is journaled", "[storage][archive]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_ARCHIVE(a, backend);
  auto piece = a->add(sample_item("B-001", ItemKind::piece, "rib"), kTestActor).item;
  const Actor archivist{"arch-1", "archiviste"};
  CHECK(code_of([&] { a->dispose(piece.id, "fin de conservation", archivist); }) ==
        ErrorCode::retention_not_elapsed);

  a.now += std::chrono::hours(24 * 366 * 5);
  a->place_hold("B-001", "contentieux", archivist);
  CHECK(a->on_hold("B-001"));
  CHECK(code_of([&] { a->place_hold("B-001", "again", archivist); }) == ErrorCode::invalid_transition);
  CHECK(code_of([&] { a->dispose(piece.id, "fin de conservation", archivist); }) ==
        ErrorCode::legal_hold_active);
  a->release_hold("B-001", "fin du contentieux", archivist);
  CHECK_FALSE(a->on_hold("B-001"));

  a->dispose(piece.id, "fin de conservation", archivist);
  CHECK(code_of([&] { a->dispose(piece.id, "twice", archivist); }) == ErrorCode::already_exists);
  CHECK(code_of([&] { a->dispose(999, "absent", archivist); }) == ErrorCode::not_found);
  const auto items = a->list("B-001");
  REQUIRE(items.size() == 1);
  CHECK(items[0].disposed());
  CHECK_FALSE(a->blobs().contains(piece.sha256));
  CHECK(code_of([&] { a->content(items[0]); }) == ErrorCode::not_found);
  const auto entries = a->journal().for_beneficiary("B-001");
  REQUIRE(entries.size() == 4);
  CHECK(entries[1].action == "hold.place");
  CHECK(entries[2].action == "hold.release");
  CHECK(entries[3].action == "item.dispose");
  CHECK(entries[3].actor == "arch-1");
  const auto report = a->audit();
  INFO(report.to_text());
  CHECK(report.ok());
}

TEST_CASE("a disposed blob shared by a live item is kept", "[storage][archive]") {
  CESP_TEST_ARCHIVE(a, "sqlite");
  auto piece = a->add(sample_item("B-001", ItemKind::piece, "same bytes"), kTestActor).item;
  auto other = a->add(sample_item("B-002", ItemKind::piece, "same bytes"), kTestActor).item;
  CHECK(piece.sha256 == other.sha256);
  a.now += std::chrono::hours(24 * 366 * 6);
  a->dispose(piece.id, "fin", kTestActor);
  CHECK(a->blobs().contains(other.sha256));
  CHECK(a->audit().ok());
}

TEST_CASE("seals timestamp the Merkle root of new entries and chain to the previous seal",
          "[storage][archive]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_ARCHIVE(a, backend);
  CHECK_FALSE(a->seal());  // nothing to seal
  for (int i = 0; i < 5; ++i)
    a->add(sample_item("B-1", ItemKind::piece, "p" + std::to_string(i)), kTestActor);
  auto first = a->seal();
  REQUIRE(first);
  CHECK(first->first_seq == 1);
  CHECK(first->last_seq == 5);
  CHECK(first->prev_seal_hash == kZeroHash);
  CHECK_FALSE(first->token.empty());
  CHECK_FALSE(a->seal());
  a->add(sample_item("B-1", ItemKind::contract, "c"), kTestActor);
  auto second = a->seal();
  REQUIRE(second);
  CHECK(second->first_seq == 6);
  CHECK(second->prev_seal_hash == first->hash);
  CHECK(a->seals().size() == 2);
  CHECK(a->journal().seal_covering(3)->id == first->id);
  CHECK_FALSE(a->journal().seal_covering(7));
  const auto report = a->audit();
  INFO(report.to_text());
  CHECK(report.ok());
  CHECK(report.seals == 2);
  CHECK(report.unsealed_entries == 0);
}

TEST_CASE("recovery removes blobs whose metadata never committed", "[storage][archive]") {
  CESP_TEST_ARCHIVE(a, "sqlite");
  a->add(sample_item("B-1", ItemKind::piece, "kept"), kTestActor);
  // Simulate a crash after the blob write: intent recorded, blob stored, no item.
  const std::string orphan = a->blobs().put("orphan bytes");
  a->database().execute("INSERT INTO archive_pending (token, address, started_at) VALUES (?, ?, ?)",
                        {std::string("t1"), orphan, std::string("2026-03-01T00:00:00Z")});
  auto report = a->audit();
  CHECK(report.ok());
  REQUIRE(report.notes.size() == 1);
  CHECK(a->recover(std::chrono::seconds(0)) == 1);
  CHECK_FALSE(a->blobs().contains(orphan));
  CHECK(a->audit().notes.empty());
}
