// An archive on a test database, with a filesystem or database blob store,
// a local RFC 3161 authority from a cached dev PKI, and a clock tests move.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "cesp/storage/archive.h"

#include "test_databases.h"

namespace cesp::signing {
class TimestampAuthority;
}

namespace cesp::storage::testing {

// The dev PKI of the storage tests (created once under the build tree,
// shared by every test process) and an in-process TSA using it.
std::shared_ptr<signing::TimestampAuthority> test_tsa();
std::vector<std::string> test_trust_anchors();  // the dev root certificate

class TestArchive {
 public:
  explicit TestArchive(const std::string& backend, BlobBackend blobs = BlobBackend::filesystem);
  bool available() const { return db_.available(); }
  Archive& archive() { return *archive_; }
  Archive* operator->() { return archive_.get(); }
  // Closes and reopens the archive on the same database and blob directory.
  void reopen();
  ArchiveOptions options() const;
  const TestDatabase& db() const { return db_; }
  const std::filesystem::path& blob_dir() const { return blob_dir_.path(); }
  std::chrono::system_clock::time_point now = std::chrono::sys_days{std::chrono::year{2026} / 3 / 1};

 private:
  TestDatabase db_;
  TempDir blob_dir_;
  BlobBackend backend_;
  std::unique_ptr<Archive> archive_;
};

inline const Actor kTestActor{"agent-1", "gestionnaire"};

// A NewItem with recognisable content.
NewItem sample_item(const std::string& beneficiary, ItemKind kind, const std::string& content,
                    const std::string& stage = "");

}  // namespace cesp::storage::testing

#define CESP_TEST_ARCHIVE(a, ...)                       \
  ::cesp::storage::testing::TestArchive a(__VA_ARGS__); \
  if (!a.available()) return
