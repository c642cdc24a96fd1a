#include <catch2/catch.hpp>

#include <fstream>

#include "cesp/core/digest.h"
#include "cesp/storage/blob_store.h"

#include "test_databases.h"

using namespace cesp::storage;
using cesp::storage::testing::TempDir;

TEST_CASE("the filesystem store is content-addressed and idempotent", "[storage][blobs]") {
  TempDir dir;
  auto store = make_filesystem_blob_store(dir.path());
  const std::string bytes("%PDF-1.7\0binary\xff", 16);
  const std::string address = store->put(bytes);
  CHECK(address == cesp::sha256_hex(bytes));
  CHECK(is_blob_address(address));
  CHECK(store->put(bytes) == address);
  CHECK(store->contains(address));
  CHECK(store->get(address) == bytes);
  CHECK(store->size(address) == 16);
  CHECK(store->list() == std::vector<std::string>{address});
  std::int64_t read = 0;
  CHECK(store->rehash(address, &read) == address);
  CHECK(read == 16);
  const auto path = dir.path() / "sha256" / address.substr(0, 2) / address;
  CHECK(std::filesystem::exists(path));
  CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::owner_write) ==
        std::filesystem::perms::none);
  CHECK(std::filesystem::is_empty(dir.path() / "tmp"));  // nothing left behind

  store->remove(address);
  CHECK_FALSE(store->contains(address));
  CHECK_FALSE(store->get(address));
  CHECK_FALSE(store->rehash(address));
  store->remove(address);  // no-op
  CHECK_FALSE(store->get("../../etc/passwd"));
}

TEST_CASE("a flipped byte on disk changes the re-hash", "[storage][blobs]") {
  TempDir dir;
  auto store = make_filesystem_blob_store(dir.path());
  const std::string address = store->put("contrat signé");
  const auto path = dir.path() / "sha256" / address.substr(0, 2) / address;
  std::filesystem::permissions(path, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(3);
    f.put('X');
  }
  CHECK(store->rehash(address) != address);
}

TEST_CASE("stale temporary files are swept", "[storage][blobs]") {
  TempDir dir;
  auto store = make_filesystem_blob_store(dir.path());
  std::ofstream(dir.path() / "tmp" / "123-0-0.part") << "half";
  CHECK(sweep_filesystem_blob_temporaries(dir.path(), std::chrono::seconds(3600)) == 0);
  CHECK(sweep_filesystem_blob_temporaries(dir.path(), std::chrono::seconds(0)) == 1);
  CHECK(std::filesystem::is_empty(dir.path() / "tmp"));
}
