// The archive, read-only (archivists; see authorization.cpp):
//   GET /api/v1/archive/beneficiaries/{id}         items + journal excerpt
//   GET /api/v1/archive/beneficiaries/{id}/export  the evidence zip (streamed from a temp file)
//   GET /api/v1/archive/audit                      the full audit report
// The audit re-hashes every blob and can take minutes: it never runs on a
// request thread. One audit at a time runs in the background; a request
// starts it (or joins the running one), waits at most kAuditWait, and gets
// the report (200) or {"status": "running"} (202, poll again). A report at
// most kAuditFresh old is served from memory instead of re-auditing.
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <chrono>
#include <fstream>
#include <future>
#include <mutex>
#include <random>

#include "cesp/core/error.h"
#include "cesp/storage/archive.h"
#include "cesp/storage/archive_export.h"
#include "cesp/storage/audit.h"
#include "cesp/storage/journal.h"

#include "api/api_context.h"
#include "http/exchange.h"
#include "security/authorization.h"

namespace cesp::server {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr auto kAuditWait = std::chrono::seconds(20);
constexpr auto kAuditFresh = std::chrono::seconds(60);
constexpr std::size_t kJournalExcerpt = 500;  // most recent entries about the beneficiary

std::string iso_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// Single-flight background audit with a short-lived cached result.
class AuditRunner {
 public:
  explicit AuditRunner(std::shared_ptr<storage::Archive> archive) : archive_(std::move(archive)) {}
  ~AuditRunner() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (running_.valid()) running_.wait();  // it holds the archive; let it finish
  }

  struct Outcome {
    bool done = false;
    std::string report_json;  // when done
    std::string started_at;   // of the audit the answer is about
  };

  Outcome get() {
    std::shared_future<std::string> future;
    std::string started_at;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (running_.valid() && running_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        finished_ = Clock::now();
        last_started_at_ = running_started_at_;
        try {
          last_ = running_.get();
          last_error_.reset();
        } catch (const Error& e) {
          last_error_ = e;
        } catch (const std::exception& e) {
          last_error_ = Error(ErrorCode::internal, e.what());
        }
        running_ = {};
      }
      const bool fresh = (!last_.empty() || last_error_) && Clock::now() - finished_ < kAuditFresh;
      if (fresh && !running_.valid()) {
        if (last_error_) throw *last_error_;
        return {true, last_, last_started_at_};
      }
      if (!running_.valid()) {
        running_started_at_ = iso_now();
        auto archive = archive_;
        running_ = std::async(std::launch::async, [archive] { return archive->audit().to_json(); }).share();
      }
      future = running_;
      started_at = running_started_at_;
    }
    if (future.wait_for(kAuditWait) != std::future_status::ready) return {false, {}, started_at};
    return {true, future.get(), started_at};  // rethrows the audit's error, if any
  }

 private:
  std::shared_ptr<storage::Archive> archive_;
  std::mutex mutex_;
  std::shared_future<std::string> running_;
  std::string running_started_at_;
  std::string last_, last_started_at_;
  std::optional<Error> last_error_;
  Clock::time_point finished_{};
};

Poco::JSON::Object item_json(const storage::Item& item) {
  Poco::JSON::Object o;
  o.set("id", item.id);
  o.set("kind", std::string(storage::to_string(item.kind)));
  o.set("stage", item.stage);
  o.set("label", item.label);
  o.set("media_type", item.media_type);
  o.set("sha256", item.sha256);
  o.set("size", item.size);
  o.set("document_date", item.document_date);
  o.set("archived_at", item.archived_at);
  o.set("retain_until", item.retain_until);
  o.set("disposed_at", item.disposed_at);
  o.set("actor", item.actor);
  o.set("actor_role", item.actor_role);
  o.set("record_hash", item.record_hash);
  return o;
}

void read_beneficiary(ApiContext& ctx, Exchange& e) {
  const std::string& id = e.param("id");
  require(e.principal(), Action::read_archive, Scope{id, {}, {}});
  const auto items = ctx.archive->list(id);
  if (items.empty()) throw Error(ErrorCode::not_found, "bénéficiaire " + id);
  Poco::JSON::Array item_list;
  for (const auto& item : items) item_list.add(item_json(item));

  auto journal = ctx.archive->journal();
  auto entries = journal.for_beneficiary(id);
  const auto seals = journal.seals();
  const std::int64_t sealed_up_to = seals.empty() ? 0 : seals.back().last_seq;
  Poco::JSON::Array excerpt;
  const std::size_t first = entries.size() > kJournalExcerpt ? entries.size() - kJournalExcerpt : 0;
  for (std::size_t i = first; i < entries.size(); ++i) {
    const auto& entry = entries[i];
    Poco::JSON::Object o;
    o.set("seq", entry.seq);
    o.set("at", entry.at);
    o.set("action", entry.action);
    o.set("actor", entry.actor);
    o.set("role", entry.role);
    o.set("object_id", entry.object_id);
    o.set("object_hash", entry.object_hash);
    o.set("hash", entry.hash);
    o.set("sealed", entry.seq <= sealed_up_to);
    excerpt.add(o);
  }
  Poco::JSON::Object body;
  body.set("beneficiary", id);
  body.set("on_hold", ctx.archive->on_hold(id));
  body.set("items", item_list);
  body.set("journal", excerpt);
  body.set("journal_total", static_cast<std::int64_t>(entries.size()));
  e.send_json(200, body);
}

// A temporary file removed when the request ends, whatever happens.
struct TempFile {
  explicit TempFile(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(ErrorCode::io_error, dir.string() + ": " + ec.message());
    std::random_device random;
    path = dir / ("export-" + std::to_string(random()) + std::to_string(random()) + ".zip");
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove(path, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  fs::path path;
};

bool safe_file_name(const std::string& id) {
  if (id.empty() || id.size() > 100) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  }
  return true;
}

void export_beneficiary(ApiContext& ctx, Exchange& e) {
  const std::string& id = e.param("id");
  require(e.principal(), Action::export_archive, Scope{id, {}, {}});
  TempFile zip(ctx.data_dir / "tmp");
  storage::export_beneficiary(*ctx.archive, id, zip.path);  // Error(not_found) when nothing is archived
  std::ifstream in(zip.path, std::ios::binary);
  if (!in) throw Error(ErrorCode::io_error, zip.path.string());
  const auto size = fs::file_size(zip.path);
  auto& response = e.response();
  response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
  response.set("X-Request-Id", e.request_id());
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Cache-Control", "no-store");
  response.setContentType("application/zip");
  const std::string name = "preuves-" + (safe_file_name(id) ? id : std::string("beneficiaire")) + ".zip";
  response.set("Content-Disposition", "attachment; filename=\"" + name + "\"");
  response.setContentLength64(static_cast<Poco::UInt64>(size));
  std::ostream& out = response.send();
  char buffer[64 * 1024];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    out.write(buffer, in.gcount());
    if (!out) break;  // the client went away; nothing more to say
  }
}

void audit(AuditRunner& runner, Exchange& e) {
  require(e.principal(), Action::audit_archive);
  const auto outcome = runner.get();
  if (!outcome.done) {
    Poco::JSON::Object body;
    body.set("status", "running");
    body.set("started_at", outcome.started_at);
    e.response().set("Retry-After", "10");
    e.send_json(202, body);
    return;
  }
  auto report = Poco::JSON::Parser().parse(outcome.report_json).extract<Poco::JSON::Object::Ptr>();
  Poco::JSON::Object body;
  body.set("status", report->getValue<bool>("ok") ? "ok" : "findings");
  body.set("started_at", outcome.started_at);
  body.set("report", report);
  e.send_json(200, body);
}

}  // namespace

void register_archive_routes(ApiContext& context) {
  auto runner = std::make_shared<AuditRunner>(context.archive);
  context.router.add(
      {"GET", "/api/v1/archive/beneficiaries/{id}", [&](Exchange& e) { read_beneficiary(context, e); }});
  context.router.add({"GET", "/api/v1/archive/beneficiaries/{id}/export",
                      [&](Exchange& e) { export_beneficiary(context, e); }});
  context.router.add({"GET", "/api/v1/archive/audit", [runner](Exchange& e) { audit(*runner, e); }});
}

}  // namespace cesp::server
