#include "cesp/storage/archive_export.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"
#include "cesp/storage/journal.h"

#include "../../storage/src/zip_io.h"
#include "test_archive.h"

using namespace cesp::storage;
using namespace cesp::storage::testing;

namespace {

bool has_finding(const ExportVerification& report, const std::string& kind) {
  for (const auto& f : report.findings) {
    if (f.kind == kind) return true;
  }
  return false;
}

// Rewrites a package with one file changed and, when `relist`, with a
// manifest that matches the change (an attacker who also fixes the manifest).
void tamper(const std::filesystem::path& zip, const std::string& path,
            const std::function<void(std::string&)>& change, bool relist) {
  auto files = read_zip(zip);
  REQUIRE(files.contains(path));
  const std::string before = cesp::sha256_hex(files[path]);
  change(files[path]);
  if (relist) {
    const std::string after = cesp::sha256_hex(files[path]);
    for (const char* listing : {"manifest.json", "SHA256SUMS"}) {
      auto& text = files[listing];
      text.replace(text.find(before), before.size(), after);
    }
  }
  write_zip(zip, files);
}

std::filesystem::path exported(TestArchive& a, const std::string& name) {
  a->add(sample_item("B-7", ItemKind::piece, "cni"), kTestActor);
  a->add(sample_item("B-8", ItemKind::piece, "someone else"), kTestActor);
  a->add(sample_item("B-7", ItemKind::contract, "contrat", "countersigned"), kTestActor);
  REQUIRE(a->seal());
  a->add(sample_item("B-7", ItemKind::avenant, "avenant"), kTestActor);  // after the seal: unsealed
  const auto out = a.blob_dir().parent_path() / (name + ".zip");
  const auto summary = export_beneficiary(a.archive(), "B-7", out);
  CHECK(summary.items == 3);
  CHECK(summary.journal_entries == 3);
  CHECK(summary.sealed_entries == 2);
  return out;
}

}  // namespace

TEST_CASE("an export verifies offline, with trust anchors and with independent tools", "[storage][export]") {
  const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");
  CESP_TEST_ARCHIVE(a, backend);
  const auto zip = exported(a, "evidence-" + backend);
  auto report = verify_export(zip, test_trust_anchors());
  INFO(report.to_text());
  CHECK(report.ok());
  CHECK(report.beneficiary == "B-7");
  CHECK(report.items == 3);
  CHECK(report.sealed_entries == 2);
  CHECK(report.seals_verified == 1);
  CHECK(report.notes.size() == 1);  // one unsealed entry

  // Without --trust: the shipped anchor is used, and a note says so.
  CHECK(verify_export(zip, {}).ok());
  CHECK(verify_export(zip, {}).notes.size() == 2);

  // Independent cross-checks: sha256sum and openssl ts on the extracted files.
  const auto dir = a.blob_dir().parent_path() / ("x-" + backend);
  std::filesystem::create_directories(dir);
  for (const auto& [path, bytes] : read_zip(zip)) {
    std::filesystem::create_directories((dir / path).parent_path());
    std::ofstream(dir / path, std::ios::binary) << bytes;
  }
  CHECK(std::system(("cd '" + dir.string() + "' && sha256sum --quiet -c SHA256SUMS").c_str()) == 0);
  const auto seal = a->seals().front();
  const std::string ts = "openssl ts -verify -digest " + seal.hash + " -token_in -in '" +
                         (dir / "journal/seals/1.tsr").string() + "' -CAfile '" + test_trust_anchors()[0] +
                         "' > /dev/null 2>&1";
  CHECK(std::system(ts.c_str()) == 0);
  const std::string wrong = "openssl ts -verify -digest " + std::string(64, 'a') + " -token_in -in '" +
                            (dir / "journal/seals/1.tsr").string() + "' -CAfile '" + test_trust_anchors()[0] +
                            "' > /dev/null 2>&1";
  CHECK(std::system(wrong.c_str()) != 0);
}

TEST_CASE("verify-export finds every kind of tampering", "[storage][export]") {
  CESP_TEST_ARCHIVE(a, "sqlite");
  const auto zip = exported(a, "evidence");
  const auto copy = [&](const std::string& name) {
    const auto p = zip.parent_path() / name;
    std::filesystem::copy_file(zip, p, std::filesystem::copy_options::overwrite_existing);
    return p;
  };

  auto doc = copy("doc.zip");
  tamper(
      doc, "documents/1-piece.pdf", [](std::string& s) { s[10] ^= 1; }, false);
  CHECK(has_finding(verify_export(doc, test_trust_anchors()), "file_hash_mismatch"));

  auto doc_relisted = copy("doc2.zip");
  tamper(
      doc_relisted, "documents/1-piece.pdf", [](std::string& s) { s[10] ^= 1; }, true);
  CHECK(
      has_finding(verify_export(doc_relisted, test_trust_anchors()), "file_hash_mismatch"));  // vs items.json

  auto items = copy("items.zip");
  tamper(
      items, "items.json", [](std::string& s) { s.replace(s.find("countersigned"), 13, "countersignee"); },
      true);
  CHECK(has_finding(verify_export(items, test_trust_anchors()), "item_record_altered"));

  auto journal = copy("journal.zip");
  tamper(
      journal, "journal/entries.json", [](std::string& s) { s.replace(s.find("agent-1"), 7, "agent-2"); },
      true);
  CHECK(has_finding(verify_export(journal, test_trust_anchors()), "journal_entry_altered"));

  auto token = copy("token.zip");
  tamper(
      token, "journal/seals/1.tsr", [](std::string& s) { s[s.size() / 2] ^= 1; }, true);
  CHECK(has_finding(verify_export(token, test_trust_anchors()), "seal_token_invalid"));

  // A foreign trust anchor: the timestamps do not chain to it.
  const auto foreign = a.blob_dir().parent_path() / "foreign.pem";
  REQUIRE(
      std::system(
          ("openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=foreign -days 2 -keyout /dev/null -out '" +
           foreign.string() + "' > /dev/null 2>&1")
              .c_str()) == 0);
  CHECK(has_finding(verify_export(zip, {foreign.string()}), "seal_token_invalid"));

  const auto garbage = zip.parent_path() / "garbage.zip";
  std::ofstream(garbage) << "not a zip";
  CHECK(has_finding(verify_export(garbage, {}), "package_malformed"));
  CHECK_THROWS_AS(verify_export(zip.parent_path() / "absent.zip", {}), cesp::Error);
}

TEST_CASE("exporting an unknown beneficiary is refused", "[storage][export]") {
  CESP_TEST_ARCHIVE(a, "sqlite");
  CHECK_THROWS_AS(export_beneficiary(a.archive(), "nobody", a.blob_dir().parent_path() / "x.zip"),
                  cesp::Error);
}
