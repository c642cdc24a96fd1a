// Opening the archive from command-line style settings: one place that turns
// a data directory, a database URI and a TSA choice into an Archive, shared by
// `cesp archive ...`, `cesp bench archive` and the server.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cesp/storage/archive.h"

namespace cesp::storage {

struct ArchiveLocation {
  std::filesystem::path data_dir = "data";
  // Empty: sqlite:<data_dir>/cesp.sqlite (see database.h for the URI format).
  std::string database_uri = {};
  // filesystem: blobs under <data_dir>/blobs; database: the `blobs` table.
  BlobBackend blob_backend = BlobBackend::filesystem;
  // Empty: an in-process TSA using the dev PKI in <data_dir>/pki (created
  // if missing); otherwise an RFC 3161 server URL.
  std::string tsa_url = {};
  // PEM files trusted for seal tokens. Empty: the dev PKI root when tsa_url
  // is empty, else nothing (the audit then notes that trust was not checked).
  std::vector<std::string> trust_anchors = {};
};

// The database URI the location resolves to.
std::string database_uri_of(const ArchiveLocation& location);

// Opens (creating directories, database schema and dev PKI as needed).
// Error(invalid_argument) for a bad blob backend name or URI,
// Error(database_unavailable) when the database cannot be reached.
std::unique_ptr<Archive> open_archive(const ArchiveLocation& location);

// "filesystem" or "database"; Error(invalid_argument) otherwise.
BlobBackend parse_blob_backend(const std::string& text);

}  // namespace cesp::storage
