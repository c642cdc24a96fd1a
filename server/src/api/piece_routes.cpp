// POST /api/v1/candidates/{id}/pieces (multipart: kind + one or more file)
// GET  /api/v1/candidates/{id}/pieces (history)
//
// The upload is streamed to disk, checked by the isolated OCR workers (a
// hostile file can crash or hang a worker, never the server), archived as
// uploaded with its verdict, and recorded; a refused or doubtful piece can be
// replaced by uploading again, an accepted one cannot.
#include <Poco/JSON/Parser.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"
#include "cesp/ingest/file_type.h"
#include "cesp/ocr/isolated_checker.h"
#include "cesp/storage/archive.h"

#include "api/api_context.h"
#include "http/exchange.h"
#include "http/multipart_upload.h"
#include "workflow/today.h"

namespace cesp::server {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string media_type_of(const std::string& bytes) {
  switch (ingest::detect_file_type(std::string_view(bytes).substr(0, 64))) {
    case ingest::FileType::pdf: return "application/pdf";
    case ingest::FileType::jpeg: return "image/jpeg";
    case ingest::FileType::png: return "image/png";
    case ingest::FileType::tiff: return "image/tiff";
    case ingest::FileType::webp: return "image/webp";
    case ingest::FileType::heic: return "image/heic";
    default: return "application/octet-stream";
  }
}

PieceState state_of(const std::string& verdict) {
  if (verdict == "accepted") return PieceState::accepted;
  if (verdict == "rejected") return PieceState::rejected;
  return PieceState::review;
}

std::string utc_now_iso() {
  const auto now = std::chrono::system_clock::now();
  const long seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const Date day = Date::from_days_since_epoch(seconds / 86400);
  char time[16];
  std::snprintf(time, sizeof time, "T%02ld:%02ld:%02ldZ", (seconds / 3600) % 24, (seconds / 60) % 60,
                seconds % 60);
  return day.iso() + time;
}

Poco::JSON::Object piece_json(const PieceRecord& p) {
  Poco::JSON::Object out;
  out.set("id", p.id);
  out.set("kind", std::string(to_string(p.kind)));
  out.set("state", std::string(to_string(p.state)));
  out.set("uploaded_at", p.uploaded_at);
  out.set("filenames", p.filenames);
  out.set("verdict", Poco::JSON::Parser().parse(p.verdict_json).extract<Poco::JSON::Object::Ptr>());
  return out;
}

StoredCandidate candidate_in_scope(ApiContext& ctx, Exchange& e, Action action) {
  auto stored = ctx.campaigns->candidate(e.param("id"));
  const Scope scope = stored ? Scope{stored->candidate.id, stored->candidate.ufr, stored->candidate.region}
                             : Scope{"?", "?", "?"};
  require(e.principal(), action, scope);
  if (!stored) throw Error(ErrorCode::not_found, "candidat");
  return *stored;
}

void upload_piece(ApiContext& ctx, Exchange& e) {
  const StoredCandidate stored = candidate_in_scope(ctx, e, Action::upload_piece);
  Upload upload(e, ctx.data_dir / "tmp");
  const PieceKind kind = parse_piece_kind(upload.field("kind"));
  std::vector<const UploadedFile*> files;
  for (const auto& f : upload.files()) {
    if (f.field == "file" && f.size > 0) files.push_back(&f);
  }
  if (files.empty()) throw Error(ErrorCode::missing_field, "file");

  const Dossier dossier(*ctx.rules, stored.candidate);
  const PieceRequirement* requirement = nullptr;
  for (const auto& r : dossier.profile().pieces) {
    if (r.kind == kind) requirement = &r;
  }
  if (!requirement)
    throw Error(ErrorCode::invalid_argument, "pièce non requise: " + std::string(to_string(kind)));
  auto current = ctx.pieces->current(stored.candidate.id);
  if (auto it = current.find(kind); it != current.end() && it->second.state == PieceState::accepted) {
    throw Error(ErrorCode::invalid_transition, "Cette pièce a déjà été acceptée.",
                "This piece was already accepted.");
  }

  Sha256Hasher hasher;
  std::vector<std::string> contents;
  std::string names;
  for (const auto* f : files) {
    contents.push_back(read_file(f->path));
    hasher.update(contents.back());
    names += (names.empty() ? "" : ", ") + f->filename;
  }
  const std::string sha = to_hex(hasher.finish());
  std::uint64_t uploaded_bytes = 0;
  for (const auto& content : contents) uploaded_bytes += content.size();
  ctx.metrics.count_upload(uploaded_bytes);

  std::string verdict_json;
  if (auto earlier = ctx.pieces->find_same_content(stored.candidate.id, sha)) {
    ocr::Verdict duplicate;
    duplicate.file = files.front()->filename;
    duplicate.kind = std::string(to_string(kind));
    duplicate.reject("duplicate",
                     "Ce fichier a déjà été déposé le " + earlier->uploaded_at.substr(0, 10) + ".");
    verdict_json = ocr::to_json(duplicate);
  } else {
    ocr::CheckRequest request;
    for (const auto* f : files) request.files.push_back(f->path.string());
    request.kind = std::string(to_string(kind));
    request.candidate = stored.candidate;
    request.today = today_in_france();
    request.campaign_year = ctx.campaigns->find(stored.campaign_id)->year;
    request.checks = requirement->checks;
    const auto check_started = std::chrono::steady_clock::now();
    ocr::Verdict verdict = [&] {
      auto in_queue = ctx.metrics.track_check();  // the OCR queue depth gauge
      return ctx.checker->check(request);
    }();
    verdict.file = files.front()->filename;
    verdict_json = ocr::to_json(verdict);
    ctx.metrics.observe_check(
        verdict.verdict,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - check_started).count());
  }
  const std::string verdict = Poco::JSON::Parser()
                                  .parse(verdict_json)
                                  .extract<Poco::JSON::Object::Ptr>()
                                  ->getValue<std::string>("verdict");

  const storage::Actor actor{e.principal().account_id, std::string(to_string(e.principal().role))};
  for (std::size_t i = 0; i < files.size(); ++i) {
    storage::NewItem item;
    item.beneficiary = stored.candidate.id;
    item.kind = storage::ItemKind::piece;
    item.content = contents[i];
    item.stage = std::string(to_string(kind));
    item.label = files[i]->filename;
    item.media_type = media_type_of(contents[i]);
    item.details_json = verdict_json;
    ctx.archive->add(item, actor);
  }

  PieceRecord record;
  record.candidate_id = stored.candidate.id;
  record.kind = kind;
  record.state = state_of(verdict);
  record.verdict_json = verdict_json;
  record.content_sha256 = sha;
  record.filenames = names;
  record.uploaded_at = utc_now_iso();
  record.uploaded_by = e.principal().account_id;
  record.id = ctx.pieces->add(record);
  e.send_json(201, piece_json(record));
}

void list_pieces(ApiContext& ctx, Exchange& e) {
  const StoredCandidate stored = candidate_in_scope(ctx, e, Action::read_dossier);
  Poco::JSON::Array out;
  for (const auto& p : ctx.pieces->history(stored.candidate.id)) out.add(piece_json(p));
  e.send_json(200, out);
}

}  // namespace

void register_piece_routes(ApiContext& context) {
  context.router.add(
      {"POST", "/api/v1/candidates/{id}/pieces", [&](Exchange& e) { upload_piece(context, e); }});
  context.router.add(
      {"GET", "/api/v1/candidates/{id}/pieces", [&](Exchange& e) { list_pieces(context, e); }});
}

}  // namespace cesp::server
