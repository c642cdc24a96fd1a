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
  // Where archived documents live: "filesystem" (<data_dir>/blobs) or
  // "database" (the metadata database: what several servers on one
  // PostgreSQL need when they share no folder).
  std::string blob_backend = "filesystem";
  int max_threads = 16;
  int max_queued = 256;
  // RFC 3161 timestamp authority for signatures and journal seals; empty:
  // the built-in one (in process, on the dev PKI's TSA identity).
  std::string tsa_url;
  // PEM files trusted for that external TSA's tokens (its root), added to the
  // signature trust anchors and the archive's seal anchors.
  std::vector<std::string> tsa_trust_anchors;
  // The URL clients and signature verifiers reach this server at (e.g.
  // https://cesp.example.fr). With the embedded dev PKI, certificates point
  // their OCSP/CRL/CA-issuer URLs to <public_url>/pki, so it must stay stable.
  // Empty: http://<host>:<port> (with port 0, the port is chosen when the
  // server is constructed).
  std::string public_url;
  // HTTPS when tls_certificate_file is set (PEM chain, leaf first) with its
  // unencrypted PEM key; TLS 1.2 minimum. tls_client_ca_file, when set, makes
  // the server require client certificates issued by those CAs.
  std::string tls_certificate_file;
  std::string tls_private_key_file;
  std::string tls_client_ca_file;
  // Request log: one line per request, "json" (default) or "text"; appended
  // to log_file or, when empty, written to stderr.
  std::string log_format = "json";
  std::string log_file;
  // stop(): how long running requests may take to finish before their
  // connections are cut.
  std::chrono::milliseconds shutdown_grace{30 * 1000};
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
