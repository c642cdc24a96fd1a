// End-to-end: the built `cesp archive ...` and `cesp bench archive` commands.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <fstream>

#include "test_databases.h"

using cesp::storage::testing::TempDir;

namespace {

struct Run {
  int code = -1;
  std::string out;
};

Run run_cesp(const std::string& args) {
  Run r;
  const std::string command = std::string(CESP_EXE) + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) r.out.append(buffer, n);
  const int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

}  // namespace

TEST_CASE("cesp archive: add, list, seal, audit, export, verify-export, and tamper detection",
          "[storage][cli]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_DATABASE(db, backend);
  TempDir dir;
  const std::string loc = " --data-dir " + q(dir.path() / "data") + " --database '" + db.uri() + "'";
  const auto sample = std::filesystem::path(CESP_SOURCE_DIR) / "samples/pieces/pdf/rib_anais.pdf";

  auto r = run_cesp("archive add B-42 piece " + q(sample) + " --date 2026-01-15" + loc);
  INFO(r.out);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("archivé: élément 1") != std::string::npos);
  r = run_cesp("archive add B-42 piece " + q(sample) + loc);
  CHECK(r.out.find("déjà archivé: élément 1") != std::string::npos);
  CHECK(run_cesp("archive add B-42 photo " + q(sample) + loc).code == 4);

  r = run_cesp("archive list B-42 --json" + loc);
  CHECK(r.code == 0);
  CHECK(r.out.find("\"beneficiary\":\"B-42\"") != std::string::npos);
  CHECK(r.out.find("\"document_date\":\"2026-01-15\"") != std::string::npos);
  CHECK(run_cesp("archive list B-42" + loc).out.find("piece") != std::string::npos);

  r = run_cesp("archive seal" + loc);
  CHECK(r.out.find("sceau 1: entrées 1 à 1") != std::string::npos);
  r = run_cesp("archive audit --progress" + loc);
  CHECK(r.code == 0);
  CHECK(r.out.find("intègre") != std::string::npos);

  const auto zip = dir.path() / "b42.zip";
  CHECK(run_cesp("archive export B-42 --out " + q(zip) + loc).code == 0);
  r = run_cesp("archive verify-export " + q(zip) + " --trust " + q(dir.path() / "data/pki/root-ca.pem"));
  CHECK(r.code == 0);
  CHECK(r.out.find("paquet intègre") != std::string::npos);

  // Flip one byte of the stored blob: the audit exits 1 and names it.
  if (backend == "sqlite") {
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(dir.path() / "data/blobs/sha256")) {
      if (!entry.is_regular_file()) continue;
      std::filesystem::permissions(entry.path(), std::filesystem::perms::owner_write,
                                   std::filesystem::perm_options::add);
      std::fstream f(entry.path(), std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(20);
      f.put('#');
    }
    r = run_cesp("archive audit --json" + loc);
    CHECK(r.code == 1);
    CHECK(r.out.find("blob_corrupt") != std::string::npos);
  }
}

TEST_CASE("cesp archive import: a manifest with a progress bar, idempotent", "[storage][cli]") {
  TempDir dir;
  const auto samples = std::filesystem::path(CESP_SOURCE_DIR) / "samples/pieces/pdf";
  std::ofstream(dir.path() / "manifest.csv")
      << "beneficiary,kind,file,date\n"
      << "CNG-9,"
      << "piece," << (samples / "cni_anais.pdf").string() << ",2024-01-02\n"
      << "CNG-9,"
      << "piece," << (samples / "rib_anais.pdf").string() << ",2024-01-02\n";
  const std::string loc = " --data-dir " + q(dir.path() / "data");
  auto r = run_cesp("archive import " + q(dir.path() / "manifest.csv") + loc);
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(r.out.find("2 importées") != std::string::npos);
  CHECK(r.out.find("100%") != std::string::npos);
  r = run_cesp("archive import " + q(dir.path() / "manifest.csv") + " --no-progress" + loc);
  CHECK(r.out.find("0 importées, 2 déjà présentes") != std::string::npos);
}

TEST_CASE("cesp bench archive --json prints the four figures", "[storage][cli]") {
  TempDir dir;
  auto r = run_cesp("bench archive --json --records 2000 --audit-mb 32 --lookups 200 --dir " + q(dir.path()));
  INFO(r.out);
  CHECK(r.code == 0);
  for (const char* key :
       {"\"records\":2000", "\"audit_mb_per_s\":", "\"lookup_p50_ms\":", "\"lookup_p99_ms\":"}) {
    CHECK(r.out.find(key) != std::string::npos);
  }
}
