// A small W3C WebDriver client driving Debian's headless Chromium through
// chromedriver, over HTTP with Poco: enough for the browser tests of the web
// UI (navigate, find, click, type, run a script, wait, screenshot), with no
// npm tooling. chromedriver listens on a port of its own choosing (--port=0),
// read from its first lines of output.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Process.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

namespace cesp::test::web {

// The chromedriver process; stops it (and the browsers it started) on destruction.
class ChromeDriver {
 public:
  // Starts /usr/bin/chromedriver; logs to <log_dir>/chromedriver.log.
  explicit ChromeDriver(const std::filesystem::path& log_dir);
  ~ChromeDriver();
  ChromeDriver(const ChromeDriver&) = delete;
  ChromeDriver& operator=(const ChromeDriver&) = delete;

  int port() const { return port_; }

 private:
  std::unique_ptr<Poco::ProcessHandle> process_;
  int port_ = 0;
};

struct Viewport {
  int width = 1280;
  int height = 900;
  bool phone = false;  // mobile emulation: touch, device pixel ratio 2, phone user agent
};

// One browser session (one headless Chromium with a fresh profile).
class Browser {
 public:
  Browser(ChromeDriver& driver, const Viewport& viewport, const std::filesystem::path& profile_dir,
          const std::filesystem::path& download_dir);
  ~Browser();
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  void go(const std::string& url);
  // The first element matching the CSS selector, waiting for it up to
  // `timeout`; throws std::runtime_error naming the selector otherwise.
  std::string find(const std::string& css, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  void click(const std::string& css);
  // Clears an input and types text into it (a path, for a file input).
  void type(const std::string& css, const std::string& text);
  // Runs a script (`return ...;`) with no arguments; returns its JSON value as text.
  std::string script(const std::string& body);
  // document.querySelector(css).innerText, or "" when absent.
  std::string text(const std::string& css);
  // Waits until the element's visible text contains `expected`; throws with
  // what the page showed instead after `timeout`.
  std::string wait_for_text(const std::string& css, const std::string& expected,
                            std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Saves a PNG of the viewport.
  void screenshot(const std::filesystem::path& png);

 private:
  Poco::JSON::Object::Ptr call(const std::string& method, const std::string& path,
                               const std::string& body = "");
  std::string element(const std::string& css);  // "" when not found

  ChromeDriver& driver_;
  std::string session_;
};

// Where the browser binaries are; empty when Chromium or chromedriver is missing.
std::string missing_browser_tools();

}  // namespace cesp::test::web
