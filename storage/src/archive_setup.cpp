#include "cesp/storage/archive_setup.h"

#include "cesp/core/error.h"
#include "cesp/signing/dev_pki.h"
#include "cesp/signing/timestamp.h"
#include "cesp/signing/tsa_responder.h"
#include "cesp/storage/database.h"

namespace cesp::storage {

std::string database_uri_of(const ArchiveLocation& location) {
  if (!location.database_uri.empty()) return location.database_uri;
  return "sqlite:" + (location.data_dir / "cesp.sqlite").string();
}

BlobBackend parse_blob_backend(const std::string& text) {
  if (text == "filesystem") return BlobBackend::filesystem;
  if (text == "database") return BlobBackend::database;
  throw Error(ErrorCode::invalid_argument, "stockage de fichiers inconnu (filesystem ou database)",
              "unknown blob store (filesystem or database)", text);
}

std::unique_ptr<Archive> open_archive(const ArchiveLocation& location) {
  std::error_code ec;
  std::filesystem::create_directories(location.data_dir, ec);
  if (ec) throw Error(ErrorCode::io_error, location.data_dir.string() + ": " + ec.message());
  ArchiveOptions options;
  options.database = Database::open(database_uri_of(location));
  options.blob_backend = location.blob_backend;
  options.blob_dir = location.data_dir / "blobs";
  options.tsa_trust_anchors = location.trust_anchors;
  if (location.tsa_url.empty()) {
    const signing::DevPki pki = signing::create_dev_pki(location.data_dir / "pki");
    auto responder =
        std::make_shared<signing::TsaResponder>(pki.tsa.key_pem, pki.tsa.cert_pem, pki.chain_pem);
    options.tsa = signing::make_local_timestamp_authority(responder);
    if (options.tsa_trust_anchors.empty()) options.tsa_trust_anchors.push_back(pki.root_cert.string());
  } else {
    options.tsa = signing::make_http_timestamp_authority(location.tsa_url);
  }
  return std::make_unique<Archive>(std::move(options));
}

}  // namespace cesp::storage
