#include <catch2/catch.hpp>

#include "cesp/core/digest.h"
#include "cesp/storage/blob_store.h"
#include "cesp/storage/database.h"

#include "test_databases.h"

using namespace cesp::storage;

TEST_CASE("the database blob store keeps bytes exactly, on both backends", "[storage][blobs]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_DATABASE(tdb, backend);
  auto db = tdb.open();
  auto store = make_database_blob_store(db);
  std::string bytes;
  for (int i = 0; i < 70000; ++i) bytes += static_cast<char>(i * 7 % 256);
  const std::string address = store->put(bytes);
  CHECK(address == cesp::sha256_hex(bytes));
  CHECK(store->put(bytes) == address);
  CHECK(store->get(address) == bytes);
  CHECK(store->size(address) == static_cast<std::int64_t>(bytes.size()));
  CHECK(store->list() == std::vector<std::string>{address});
  CHECK(store->rehash(address) == address);
  CHECK(store->describe().rfind("database:", 0) == 0);

  // Tampering with the row shows in the re-hash.
  bytes[100] ^= 1;
  db->execute("UPDATE blobs SET content = ? WHERE address = ?", {Bytes(bytes.begin(), bytes.end()), address});
  CHECK(store->rehash(address) != address);

  store->remove(address);
  CHECK_FALSE(store->contains(address));
  CHECK_FALSE(store->get(address));
}
