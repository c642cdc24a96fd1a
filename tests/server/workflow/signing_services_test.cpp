// The embedded default end to end: a real server on port 0 serves its dev
// PKI's OCSP/CRL/CA under /pki, personal certificates point there, and a
// contract signed B-T twice then extended to B-LTA verifies TOTAL_PASSED with
// our verifier and with pdfsig.
#include "workflow/signing_services.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "cesp/core/error.h"
#include "cesp/signing/dev_endpoints.h"
#include "cesp/signing/pades.h"
#include "cesp/signing/verify.h"
#include "cesp/templates/renderer.h"
#include "cesp/templates/template.h"

#include "support/http_client.h"

using namespace cesp;
using namespace cesp::server;

namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string run(const std::string& command) {
  std::string out;
  if (FILE* pipe = ::popen((command + " 2>&1").c_str(), "r")) {
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    ::pclose(pipe);
  }
  return out;
}

std::vector<unsigned char> rendered_contract() {
  const std::string source = CESP_SOURCE_DIR;
  const templates::Renderer renderer;
  const auto tmpl = templates::Template::load(source + "/samples/templates/contrat-cesp-medecine.tmpl");
  const auto doc = renderer.render(tmpl, read_text(source + "/samples/data/contrat-cesp-medecine.json"));
  return {doc.pdf.begin(), doc.pdf.end()};
}

ServerOptions embedded_default(const std::string& name) {
  ServerOptions options;
  options.port = 0;
  options.data_dir = test::fresh_dir(name);
  options.worker_executable = CESP_EXE;
  options.ocr_workers = 1;
  return options;
}

}  // namespace

TEST_CASE("Embedded default: sign, countersign, extend to B-LTA; verify_pdf and pdfsig pass",
          "[signing-services]") {
  ServerOptions options = embedded_default("signing-services");
  HttpServer server(options);
  server.start();
  // The PKI was re-issued for the bound port: its URLs are the server's own.
  CHECK(read_text(std::filesystem::path(options.data_dir) / "pki/base_url.txt") ==
        server.base_url() + "/pki\n");
  options.public_url = server.base_url();
  auto services = open_signing_services(options);  // same data dir and URL: the server's services
  CHECK(services->pki_base_url == server.base_url() + "/pki");
  REQUIRE(services->dev_endpoints);

  // The server answers the PKI routes publicly.
  auto crl = test::http(server.port(), "GET", "/pki/crl/intermediate.crl");
  CHECK(crl.status == 200);
  CHECK(crl.headers["Content-Type"] == "application/pkix-crl");
  CHECK(test::http(server.port(), "GET", "/pki/ca/root.der").status == 200);
  CHECK(test::http(server.port(), "GET", "/pki/crl/nothing.crl").status == 404);

  signing::SignerKey candidate = services->signers->unlock(
      {"cand-1", "Anaïs LEFÈVRE-DUPRÉ", "candidat", "anais@test.example"}, "mot de passe candidat");
  signing::SignerKey agent =
      services->signers->unlock({"agent-1", "Alex AGENT", "gestionnaire CNG", ""}, "mot de passe agent");

  signing::SignOptions sign;
  sign.level = signing::PadesLevel::b_t;
  sign.tsa = services->tsa.get();
  sign.field_name = "signature_candidat";
  sign.reason = "Lu et approuvé";
  sign.certify = true;
  auto pdf = signing::sign_pdf(rendered_contract(), candidate, sign).pdf;
  sign.field_name = "signature_agent";
  sign.certify = false;
  pdf = signing::sign_pdf(pdf, agent, sign).pdf;

  // B-T verifies online, against the server's own OCSP responder.
  auto bt = signing::verify_pdf(pdf, services->verify_options());
  INFO(bt.to_text());
  CHECK(bt.indication == "TOTAL_PASSED");

  pdf = signing::extend_pdf(pdf, signing::PadesLevel::b_lta, services->tsa.get(), services->chain_pem_files);
  server.stop();  // from now on everything must come from the file itself

  auto report = signing::verify_pdf(pdf, services->verify_options());
  INFO(report.to_text());
  CHECK(report.indication == "TOTAL_PASSED");
  REQUIRE(report.signatures.size() == 3);
  CHECK(report.signatures[0].level == "B-LTA");
  CHECK(report.signatures[1].level == "B-LTA");
  CHECK(report.signatures[0].revocation_source.rfind("dss", 0) == 0);
  CHECK(report.signatures[2].kind == "document-timestamp");

  const auto file = std::filesystem::path(options.data_dir) / "contrat-signe.pdf";
  std::ofstream(file, std::ios::binary)
      .write(reinterpret_cast<const char*>(pdf.data()), static_cast<std::streamsize>(pdf.size()));
  const std::string out = run("pdfsig " + file.string());
  INFO(out);
  std::size_t valid = 0;
  for (auto at = out.find("Signature is Valid."); at != std::string::npos;
       at = out.find("Signature is Valid.", at + 1))
    ++valid;
  CHECK(valid == 2);  // both signatures; poppler does not verify document timestamps
  CHECK(out.find("Digest Mismatch") == std::string::npos);
  CHECK(out.find("Anaïs LEFÈVRE-DUPRÉ") != std::string::npos);
  CHECK(out.find("Alex AGENT") != std::string::npos);
  CHECK(out.find("Signature Field Name: DocumentTimestamp1") != std::string::npos);
}

TEST_CASE("A moved server re-issues the PKI and personal certificates for its new URL",
          "[signing-services]") {
  ServerOptions options = embedded_default("signing-moved");
  options.public_url = "http://127.0.0.1:1/";
  auto first = open_signing_services(options);
  CHECK(first->pki_base_url == "http://127.0.0.1:1/pki");
  auto old_cert = first->signers->unlock({"p", "Pat", "candidat", ""}, "pw").certificates_der();

  options.public_url = "https://cesp.example.fr";
  auto moved = open_signing_services(options);
  auto new_cert = moved->signers->unlock({"p", "Pat", "candidat", ""}, "pw").certificates_der();
  CHECK(new_cert[0] != old_cert[0]);  // personal certificate re-issued with the new URLs
  CHECK(new_cert[1] != old_cert[1]);  // intermediate re-issued too ...
  const std::string pem = *moved->signers->certificate_pem("p");
  std::ofstream(std::filesystem::path(options.data_dir) / "p.pem") << pem;
  const std::string text =
      run("openssl x509 -noout -text -in " + (std::filesystem::path(options.data_dir) / "p.pem").string());
  CHECK(text.find("https://cesp.example.fr/pki/ocsp") != std::string::npos);
  // ... with the same key: what the old intermediate signed still verifies with the new one.
  const auto pki = std::filesystem::path(options.data_dir) / "pki";
  const auto dir = std::filesystem::path(options.data_dir);
  std::ofstream(dir / "old.der", std::ios::binary)
      .write(reinterpret_cast<const char*>(old_cert[0].data()),
             static_cast<std::streamsize>(old_cert[0].size()));
  run("openssl x509 -inform DER -in " + (dir / "old.der").string() + " -out " + (dir / "old.pem").string());
  for (const char* name : {"p.pem", "old.pem"}) {
    INFO(name);
    CHECK(run("openssl verify -CAfile " + (pki / "root-ca.pem").string() + " -untrusted " +
              (pki / "intermediate-ca.pem").string() + " " + (dir / name).string())
              .find(": OK") != std::string::npos);
  }
}

TEST_CASE("An external TSA URL is used as given", "[signing-services]") {
  ServerOptions options = embedded_default("signing-external-tsa");
  options.public_url = "http://127.0.0.1:1";
  options.tsa_url = "ftp://not-a-tsa.example";
  CHECK_THROWS_AS(open_signing_services(options), cesp::Error);
}
