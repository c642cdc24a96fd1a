// Archive writes (add, holds, disposal, recovery) and reads.
#include "cesp/storage/archive.h"

#include <random>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"

#include "archive_internal.h"

namespace cesp::storage {
namespace {

constexpr std::pair<ItemKind, std::string_view> kKindNames[] = {
    {ItemKind::piece, "piece"},
    {ItemKind::contract, "contract"},
    {ItemKind::avenant, "avenant"},
    {ItemKind::installation, "installation"},
    {ItemKind::validation_report, "validation_report"},
};

}  // namespace

std::string_view to_string(ItemKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "piece";
}

ItemKind parse_item_kind(std::string_view text) {
  for (const auto& [k, name] : kKindNames) {
    if (name == text) return k;
  }
  throw Error(ErrorCode::invalid_argument,
              "type d'élément inconnu (piece, contract, avenant, installation, validation_report)",
              "unknown item kind (piece, contract, avenant, installation, validation_report)",
              std::string(text));
}

std::vector<ItemKind> all_item_kinds() {
  std::vector<ItemKind> out;
  for (const auto& [k, name] : kKindNames) out.push_back(k);
  return out;
}

RetentionPolicy RetentionPolicy::defaults() {
  return RetentionPolicy{{{ItemKind::piece, 5},
                          {ItemKind::validation_report, 10},
                          {ItemKind::contract, 30},
                          {ItemKind::avenant, 30},
                          {ItemKind::installation, 30}}};
}

int RetentionPolicy::years_for(ItemKind kind) const {
  auto it = years.find(kind);
  return it == years.end() ? 30 : it->second;
}

std::string item_record_hash(const Item& i) {
  return sha256_hex(
      canonical_encoding("cesp-archive-item-v1",
                         {std::to_string(i.id), i.beneficiary, std::string(to_string(i.kind)), i.stage,
                          i.label, i.media_type, i.document_date, i.details_json, i.sha256,
                          std::to_string(i.size), i.archived_at, i.retain_until, i.actor, i.actor_role}));
}

Archive::Archive(ArchiveOptions options) : impl_(std::make_unique<Impl>()) {
  if (!options.database) throw Error(ErrorCode::internal, "Archive needs a database");
  impl_->options = std::move(options);
  impl_->db = impl_->options.database;
  apply_archive_migrations(*impl_->db);
  impl_->blobs = impl_->options.blob_backend == BlobBackend::database
                     ? make_database_blob_store(impl_->db)
                     : make_filesystem_blob_store(impl_->options.blob_dir);
}

Archive::~Archive() = default;
Database& Archive::database() { return *impl_->db; }
BlobStore& Archive::blobs() { return *impl_->blobs; }
const ArchiveOptions& Archive::options() const { return impl_->options; }
JournalReader Archive::journal() { return JournalReader(impl_->db); }
std::vector<Seal> Archive::seals() { return journal().seals(); }

AddResult Archive::add(const NewItem& item, const Actor& actor) { return add_many({item}, actor).front(); }

std::vector<Item> Archive::list(const std::string& beneficiary) {
  std::vector<Item> out;
  for (const Row& r :
       impl_->db->query(std::string("SELECT ") + kItemColumns +
                            " FROM archive_items i LEFT JOIN archive_disposals d ON d.item_id = i.id "
                            "WHERE i.beneficiary = ? ORDER BY i.id",
                        {beneficiary})) {
    out.push_back(item_from_row(r));
  }
  return out;
}

std::optional<Item> Archive::find(std::int64_t id) {
  auto row =
      impl_->db->query_one(std::string("SELECT ") + kItemColumns +
                               " FROM archive_items i LEFT JOIN archive_disposals d ON d.item_id = i.id "
                               "WHERE i.id = ?",
                           {id});
  if (!row) return std::nullopt;
  return item_from_row(*row);
}

std::string Archive::content(const Item& item) {
  auto bytes = impl_->blobs->get(item.sha256);
  if (!bytes)
    throw Error(ErrorCode::not_found, "blob " + item.sha256 + " of item " + std::to_string(item.id));
  if (to_hex(sha256(*bytes)) != item.sha256) {
    throw Error(ErrorCode::integrity_failure,
                "blob " + item.sha256 + " of item " + std::to_string(item.id) + " altered");
  }
  return *bytes;
}

}  // namespace cesp::storage
