// The HTTP face of the platform (Poco::Net::HTTPServer). Routes are matched by
// method and path pattern; every handler runs inside a catch-all that turns
// any failure into the JSON error {"error": {"code", "message"}} with the
// status from error_mapping.h, so a client always gets an answer.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cesp::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (tests)
  std::string data_dir = "data";
  // Metadata database; empty means the embedded default
  // "sqlite:<data_dir>/cesp.sqlite" (see cesp/storage/database.h for URIs).
  std::string database_uri;
  // Required-piece rules (JSON); empty means the copy of
  // samples/rules/required-pieces.json built into the binary.
  std::string rules_file;
  bool demo = false;  // seed one account per role (public credentials)
  // The `cesp` binary the OCR workers run (`cesp check --worker`); the
  // default is this very process's executable.
  std::string worker_executable = "/proc/self/exe";
  int ocr_workers = 2;
  // How often the archive journal is sealed by an RFC 3161 timestamp.
  std::chrono::milliseconds seal_interval{10 * 60 * 1000};
  int max_threads = 16;
  int max_queued = 256;
};

class HttpServer {
 public:
  // Opens the database (creating the data folder and applying migrations)
  // and prepares the routes; throws Error(unavailable) if the database cannot
  // be reached.
  explicit HttpServer(ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving; throws Error(unavailable) if the port is taken.
  void start();
  // Stops accepting, lets running requests finish (bounded wait).
  void stop();
  // The bound port (useful after starting on port 0).
  int port() const;
  std::string base_url() const;
  // Every (method, path pattern) served, e.g. ("GET", "/api/v1/me").
  std::vector<std::pair<std::string, std::string>> routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cesp::server
