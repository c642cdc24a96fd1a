// The tamper-evident archive of each beneficiary's records.
//
// Items (pièces with their check results, contract revisions, avenants,
// installation validations, validation reports) are append-only: never
// updated. Each addition, legal hold and disposal is written, in the same
// transaction, to a hash-chained journal (journal.h); the journal is sealed
// periodically by an RFC 3161 timestamp over the Merkle root of its new
// entries (seal()). audit() re-hashes every blob and re-checks metadata,
// journal and seals.
//
// Durability: the blob is written and fsynced before the metadata transaction
// commits; an intent row recorded first lets recover() remove a blob whose
// metadata never committed (a crash between the two), so such leftovers are
// told apart from a planted, untracked blob.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cesp/storage/audit.h"
#include "cesp/storage/journal.h"

namespace cesp::signing {
class TimestampAuthority;
}

namespace cesp::storage {

class Database;
class BlobStore;

enum class ItemKind { piece, contract, avenant, installation, validation_report };
std::string_view to_string(ItemKind kind);
// "piece", "contract", "avenant", "installation", "validation_report";
// Error(invalid_argument) otherwise.
ItemKind parse_item_kind(std::string_view text);
std::vector<ItemKind> all_item_kinds();

// Years an item is kept after it is archived, per kind. The defaults are
// conservative placeholders (to be confirmed by the archivist): pièces 5,
// validation reports 10, contracts / avenants / installation validations 30.
struct RetentionPolicy {
  std::map<ItemKind, int> years;
  static RetentionPolicy defaults();
  int years_for(ItemKind kind) const;
};

struct Actor {
  std::string id;    // who: an account id, "cli:root", "import"
  std::string role;  // "gestionnaire", "archiviste", "system"...
};

struct NewItem {
  std::string beneficiary;  // the beneficiary's stable id
  ItemKind kind = ItemKind::piece;
  std::string content;  // the bytes (usually a PDF)
  std::string stage;    // e.g. a contract revision: draft, signed_by_candidate, countersigned, lta
  std::string label;    // original file name or title
  std::string media_type = "application/pdf";
  std::string document_date;        // the document's own date, YYYY-MM-DD, may be empty
  std::string details_json = "{}";  // check results, signature verification, report...
  std::string journal_note;         // e.g. "import": recorded in the journal entry's details
};

struct Item {
  std::int64_t id = 0;
  std::string beneficiary;
  ItemKind kind = ItemKind::piece;
  std::string stage, label, media_type, document_date, details_json;
  std::string sha256;  // blob address
  std::int64_t size = 0;
  std::string archived_at;   // ISO 8601 UTC
  std::string retain_until;  // ISO 8601 UTC
  std::string actor, actor_role;
  std::string record_hash;  // hash of the fields above, written to the journal
  std::string disposed_at;  // empty unless disposed
  bool disposed() const { return !disposed_at.empty(); }
};

// The canonical hash of an item's recorded fields (what the journal pins).
std::string item_record_hash(const Item& item);

enum class BlobBackend { filesystem, database };

struct ArchiveOptions {
  std::shared_ptr<Database> database;  // the metadata database (required)
  BlobBackend blob_backend = BlobBackend::filesystem;
  std::filesystem::path blob_dir;  // for the filesystem backend
  RetentionPolicy retention = RetentionPolicy::defaults();
  // The clock; defaults to the system clock. Tests move it past retention.
  std::function<std::chrono::system_clock::time_point()> clock;
  // Needed by seal(); audit() verifies existing seals without it.
  std::shared_ptr<signing::TimestampAuthority> tsa;
  // PEM files trusted for the seals' TSA certificates (audit). When empty,
  // seal tokens are checked for imprint and signature only, not for trust,
  // and the audit says so in a note.
  std::vector<std::string> tsa_trust_anchors;
  unsigned audit_threads = 0;  // 0: one per core
};

struct AddResult {
  Item item;
  bool created = true;  // false: the same bytes were already archived for this
                        // beneficiary, kind and stage (idempotent re-add)
};

class Archive {
 public:
  // Applies the archive's migrations and opens the blob store.
  explicit Archive(ArchiveOptions options);
  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // Archives one item and journals it, atomically. Idempotent (see AddResult).
  // Error(invalid_argument) for an empty beneficiary or content.
  AddResult add(const NewItem& item, const Actor& actor);
  // Many items with one metadata transaction (imports, benchmarks).
  std::vector<AddResult> add_many(const std::vector<NewItem>& items, const Actor& actor);

  // A beneficiary's items, oldest first, disposed ones included (marked).
  std::vector<Item> list(const std::string& beneficiary);
  std::optional<Item> find(std::int64_t id);
  // The item's bytes, checked against its address; Error(not_found) if the
  // item or its blob is gone (disposed), Error(integrity_failure) if altered.
  std::string content(const Item& item);

  // Legal hold on every item of a beneficiary: disposal is refused while on hold.
  void place_hold(const std::string& beneficiary, const std::string& reason, const Actor& actor);
  void release_hold(const std::string& beneficiary, const std::string& reason, const Actor& actor);
  bool on_hold(const std::string& beneficiary);

  // Disposes of an item after its retention period: journals the disposal,
  // then removes the blob unless another live item shares it.
  // Error(retention_not_elapsed), Error(legal_hold_active), Error(not_found),
  // Error(already_exists) if already disposed.
  void dispose(std::int64_t item_id, const std::string& reason, const Actor& actor);

  // Seals the journal entries added since the last seal (no-op returning
  // nullopt when there are none). Error(usage) when no TSA was configured.
  std::optional<Seal> seal();
  std::vector<Seal> seals();
  JournalReader journal();

  // Removes blobs whose metadata never committed (crash leftovers) when
  // their intent is older than min_age; returns how many intents were resolved.
  int recover(std::chrono::seconds min_age = std::chrono::seconds(3600));

  // Full integrity audit (see audit.h). Never throws on a finding.
  AuditReport audit(const AuditProgress& progress = {});

  Database& database();
  BlobStore& blobs();
  const ArchiveOptions& options() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace cesp::storage
