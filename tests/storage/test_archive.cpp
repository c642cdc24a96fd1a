#include "test_archive.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <mutex>

#include "cesp/signing/dev_pki.h"
#include "cesp/signing/tsa_responder.h"

namespace cesp::storage::testing {
namespace {

const signing::DevPki& test_pki() {
  static std::once_flag once;
  static signing::DevPki pki;
  std::call_once(once, [] {
    const std::filesystem::path dir =
        std::filesystem::path(CESP_BINARY_DIR) / "tests" / "storage" / "dev-pki";
    std::filesystem::create_directories(dir.parent_path());
    // Test processes run in parallel: one creates the PKI, the others wait.
    const std::string lock_path = dir.string() + ".lock";
    int fd = ::open(lock_path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    REQUIRE(fd >= 0);
    ::flock(fd, LOCK_EX);
    try {
      pki = signing::create_dev_pki(dir);
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
  });
  return pki;
}

}  // namespace

std::shared_ptr<signing::TimestampAuthority> test_tsa() {
  const auto& pki = test_pki();
  auto responder = std::make_shared<signing::TsaResponder>(pki.tsa.key_pem, pki.tsa.cert_pem, pki.chain_pem);
  return std::shared_ptr<signing::TimestampAuthority>(signing::make_local_timestamp_authority(responder));
}

std::vector<std::string> test_trust_anchors() { return {test_pki().root_cert.string()}; }

TestArchive::TestArchive(const std::string& backend, BlobBackend blobs) : db_(backend), backend_(blobs) {
  if (db_.available()) reopen();
}

ArchiveOptions TestArchive::options() const {
  ArchiveOptions options;
  options.database = db_.open();
  options.blob_backend = backend_;
  options.blob_dir = blob_dir_.path();
  options.clock = [this] { return now; };
  options.tsa = test_tsa();
  options.tsa_trust_anchors = test_trust_anchors();
  options.audit_threads = 2;
  return options;
}

void TestArchive::reopen() {
  archive_.reset();
  archive_ = std::make_unique<Archive>(options());
}

NewItem sample_item(const std::string& beneficiary, ItemKind kind, const std::string& content,
                    const std::string& stage) {
  NewItem item;
  item.beneficiary = beneficiary;
  item.kind = kind;
  item.content = "%PDF-1.7\n" + content + "\n%%EOF\n";
  item.stage = stage;
  item.label = std::string(to_string(kind)) + ".pdf";
  item.document_date = "2026-02-27";
  item.details_json = "{\"checks\":\"ok\"}";
  return item;
}

}  // namespace cesp::storage::testing
