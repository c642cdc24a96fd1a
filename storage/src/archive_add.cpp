// Adding items: intent, durable blob, then metadata and journal in one
// transaction. Batches use multi-row statements (imports, benchmarks).
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"

#include "archive_internal.h"

namespace cesp::storage {
namespace {

constexpr std::size_t kRowsPerStatement = 50;

std::string random_token() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::to_string(rng()) + "-" + std::to_string(rng());
}

void check_new_item(const NewItem& item) {
  if (item.beneficiary.empty() || item.beneficiary.size() > 200) {
    throw Error(ErrorCode::invalid_argument, "identifiant de bénéficiaire vide ou trop long",
                "empty or too long beneficiary id", item.beneficiary.substr(0, 200));
  }
  if (item.content.empty()) throw Error(ErrorCode::invalid_argument, "empty content for " + item.beneficiary);
}

using ItemKey =
    std::tuple<std::string, std::string, std::string, std::string>;  // beneficiary, kind, stage, sha256

ItemKey key_of(const Item& i) { return {i.beneficiary, std::string(to_string(i.kind)), i.stage, i.sha256}; }

// Live items of these beneficiaries, by identity: what makes a re-add idempotent.
std::map<ItemKey, Item> live_items(Transaction& tx, const std::set<std::string>& beneficiaries) {
  std::map<ItemKey, Item> out;
  std::vector<std::string> names(beneficiaries.begin(), beneficiaries.end());
  for (std::size_t start = 0; start < names.size(); start += kRowsPerStatement) {
    const std::size_t end = std::min(names.size(), start + kRowsPerStatement);
    std::string marks;
    Params params;
    for (std::size_t i = start; i < end; ++i) {
      marks += i > start ? ", ?" : "?";
      params.emplace_back(names[i]);
    }
    for (const Row& r :
         tx.query(std::string("SELECT ") + kItemColumns +
                      " FROM archive_items i LEFT JOIN archive_disposals d ON d.item_id = i.id "
                      "WHERE i.beneficiary IN (" +
                      marks + ") AND d.item_id IS NULL",
                  params)) {
      Item item = item_from_row(r);
      out.emplace(key_of(item), std::move(item));
    }
  }
  return out;
}

void insert_items(Transaction& tx, const std::vector<Item>& items) {
  for (std::size_t start = 0; start < items.size(); start += kRowsPerStatement) {
    const std::size_t end = std::min(items.size(), start + kRowsPerStatement);
    Params params;
    for (std::size_t n = start; n < end; ++n) {
      const Item& i = items[n];
      for (Value v : {Value{i.id}, Value{i.beneficiary}, Value{std::string(to_string(i.kind))},
                      Value{i.stage}, Value{i.label}, Value{i.media_type}, Value{i.document_date},
                      Value{i.details_json}, Value{i.sha256}, Value{i.size}, Value{i.archived_at},
                      Value{i.retain_until}, Value{i.actor}, Value{i.actor_role}, Value{i.record_hash}}) {
        params.push_back(std::move(v));
      }
    }
    tx.execute(
        "INSERT INTO archive_items (id, beneficiary, kind, stage, label, media_type, document_date, details, "
        "sha256, size, archived_at, retain_until, actor, actor_role, record_hash) VALUES " +
            placeholder_rows(end - start, 15),
        params);
  }
}

void for_each_chunk(const std::vector<std::string>& values,
                    const std::function<void(const std::string&, Params)>& fn) {
  for (std::size_t start = 0; start < values.size(); start += kRowsPerStatement) {
    const std::size_t end = std::min(values.size(), start + kRowsPerStatement);
    std::string marks;
    Params params;
    for (std::size_t i = start; i < end; ++i) {
      marks += i > start ? ", ?" : "?";
      params.emplace_back(values[i]);
    }
    fn(marks, std::move(params));
  }
}

}  // namespace

std::vector<AddResult> Archive::add_many(const std::vector<NewItem>& items, const Actor& actor) {
  for (const auto& item : items) check_new_item(item);
  const std::string now = impl_->now_iso();

  // 1. Intents, so that a crash after a blob write leaves a recoverable trace.
  std::vector<std::string> addresses;
  std::map<std::string, std::string> token_of;  // address -> intent token
  for (const auto& item : items) {
    addresses.push_back(to_hex(sha256(item.content)));
    if (!token_of.contains(addresses.back())) token_of[addresses.back()] = random_token();
  }
  std::vector<std::pair<std::string, std::string>> intents(token_of.begin(), token_of.end());
  impl_->db->transact([&](Transaction& tx) {
    for (std::size_t start = 0; start < intents.size(); start += kRowsPerStatement) {
      const std::size_t end = std::min(intents.size(), start + kRowsPerStatement);
      Params params;
      for (std::size_t i = start; i < end; ++i) {
        params.emplace_back(intents[i].second);
        params.emplace_back(intents[i].first);
        params.emplace_back(now);
      }
      tx.execute("INSERT INTO archive_pending (token, address, started_at) VALUES " +
                     placeholder_rows(end - start, 3),
                 params);
    }
  });

  // 2. Blobs, durable before any metadata points at them.
  std::set<std::string> written;
  for (std::size_t n = 0; n < items.size(); ++n) {
    if (written.insert(addresses[n]).second) impl_->blobs->put(items[n].content);
  }

  // 3. Metadata and journal, one transaction.
  return impl_->db->transact([&](Transaction& tx) {
    tx.serialize(kArchiveLock);
    auto max_row = tx.query_one("SELECT MAX(id) FROM archive_items");
    std::int64_t next_id = max_row && !max_row->is_null(0) ? max_row->integer(0) + 1 : 1;
    std::set<std::string> beneficiaries;
    for (const auto& item : items) beneficiaries.insert(item.beneficiary);
    std::map<ItemKey, Item> live = live_items(tx, beneficiaries);

    std::vector<AddResult> results;
    std::vector<Item> new_items;
    std::vector<JournalEntry> entries;
    JournalTip tip;
    for (std::size_t n = 0; n < items.size(); ++n) {
      const NewItem& in = items[n];
      auto found =
          live.find(ItemKey{in.beneficiary, std::string(to_string(in.kind)), in.stage, addresses[n]});
      if (found != live.end()) {
        results.push_back({found->second, false});
        continue;
      }
      Item item;
      item.id = next_id++;
      item.beneficiary = in.beneficiary;
      item.kind = in.kind;
      item.stage = in.stage;
      item.label = in.label;
      item.media_type = in.media_type;
      item.document_date = in.document_date;
      item.details_json = in.details_json.empty() ? "{}" : in.details_json;
      item.sha256 = addresses[n];
      item.size = static_cast<std::int64_t>(in.content.size());
      item.archived_at = now;
      item.retain_until = add_years(now, impl_->options.retention.years_for(in.kind));
      item.actor = actor.id;
      item.actor_role = actor.role;
      item.record_hash = item_record_hash(item);
      JournalEntry entry;
      entry.at = now;
      entry.actor = actor.id;
      entry.role = actor.role;
      entry.action = "item.add";
      entry.beneficiary = item.beneficiary;
      entry.object_id = item.id;
      entry.object_hash = item.record_hash;
      entry.details = "{\"kind\":" + json_string(std::string(to_string(item.kind))) +
                      ",\"stage\":" + json_string(item.stage) + ",\"sha256\":" + json_string(item.sha256) +
                      ",\"size\":" + std::to_string(item.size) +
                      (in.journal_note.empty() ? "" : ",\"note\":" + json_string(in.journal_note)) + "}";
      entries.push_back(chain_journal_entry(tx, std::move(entry), tip));
      live.emplace(key_of(item), item);
      new_items.push_back(item);
      results.push_back({item, true});
    }
    insert_items(tx, new_items);
    insert_journal_entries(tx, entries);
    std::vector<std::string> tokens;
    for (const auto& [address, token] : intents) tokens.push_back(token);
    for_each_chunk(tokens, [&](const std::string& marks, Params params) {
      tx.execute("DELETE FROM archive_pending WHERE token IN (" + marks + ")", params);
    });
    return results;
  });
}

}  // namespace cesp::storage
