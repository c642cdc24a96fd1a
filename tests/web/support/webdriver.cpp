#include "support/webdriver.h"

#include <Poco/Base64Decoder.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/StreamCopier.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace cesp::test::web {
namespace {

constexpr const char* kChromium = "/usr/bin/chromium";
constexpr const char* kChromeDriver = "/usr/bin/chromedriver";
// W3C's key for an element reference in JSON.
constexpr const char* kElementKey = "element-6066-11e4-a52e-4f735466cecf";

std::string quoted(const std::string& text) {
  std::ostringstream out;
  Poco::JSON::Stringifier::formatString(text, out);
  return out.str();
}

}  // namespace

std::string missing_browser_tools() {
  std::string missing;
  if (!std::filesystem::exists(kChromium)) missing += std::string(kChromium) + " ";
  if (!std::filesystem::exists(kChromeDriver)) missing += std::string(kChromeDriver) + " ";
  return missing;
}

ChromeDriver::ChromeDriver(const std::filesystem::path& log_dir) {
  std::filesystem::create_directories(log_dir);
  Poco::Pipe out;
  // Chromium on Linux takes its interface language (file pickers, PDF
  // viewer) from the environment, not from --lang.
  Poco::Process::Env env = {{"LANGUAGE", "fr"}, {"LANG", "fr_FR.UTF-8"}};
  process_ = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch(
      kChromeDriver, {"--port=0", "--log-path=" + (log_dir / "chromedriver.log").string()}, std::string(),
      nullptr, &out, nullptr, env));
  Poco::PipeInputStream in(out);
  std::string line;
  const std::string marker = "started successfully on port ";
  while (std::getline(in, line)) {
    const auto at = line.find(marker);
    if (at != std::string::npos) {
      port_ = std::stoi(line.substr(at + marker.size()));
      break;
    }
  }
  if (port_ == 0) throw std::runtime_error("chromedriver did not start: " + line);
  // The pipe closes here; chromedriver writes its log to the file only.
}

ChromeDriver::~ChromeDriver() {
  try {
    Poco::Net::HTTPClientSession http("127.0.0.1", static_cast<Poco::UInt16>(port_));
    Poco::Net::HTTPRequest request("GET", "/shutdown", Poco::Net::HTTPMessage::HTTP_1_1);
    http.sendRequest(request);
    Poco::Net::HTTPResponse response;
    http.receiveResponse(response);
  } catch (...) {
    // Killed below anyway.
  }
  for (int i = 0; i < 50 && Poco::Process::isRunning(*process_); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  if (Poco::Process::isRunning(*process_)) Poco::Process::kill(*process_);
  try {
    process_->wait();
  } catch (...) {
  }
}

Browser::Browser(ChromeDriver& driver, const Viewport& viewport, const std::filesystem::path& profile_dir,
                 const std::filesystem::path& download_dir)
    : driver_(driver) {
  std::filesystem::remove_all(profile_dir);
  std::filesystem::create_directories(profile_dir);
  std::filesystem::create_directories(download_dir);
  std::string args = R"(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",)"
                     R"( "--disable-background-networking", "--disable-component-update", "--disable-sync",)"
                     R"( "--disable-dev-shm-usage", "--lang=fr-FR", "--user-data-dir=)" +
                     profile_dir.string() + "\"";
  std::string mobile;
  if (viewport.phone) {
    mobile =
        R"(, "mobileEmulation": {"deviceMetrics": {"width": )" + std::to_string(viewport.width) +
        R"(, "height": )" + std::to_string(viewport.height) +
        R"(, "pixelRatio": 2, "touch": true, "mobile": true}, "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 7) )"
        R"(AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36"})";
  } else {
    args +=
        ", \"--window-size=" + std::to_string(viewport.width) + "," + std::to_string(viewport.height) + "\"";
  }
  args += "]";
  const std::string capabilities =
      R"({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {"binary": ")" +
      std::string(kChromium) + R"(", "args": )" + args + R"(, "prefs": {"download.default_directory": )" +
      quoted(download_dir.string()) +
      R"(, "download.prompt_for_download": false, "intl.accept_languages": "fr-FR,fr"})" + mobile + "}}}}";
  auto reply = call("POST", "/session", capabilities);
  session_ = reply->getObject("value")->getValue<std::string>("sessionId");
  // Headless Chromium drops downloads unless told where to put them.
  call("POST", "/session/" + session_ + "/chromium/send_command",
       R"({"cmd": "Page.setDownloadBehavior", "params": {"behavior": "allow", "downloadPath": )" +
           quoted(download_dir.string()) + "}}");
}

Browser::~Browser() {
  try {
    if (!session_.empty()) call("DELETE", "/session/" + session_);
  } catch (...) {
  }
}

Poco::JSON::Object::Ptr Browser::call(const std::string& method, const std::string& path,
                                      const std::string& body) {
  Poco::Net::HTTPClientSession http("127.0.0.1", static_cast<Poco::UInt16>(driver_.port()));
  http.setTimeout(Poco::Timespan(120, 0));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  const std::string payload = method == "POST" && body.empty() ? "{}" : body;
  if (method == "POST") {
    request.setContentType("application/json; charset=utf-8");
    request.setContentLength(static_cast<std::streamsize>(payload.size()));
  }
  http.sendRequest(request) << (method == "POST" ? payload : "");
  Poco::Net::HTTPResponse response;
  std::string text;
  Poco::StreamCopier::copyToString(http.receiveResponse(response), text);
  auto parsed = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
  if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
    throw std::runtime_error("WebDriver " + method + " " + path + " -> " +
                             std::to_string(static_cast<int>(response.getStatus())) + ": " +
                             text.substr(0, 400));
  }
  return parsed;
}

void Browser::go(const std::string& url) {
  call("POST", "/session/" + session_ + "/url", R"({"url": )" + quoted(url) + "}");
}

std::string Browser::element(const std::string& css) {
  try {
    auto reply = call("POST", "/session/" + session_ + "/element",
                      R"({"using": "css selector", "value": )" + quoted(css) + "}");
    return reply->getObject("value")->getValue<std::string>(kElementKey);
  } catch (const std::runtime_error&) {
    return {};
  }
}

std::string Browser::find(const std::string& css, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::string id = element(css);
    if (!id.empty()) return id;
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("no element " + css);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void Browser::click(const std::string& css) {
  const std::string id = find(css);
  script("document.querySelector(" + quoted(css) + ").scrollIntoView({block: 'center'}); return true;");
  call("POST", "/session/" + session_ + "/element/" + id + "/click");
}

void Browser::type(const std::string& css, const std::string& text) {
  const std::string id = find(css);
  const std::string type = script("return document.querySelector(" + quoted(css) + ").type;");
  if (type != "\"file\"") call("POST", "/session/" + session_ + "/element/" + id + "/clear");
  call("POST", "/session/" + session_ + "/element/" + id + "/value", R"({"text": )" + quoted(text) + "}");
}

std::string Browser::script(const std::string& body) {
  auto reply = call("POST", "/session/" + session_ + "/execute/sync",
                    R"({"script": )" + quoted(body) + R"(, "args": []})");
  std::ostringstream out;
  reply->get("value").isEmpty() ? out << "null"
                                : (Poco::JSON::Stringifier::stringify(reply->get("value"), out), out);
  return out.str();
}

std::string Browser::text(const std::string& css) {
  auto reply =
      call("POST", "/session/" + session_ + "/execute/sync",
           R"({"script": "const n = document.querySelector(arguments[0]); return n ? n.innerText : '';", )"
           R"("args": [)" +
               quoted(css) + "]}");
  // No-break spaces (French typography) compare as spaces in the tests.
  std::string text = reply->getValue<std::string>("value");
  for (const std::string nbsp : {"\xC2\xA0", "\xE2\x80\xAF"}) {
    for (auto at = text.find(nbsp); at != std::string::npos; at = text.find(nbsp, at))
      text.replace(at, nbsp.size(), " ");
  }
  return text;
}

std::string Browser::wait_for_text(const std::string& css, const std::string& expected,
                                   std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string seen;
  for (;;) {
    seen = text(css);
    if (seen.find(expected) != std::string::npos) return seen;
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("waited for \"" + expected + "\" in " + css + ", the page shows: \"" +
                               seen.substr(0, 600) + "\"; errors: \"" + text("#erreurs") + "\"");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
}

void Browser::screenshot(const std::filesystem::path& png) {
  auto reply = call("GET", "/session/" + session_ + "/screenshot");
  std::istringstream encoded(reply->getValue<std::string>("value"));
  Poco::Base64Decoder decoder(encoded);
  std::ofstream out(png, std::ios::binary);
  Poco::StreamCopier::copyStream(decoder, out);
}

}  // namespace cesp::test::web
