// GET / and GET /app/{asset}: every page, style sheet and script of
// server/web/ is served from the binary with its Content-Type, a strict
// Content-Security-Policy and revalidation caching (ETag, 304).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/demo_server.h"

using cesp::test::http;

namespace {

const std::filesystem::path kWeb = std::filesystem::path(CESP_SOURCE_DIR) / "server/web";

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

cesp::test::Reply get(int port, const std::string& path, const std::string& if_none_match = "") {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  Poco::Net::HTTPRequest request("GET", path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!if_none_match.empty()) request.set("If-None-Match", if_none_match);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  cesp::test::Reply reply;
  Poco::StreamCopier::copyToString(session.receiveResponse(response), reply.body);
  reply.status = static_cast<int>(response.getStatus());
  for (const auto& [name, value] : response) reply.headers[name] = value;
  return reply;
}

}  // namespace

TEST_CASE("Every web asset is served from the binary, byte for byte", "[web-routes]") {
  cesp::test::DemoServer s("web-routes");
  int served = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kWeb)) {
    const std::string name = entry.path().filename().string();
    const std::string ext = entry.path().extension().string();
    if (ext != ".html" && ext != ".css" && ext != ".js") continue;
    INFO(name);
    auto reply = get(s.port(), "/app/" + name);
    REQUIRE(reply.status == 200);
    CHECK(reply.body == read_text(entry.path()));
    const std::string type = reply.headers["Content-Type"];
    if (ext == ".html") CHECK(type == "text/html; charset=utf-8");
    if (ext == ".css") CHECK(type == "text/css; charset=utf-8");
    if (ext == ".js") CHECK(type == "text/javascript; charset=utf-8");
    CHECK(reply.headers["X-Content-Type-Options"] == "nosniff");
    CHECK(reply.headers["Cache-Control"] == "no-cache");
    ++served;
  }
  CHECK(served >= 12);
  auto home = get(s.port(), "/");
  CHECK(home.status == 200);
  CHECK(home.body == read_text(kWeb / "index.html"));
}

TEST_CASE("Web pages carry a strict Content-Security-Policy and no inline code", "[web-routes]") {
  cesp::test::DemoServer s("web-csp");
  auto reply = get(s.port(), "/app/candidat.html");
  const std::string csp = reply.headers["Content-Security-Policy"];
  CHECK(csp.find("default-src 'none'") != std::string::npos);
  CHECK(csp.find("script-src 'self'") != std::string::npos);
  CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
  CHECK(csp.find("unsafe-inline") == std::string::npos);
  CHECK(csp.find("unsafe-eval") == std::string::npos);
  // Inline scripts, styles and event handlers would be blocked by that policy.
  for (const auto& entry : std::filesystem::directory_iterator(kWeb)) {
    if (entry.path().extension() != ".html") continue;
    INFO(entry.path().filename().string());
    const std::string page = read_text(entry.path());
    CHECK_FALSE(std::regex_search(page, std::regex(R"(<script(?![^>]*\bsrc=))")));
    CHECK_FALSE(std::regex_search(page, std::regex(R"(<style|\sstyle=|\son[a-z]+=)")));
    CHECK(page.find("<html lang=\"fr\">") != std::string::npos);
    CHECK(page.find("name=\"viewport\"") != std::string::npos);
  }
}

TEST_CASE("A browser revalidates web assets with their ETag", "[web-routes]") {
  cesp::test::DemoServer s("web-etag");
  auto first = get(s.port(), "/app/app.js");
  const std::string etag = first.headers["ETag"];
  REQUIRE(etag.size() > 10);
  auto again = get(s.port(), "/app/app.js", etag);
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  CHECK(get(s.port(), "/app/app.js", "\"stale\"").status == 200);
  CHECK(get(s.port(), "/app/style.css").headers["ETag"] != etag);
}

TEST_CASE("Unknown web paths are 404 JSON errors, never files from disk", "[web-routes]") {
  cesp::test::DemoServer s("web-404");
  for (const std::string path :
       {"/app/nope.html", "/app/..%2Fopenapi.json", "/app/%2e%2e", "/app/web_assets.cmake"}) {
    INFO(path);
    auto reply = get(s.port(), path);
    CHECK(reply.status == 404);
    CHECK(reply.error_code() == "not_found");
  }
  CHECK(get(s.port(), "/app/sub/app.js").status == 404);
}
