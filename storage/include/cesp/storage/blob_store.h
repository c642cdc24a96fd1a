// Content-addressed blob stores: a blob's name is the lower-case hex SHA-256
// of its bytes, so storing the same bytes twice stores them once, and a
// re-hash tells whether what is stored is still what was named.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cesp::storage {

class Database;

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // Stores bytes and returns their address. Durable when it returns (the
  // filesystem store has fsynced the file and its directory). Idempotent.
  // Throws Error(io_error) / Error(database_*) on failure.
  virtual std::string put(std::string_view bytes) = 0;
  // The stored bytes, or nullopt when the address is not stored. The bytes
  // are returned as stored: callers that must trust them re-hash them.
  virtual std::optional<std::string> get(const std::string& address) = 0;
  virtual bool contains(const std::string& address) = 0;
  // The stored size in bytes, or nullopt when absent.
  virtual std::optional<std::int64_t> size(const std::string& address) = 0;
  // Removes a blob (disposal after retention); no-op when absent.
  virtual void remove(const std::string& address) = 0;
  // Every stored address, in no particular order.
  virtual std::vector<std::string> list() = 0;
  // Re-reads and hashes the stored bytes (streaming): the hex SHA-256 of what
  // is actually stored, or nullopt when absent. Adds the bytes read to *bytes_read.
  virtual std::optional<std::string> rehash(const std::string& address,
                                            std::int64_t* bytes_read = nullptr) = 0;
  // "filesystem:/path" or "database:<uri>", for reports.
  virtual std::string describe() const = 0;
};

// True for a 64-character lower-case hex string.
bool is_blob_address(std::string_view text);

// Files under root/sha256/ab/<address>; writes go to root/tmp, are fsynced,
// renamed into place, and the directory is fsynced. Files are read-only (0444).
std::unique_ptr<BlobStore> make_filesystem_blob_store(const std::filesystem::path& root);

// Removes temporary files left in root/tmp by interrupted writes, if older
// than min_age (another process may still be writing a younger one).
// Returns how many were removed.
int sweep_filesystem_blob_temporaries(const std::filesystem::path& root, std::chrono::seconds min_age);

// Rows of the table `blobs` in the given database (module "blobs"), so that
// several server instances can share one PostgreSQL store. Runs its migrations.
std::unique_ptr<BlobStore> make_database_blob_store(std::shared_ptr<Database> db);

}  // namespace cesp::storage
