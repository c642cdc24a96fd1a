// A real server in-process on a free port, with the --demo accounts and
// campaign, in a fresh data folder.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "cesp/server/http_server.h"

#include "support/http_client.h"

namespace cesp::test {

struct DemoServer {
  explicit DemoServer(const std::string& name) : server(options(name)) { server.start(); }

  static server::ServerOptions options(const std::string& name) {
    server::ServerOptions o;
    o.port = 0;
    o.data_dir = fresh_dir(name);
    o.demo = true;
    o.worker_executable = CESP_EXE;
    o.ocr_workers = 1;
    return o;
  }

  int port() const { return server.port(); }

  // Opens a session; fails the test unless the login succeeds.
  std::string login(const std::string& who, const std::string& password) {
    auto r = http(port(), "POST", "/api/v1/session",
                  R"({"login": ")" + who + R"(", "password": ")" + password + R"("})");
    REQUIRE(r.status == 201);
    return r.json()->getValue<std::string>("token");
  }

  Reply get(const std::string& path, const std::string& token) {
    return http(port(), "GET", path, "", token);
  }

  server::HttpServer server;
};

}  // namespace cesp::test
