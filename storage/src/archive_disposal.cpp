// Legal holds, disposal after retention, and recovery of interrupted writes.
#include "cesp/core/error.h"

#include "archive_internal.h"

namespace cesp::storage {
namespace {

bool hold_active(Connection& c, const std::string& beneficiary) {
  auto row = c.query_one("SELECT action FROM archive_holds WHERE beneficiary = ? ORDER BY id DESC LIMIT 1",
                         {beneficiary});
  return row && row->text(0) == "place";
}

void record_hold(Archive::Impl& impl, const std::string& beneficiary, const std::string& action,
                 const std::string& reason, const Actor& actor) {
  if (beneficiary.empty()) throw Error(ErrorCode::invalid_argument, "empty beneficiary id");
  const std::string now = impl.now_iso();
  impl.db->transact([&](Transaction& tx) {
    tx.serialize(kArchiveLock);
    const bool active = hold_active(tx, beneficiary);
    if ((action == "place") == active) {
      throw Error(ErrorCode::invalid_transition,
                  active ? "un gel juridique est déjà en place" : "aucun gel juridique en place",
                  active ? "a legal hold is already in place" : "no legal hold in place", beneficiary);
    }
    tx.execute(
        "INSERT INTO archive_holds (beneficiary, action, at, actor, role, reason) VALUES (?, ?, ?, ?, ?, ?)",
        {beneficiary, action, now, actor.id, actor.role, reason});
    JournalEntry entry;
    entry.at = now;
    entry.actor = actor.id;
    entry.role = actor.role;
    entry.action = "hold." + action;
    entry.beneficiary = beneficiary;
    entry.details = "{\"reason\":" + json_string(reason) + "}";
    append_journal(tx, entry);
  });
}

}  // namespace

void Archive::place_hold(const std::string& beneficiary, const std::string& reason, const Actor& actor) {
  record_hold(*impl_, beneficiary, "place", reason, actor);
}

void Archive::release_hold(const std::string& beneficiary, const std::string& reason, const Actor& actor) {
  record_hold(*impl_, beneficiary, "release", reason, actor);
}

bool Archive::on_hold(const std::string& beneficiary) {
  Connection c = impl_->db->connect();
  return hold_active(c, beneficiary);
}

void Archive::dispose(std::int64_t item_id, const std::string& reason, const Actor& actor) {
  const std::string now = impl_->now_iso();
  const std::string address = impl_->db->transact([&](Transaction& tx) {
    tx.serialize(kArchiveLock);
    auto row = tx.query_one(
        std::string("SELECT ") + kItemColumns +
            " FROM archive_items i LEFT JOIN archive_disposals d ON d.item_id = i.id WHERE i.id = ?",
        {item_id});
    if (!row) throw Error(ErrorCode::not_found, "item " + std::to_string(item_id));
    const Item item = item_from_row(*row);
    if (item.disposed())
      throw Error(ErrorCode::already_exists, "item " + std::to_string(item_id) + " already disposed");
    if (now < item.retain_until) {
      throw Error(ErrorCode::retention_not_elapsed,
                  "item " + std::to_string(item_id) + " kept until " + item.retain_until);
    }
    if (hold_active(tx, item.beneficiary)) throw Error(ErrorCode::legal_hold_active, item.beneficiary);
    tx.execute(
        "INSERT INTO archive_disposals (item_id, disposed_at, actor, role, reason) VALUES (?, ?, ?, ?, ?)",
        {item_id, now, actor.id, actor.role, reason});
    JournalEntry entry;
    entry.at = now;
    entry.actor = actor.id;
    entry.role = actor.role;
    entry.action = "item.dispose";
    entry.beneficiary = item.beneficiary;
    entry.object_id = item.id;
    entry.object_hash = item.record_hash;
    entry.details = "{\"reason\":" + json_string(reason) + ",\"sha256\":" + json_string(item.sha256) + "}";
    append_journal(tx, entry);
    return item.sha256;
  });
  // The disposal is committed; the bytes go unless a live item shares them.
  // A crash here leaves the blob to recover().
  auto live = impl_->db->query_one(
      "SELECT 1 FROM archive_items i LEFT JOIN archive_disposals d ON d.item_id = i.id "
      "WHERE i.sha256 = ? AND d.item_id IS NULL LIMIT 1",
      {address});
  if (!live) impl_->blobs->remove(address);
}

int Archive::recover(std::chrono::seconds min_age) {
  const std::string cutoff = format_utc(impl_->now() - min_age);
  int resolved = 0;
  for (const Row& r :
       impl_->db->query("SELECT token, address FROM archive_pending WHERE started_at <= ?", {cutoff})) {
    const std::string token = r.text(0);
    const std::string address = r.text(1);
    impl_->db->transact([&](Transaction& tx) {
      tx.serialize(kArchiveLock);
      auto referenced = tx.query_one("SELECT 1 FROM archive_items WHERE sha256 = ? LIMIT 1", {address});
      auto other = tx.query_one("SELECT 1 FROM archive_pending WHERE address = ? AND token <> ? LIMIT 1",
                                {address, token});
      if (!referenced && !other) impl_->blobs->remove(address);
      tx.execute("DELETE FROM archive_pending WHERE token = ?", {token});
    });
    ++resolved;
  }
  // Blobs of disposed items whose removal was interrupted.
  for (const Row& r : impl_->db->query(
           "SELECT DISTINCT i.sha256 FROM archive_items i JOIN archive_disposals d ON d.item_id = i.id "
           "WHERE NOT EXISTS (SELECT 1 FROM archive_items j LEFT JOIN archive_disposals e ON e.item_id = "
           "j.id "
           "WHERE j.sha256 = i.sha256 AND e.item_id IS NULL)")) {
    if (impl_->blobs->contains(r.text(0))) impl_->blobs->remove(r.text(0));
  }
  return resolved;
}

}  // namespace cesp::storage
