#include "cesp/storage/archive_import.h"

#include <catch2/catch.hpp>

#include <fstream>

#include "cesp/core/error.h"
#include "cesp/signing/dev_pki.h"
#include "cesp/signing/pades.h"
#include "cesp/signing/signer_key.h"

#include "test_archive.h"

using namespace cesp::storage;
using namespace cesp::storage::testing;

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A real PAdES B-B signature by the dev PKI's candidate over a sample PDF.
std::string signed_sample(const std::filesystem::path& pki_dir) {
  const auto pki = cesp::signing::create_dev_pki(pki_dir);
  const auto key = cesp::signing::SignerKey::load(
      pki.candidate_rsa.key_pem.string(), pki.candidate_rsa.cert_pem.string(), pki.chain_pem.string());
  const std::string pdf =
      read_file(std::filesystem::path(CESP_SOURCE_DIR) / "samples/pieces/pdf/cni_anais.pdf");
  cesp::signing::SignOptions options;
  const auto result =
      cesp::signing::sign_pdf(std::vector<unsigned char>(pdf.begin(), pdf.end()), key, options);
  return std::string(result.pdf.begin(), result.pdf.end());
}

}  // namespace

TEST_CASE("manifests: header in any order, quotes, BOM, and malformed lines", "[storage][import]") {
  auto rows = parse_manifest(
      "\xEF\xBB\xBF"
      "file,beneficiary,kind,date,stage\r\n\"a, b.pdf\",B-1,contract,2024-05-02,countersigned\r\n\n"
      "c.pdf,B-2,piece,,\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].file == "a, b.pdf");
  CHECK(rows[0].beneficiary == "B-1");
  CHECK(rows[0].stage == "countersigned");
  CHECK(rows[1].date.empty());
  CHECK_THROWS_AS(parse_manifest("beneficiary,kind,file\nB,piece,x\n"), cesp::Error);
  CHECK_THROWS_AS(parse_manifest("beneficiary,kind,file,date\n\"B,piece,x,2024-01-01\n"), cesp::Error);
  CHECK_THROWS_AS(parse_manifest("beneficiary,kind,file,date\nB,piece\n"), cesp::Error);
}

TEST_CASE("import verifies signatures, journals each record and is idempotent", "[storage][import]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_ARCHIVE(a, backend);
  const auto dir = a.blob_dir().parent_path() / "legacy";
  std::filesystem::create_directories(dir);
  const std::string signed_pdf =
      signed_sample(std::filesystem::path(CESP_BINARY_DIR) / "tests/storage/dev-pki");
  std::ofstream(dir / "contrat.pdf", std::ios::binary) << signed_pdf;
  std::string tampered = signed_pdf;
  tampered[tampered.size() / 3] ^= 0x01;  // inside the signed byte range
  std::ofstream(dir / "altered.pdf", std::ios::binary) << tampered;
  std::ofstream(dir / "cni.pdf", std::ios::binary)
      << read_file(std::filesystem::path(CESP_SOURCE_DIR) / "samples/pieces/pdf/cni_anais.pdf");
  std::ofstream(dir / "manifest.csv") << "beneficiary,kind,file,date,stage\n"
                                         "CNG-001,contract,contrat.pdf,2024-09-01,countersigned\n"
                                         "CNG-001,piece,cni.pdf,2024-08-15,\n"
                                         "CNG-002,contract,altered.pdf,2024-09-01,countersigned\n"
                                         "CNG-003,contract,missing.pdf,2024-09-01,\n"
                                         "CNG-004,photo,cni.pdf,2024-09-01,\n";
  const auto verifier = default_pdf_signature_verifier(test_trust_anchors());
  std::vector<std::int64_t> progress;
  auto summary = import_manifest(a.archive(), dir / "manifest.csv", {"import", "archiviste"}, verifier,
                                 [&](std::int64_t done, std::int64_t) { progress.push_back(done); });
  INFO(summary.to_text());
  CHECK(summary.rows == 5);
  CHECK(summary.imported == 2);
  CHECK(summary.failed == 3);
  CHECK(progress == std::vector<std::int64_t>{1, 2, 3, 4, 5});

  const auto items = a->list("CNG-001");
  REQUIRE(items.size() == 2);
  CHECK(items[0].document_date == "2024-09-01");
  // Verified on the way: digest and signature value checked (offline, so
  // revocation stays unknown and the indication is not TOTAL_FAILED).
  CHECK(items[0].details_json.find("\"signature_ok\":true") != std::string::npos);
  CHECK(items[0].details_json.find("TOTAL_FAILED") == std::string::npos);
  CHECK(items[1].details_json.find("NO_SIGNATURE_FOUND") != std::string::npos);
  CHECK(a->list("CNG-002").empty());  // the altered contract was refused
  const auto entries = a->journal().for_beneficiary("CNG-001");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].details.find("\"note\":\"import\"") != std::string::npos);
  CHECK(entries[0].actor == "import");

  summary = import_manifest(a.archive(), dir / "manifest.csv", {"import", "archiviste"}, verifier);
  CHECK(summary.imported == 0);
  CHECK(summary.already_present == 2);
  CHECK(a->journal().last_seq() == 2);  // nothing journaled twice
  CHECK(a->audit().ok());
}
