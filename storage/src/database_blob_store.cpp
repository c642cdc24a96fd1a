// The database blob store: one row per blob in the table `blobs`, so that
// several stateless server instances can share one PostgreSQL store.
#include "cesp/core/digest.h"
#include "cesp/core/error.h"
#include "cesp/storage/blob_store.h"
#include "cesp/storage/database.h"

namespace cesp::storage {
namespace {

const std::vector<Migration> kBlobMigrations = {
    {1, "blobs table",
     "CREATE TABLE blobs (address TEXT PRIMARY KEY, size BIGINT NOT NULL, content {blob} NOT NULL)"},
};

class DatabaseBlobStore : public BlobStore {
 public:
  explicit DatabaseBlobStore(std::shared_ptr<Database> db) : db_(std::move(db)) {
    db_->migrate("blobs", kBlobMigrations);
  }

  std::string put(std::string_view bytes) override {
    const std::string address = to_hex(sha256(bytes));
    db_->execute(
        "INSERT INTO blobs (address, size, content) VALUES (?, ?, ?) ON CONFLICT (address) DO NOTHING",
        {address, static_cast<std::int64_t>(bytes.size()), Bytes(bytes.begin(), bytes.end())});
    return address;
  }

  std::optional<std::string> get(const std::string& address) override {
    auto row = db_->query_one("SELECT content FROM blobs WHERE address = ?", {address});
    if (!row) return std::nullopt;
    Bytes b = row->bytes(0);
    return std::string(b.begin(), b.end());
  }

  bool contains(const std::string& address) override {
    return db_->query_one("SELECT 1 FROM blobs WHERE address = ?", {address}).has_value();
  }

  std::optional<std::int64_t> size(const std::string& address) override {
    // The stored length, not the recorded one: a truncated row must show.
    auto row = db_->query_one("SELECT content FROM blobs WHERE address = ?", {address});
    if (!row) return std::nullopt;
    return static_cast<std::int64_t>(row->bytes(0).size());
  }

  void remove(const std::string& address) override {
    db_->execute("DELETE FROM blobs WHERE address = ?", {address});
  }

  std::vector<std::string> list() override {
    std::vector<std::string> out;
    for (const Row& row : db_->query("SELECT address FROM blobs")) out.push_back(row.text(0));
    return out;
  }

  std::optional<std::string> rehash(const std::string& address, std::int64_t* bytes_read) override {
    auto content = get(address);
    if (!content) return std::nullopt;
    if (bytes_read) *bytes_read += static_cast<std::int64_t>(content->size());
    return to_hex(sha256(*content));
  }

  std::string describe() const override { return "database:" + db_->display_uri(); }

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace

std::unique_ptr<BlobStore> make_database_blob_store(std::shared_ptr<Database> db) {
  return std::make_unique<DatabaseBlobStore>(std::move(db));
}

}  // namespace cesp::storage
