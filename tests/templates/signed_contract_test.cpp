// A rendered contract goes through signing/ as the platform uses it: the
// candidate, then the agent, fill the two empty fields by name in two
// incremental revisions; pdfsig must accept both signatures.
#include <catch2/catch.hpp>

#include <regex>

#include "cesp/signing/dev_pki.h"
#include "cesp/signing/pades.h"
#include "cesp/signing/signer_key.h"
#include "cesp/templates/renderer.h"

#include "test_support.h"

using namespace cesp::templates;
using namespace cesp::templates::test;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("a rendered contract signed twice keeps both signatures valid (pdfsig)", "[renderer][signing]") {
  TempDir dir;
  const auto pki = cesp::signing::create_dev_pki(dir.file("pki"));
  const auto candidate = cesp::signing::SignerKey::load(
      pki.candidate_rsa.key_pem.string(), pki.candidate_rsa.cert_pem.string(), pki.chain_pem.string());
  const auto agent = cesp::signing::SignerKey::load(pki.agent_rsa.key_pem.string(),
                                                    pki.agent_rsa.cert_pem.string(), pki.chain_pem.string());

  const Renderer renderer;
  const Template t = resolve_template("contrat-cesp-medecine", source_path("samples/templates"));
  const RenderedDocument doc = renderer.render(t, sample_data("contrat-cesp-medecine"), 1795000000);
  const std::vector<unsigned char> original(doc.pdf.begin(), doc.pdf.end());

  cesp::signing::SignOptions first;
  first.field_name = "signature_candidat";
  first.reason = "Lu et approuvé";
  first.location = "Lyon";
  const auto once = cesp::signing::sign_pdf(original, candidate, first);
  CHECK_FALSE(once.normalized);  // classic xref: no rewrite was needed
  CHECK(once.field_name == "signature_candidat");

  cesp::signing::SignOptions second;
  second.field_name = "signature_agent";
  second.reason = "Lu et approuvé";
  second.location = "Paris";
  const auto twice = cesp::signing::sign_pdf(once.pdf, agent, second);
  CHECK(twice.field_name == "signature_agent");

  // Incremental revisions: earlier bytes are untouched.
  REQUIRE(once.pdf.size() > original.size());
  REQUIRE(twice.pdf.size() > once.pdf.size());
  CHECK(std::equal(original.begin(), original.end(), once.pdf.begin()));
  CHECK(std::equal(once.pdf.begin(), once.pdf.end(), twice.pdf.begin()));

  write_file(dir.file("signed.pdf"), std::string(twice.pdf.begin(), twice.pdf.end()));
  const CommandResult sig = run("pdfsig '" + dir.file("signed.pdf") + "' 2>&1");
  INFO(sig.output);
  CHECK(count(sig.output, "Signature Validation: Signature is Valid.") == 2);
  CHECK(sig.output.find("Signature Field Name: signature_candidat") != std::string::npos);
  CHECK(sig.output.find("Signature Field Name: signature_agent") != std::string::npos);
  CHECK(count(sig.output, "Signed Ranges:") == 2);
  CHECK(sig.output.find("Total document signed") != std::string::npos);
  CHECK(sig.output.find("not signed") == std::string::npos);

  CHECK(run("qpdf --check '" + dir.file("signed.pdf") + "'").exit_code == 0);
  // The signed document still reads as the golden text.
  const CommandResult text = run("pdftotext -enc UTF-8 '" + dir.file("signed.pdf") + "' -");
  CHECK(text.output == read_file(source_path("tests/templates/golden/contrat-cesp-medecine.txt")));
}
