#include "support/dev_services.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>

namespace cesp::test {
namespace {

namespace fs = std::filesystem;
using namespace Poco::Net;

class Handler : public HTTPRequestHandler {
 public:
  explicit Handler(DevServices& services) : services_(services) {}
  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    try {
      ++services_.requests;
      std::string body;
      Poco::StreamCopier::copyToString(request.stream(), body);
      auto reply = services_.endpoints->answer(request.getMethod(), request.getURI(),
                                               std::vector<unsigned char>(body.begin(), body.end()));
      if (!reply) {
        response.setStatus(HTTPResponse::HTTP_NOT_FOUND);
        response.send();
        return;
      }
      response.setContentType(reply->content_type);
      response.setContentLength(static_cast<std::streamsize>(reply->body.size()));
      response.send().write(reinterpret_cast<const char*>(reply->body.data()),
                            static_cast<std::streamsize>(reply->body.size()));
    } catch (...) {
      if (!response.sent()) {
        response.setStatus(HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
        response.send();
      }
    }
  }

 private:
  DevServices& services_;
};

class Factory : public HTTPRequestHandlerFactory {
 public:
  explicit Factory(DevServices& services) : services_(services) {}
  HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new Handler(services_);
  }

 private:
  DevServices& services_;
};

// The process's scratch directory, removed when the process exits (whether or
// not the HTTP services were started).
fs::path process_scratch() {
  static struct Scratch {
    fs::path dir = fs::temp_directory_path() / ("cesp-signing-tests-" + std::to_string(::getpid()));
    Scratch() {
      fs::remove_all(dir);
      fs::create_directories(dir);
    }
    ~Scratch() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } scratch;
  return scratch.dir;
}

struct Holder {
  fs::path scratch = process_scratch();
  DevServices services;
  std::unique_ptr<HTTPServer> server;
  ~Holder() {
    if (server) server->stopAll(true);
  }
};

}  // namespace

DevServices& dev_services() {
  static Holder holder;
  static std::once_flag once;
  std::call_once(once, [] {
    ServerSocket socket(SocketAddress("127.0.0.1", 0));
    auto* params = new HTTPServerParams;
    params->setMaxThreads(8);
    holder.services.base_url = "http://127.0.0.1:" + std::to_string(socket.address().port());
    holder.services.tsa_url = holder.services.base_url + "/tsa";
    signing::DevPkiOptions options;
    options.base_url = holder.services.base_url;
    options.key_cache_dir =
        std::filesystem::path(CESP_BINARY_DIR) / "tests" / "signing" / "dev-pki-key-cache";
    holder.services.pki = signing::create_dev_pki(process_scratch() / "pki", options);
    holder.services.tsa = std::make_shared<signing::TsaResponder>(
        holder.services.pki.tsa.key_pem, holder.services.pki.tsa.cert_pem, holder.services.pki.chain_pem);
    holder.services.endpoints =
        std::make_unique<signing::DevEndpoints>(holder.services.pki, holder.services.tsa);
    holder.server = std::make_unique<HTTPServer>(new Factory(holder.services), socket, params);
    holder.server->start();
  });
  return holder.services;
}

signing::DevPki other_pki(const std::string& name) {
  signing::DevPkiOptions options;
  options.key_cache_dir = fs::path(CESP_BINARY_DIR) / "tests" / "signing" / "other-pki-key-cache";
  return signing::create_dev_pki(scratch_dir(name), options);
}

fs::path scratch_dir(const std::string& name) {
  static std::atomic<int> counter{0};
  fs::path dir = process_scratch() / (name + "-" + std::to_string(++counter));
  fs::create_directories(dir);
  return dir;
}

std::vector<unsigned char> read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const fs::path& path, const std::vector<unsigned char>& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

int run_command(const std::string& command, std::string& output) {
  output.clear();
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
  int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace cesp::test
