// Test support: one dev PKI per test process, served over HTTP on an
// ephemeral port (POST /tsa, POST /ocsp, GET /crl/<ca>.crl, GET /ca/<ca>.der)
// so that B-T and B-LT go through real libcurl requests. Created on first use.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cesp/signing/dev_endpoints.h"
#include "cesp/signing/dev_pki.h"
#include "cesp/signing/tsa_responder.h"

namespace cesp::test {

struct DevServices {
  signing::DevPki pki;
  std::string base_url;  // http://127.0.0.1:PORT
  std::string tsa_url;   // base_url + "/tsa"
  std::shared_ptr<signing::TsaResponder> tsa;
  std::unique_ptr<signing::DevEndpoints> endpoints;
  std::atomic<int> requests{0};
};

// The process-wide PKI and HTTP services (thread-safe lazy initialisation).
DevServices& dev_services();

// A second, unrelated dev PKI (its own keys, cached across runs like the main one).
signing::DevPki other_pki(const std::string& name);

// A fresh, empty directory under the process's scratch directory.
std::filesystem::path scratch_dir(const std::string& name);

std::vector<unsigned char> read_bytes(const std::filesystem::path& path);
void write_bytes(const std::filesystem::path& path, const std::vector<unsigned char>& data);

// Runs a shell command, returns its exit status; stdout+stderr go to output.
int run_command(const std::string& command, std::string& output);

}  // namespace cesp::test
