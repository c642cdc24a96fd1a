// The web UI: GET / (the login page) and GET /app/{asset} (pages, style and
// scripts of server/web/, compiled into the binary by server/web/web_assets.cmake).
// Public: the pages hold no data; everything they show comes from the API
// with the caller's bearer token.
//
// Every asset is answered with its exact Content-Type, a strong ETag (a
// conditional GET gets 304) and `Cache-Control: no-cache`, so a browser keeps
// its copy but revalidates it: a new binary is seen at once. The
// Content-Security-Policy allows only our own scripts and styles (no inline
// code), API calls to this origin, and the contract PDF shown from a blob: URL.
#include <map>
#include <string>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"

#include "api/api_context.h"
#include "embedded/web_assets.h"
#include "http/exchange.h"

namespace cesp::server {
namespace {

constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; frame-src blob:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

struct ServedAsset {
  std::string_view bytes;
  std::string content_type;
  std::string etag;
};

std::string content_type_for(std::string_view name) {
  const auto dot = name.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "js") return "text/javascript; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  throw Error(ErrorCode::internal, "type de fichier web inconnu: " + std::string(name));
}

std::map<std::string, ServedAsset, std::less<>> build_table() {
  std::map<std::string, ServedAsset, std::less<>> table;
  for (const auto& asset : embedded::web_assets()) {
    const std::string_view bytes = asset.content();
    table[std::string(asset.name)] = {bytes, content_type_for(asset.name),
                                      "\"" + sha256_hex(bytes).substr(0, 32) + "\""};
  }
  return table;
}

void serve(Exchange& e, const ServedAsset& asset) {
  auto& response = e.response();
  response.set("X-Request-Id", e.request_id());
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("Content-Security-Policy", kContentSecurityPolicy);
  response.set("X-Frame-Options", "DENY");
  response.set("Cross-Origin-Opener-Policy", "same-origin");
  response.set("Permissions-Policy", "geolocation=(), microphone=(), payment=()");
  response.set("Cache-Control", "no-cache");
  response.set("ETag", asset.etag);
  if (e.request().get("If-None-Match", "") == asset.etag) {
    response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_MODIFIED);
    response.setContentLength(0);
    response.send();
    return;
  }
  response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
  response.setContentType(asset.content_type);
  response.setContentLength(static_cast<std::streamsize>(asset.bytes.size()));
  response.send().write(asset.bytes.data(), static_cast<std::streamsize>(asset.bytes.size()));
}

}  // namespace

void register_web_routes(ApiContext& context) {
  static const auto table = build_table();
  context.router.add({"GET", "/", [](Exchange& e) { serve(e, table.at("index.html")); }, true});
  context.router.add({"GET", "/app/{asset}",
                      [](Exchange& e) {
                        auto it = table.find(e.param("asset"));
                        if (it == table.end()) throw Error(ErrorCode::not_found, "page " + e.param("asset"));
                        serve(e, it->second);
                      },
                      true});
}

}  // namespace cesp::server
