#include "workflow/claim_owner.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "cesp/storage/database.h"

#include "workflow/document_time.h"

namespace cesp::server {
namespace {

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "?";
  return name;
}

// Field 22 of /proc/PID/stat, or "" when the process does not exist. The
// command name (field 2) may hold spaces and parentheses: skip past the last ')'.
std::string start_ticks(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!in || !std::getline(in, stat)) return "";
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return "";
  std::istringstream fields(stat.substr(close + 1));
  std::string field;
  for (int index = 3; index <= 22 && (fields >> field); ++index) {
    if (index == 22) return field;
  }
  return "";
}

}  // namespace

// Not cached: a forked child must not inherit its parent's identity.
std::string this_process_claim_owner() {
  const long pid = static_cast<long>(getpid());
  return host_name() + " " + std::to_string(pid) + " " + start_ticks(pid);
}

bool claim_owner_is_gone(const std::string& owner) {
  std::istringstream parts(owner);
  std::string host, start;
  long pid = 0;
  if (!(parts >> host >> pid >> start) || pid <= 0 || host != host_name()) return false;
  if (owner == this_process_claim_owner()) return false;
  return start_ticks(pid) != start;
}

bool row_claim_is_free(storage::Transaction& tx, std::string_view table, const std::string& id) {
  const auto busy =
      tx.query_one("SELECT busy_until, busy_owner FROM " + std::string(table) + " WHERE id = ?", {id});
  return !busy || busy->integer(0) <= unix_now() || claim_owner_is_gone(busy->text(1));
}

void record_row_claim(storage::Transaction& tx, std::string_view table, const std::string& id, int seconds) {
  tx.execute("UPDATE " + std::string(table) +
                 " SET version = version + 1, busy_until = ?, busy_owner = ? WHERE id = ?",
             {unix_now() + seconds, this_process_claim_owner(), id});
}

}  // namespace cesp::server
