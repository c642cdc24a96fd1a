// End-to-end: every template with its sample data, checked with independent
// tools (pdftotext, pdffonts, pdfinfo, pdftoppm, qpdf), and golden texts.
#include "cesp/templates/renderer.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <regex>
#include <sstream>
#include <thread>

#include "cesp/core/error.h"

#include "test_support.h"

using namespace cesp::templates;
using namespace cesp::templates::test;

namespace {

struct Expectation {
  const char* id;
  int pages;
  std::vector<std::string> fields;
};

const std::vector<Expectation> kTemplates = {
    {"contrat-cesp-medecine", 2, {"signature_agent", "signature_candidat"}},
    {"contrat-cesp-odontologie", 2, {"signature_agent", "signature_candidat"}},
    {"avenant-report-installation", 1, {"signature_agent", "signature_candidat"}},
    {"avenant-suspension", 1, {"signature_agent", "signature_candidat"}},
    {"avenant-coordonnees-bancaires", 1, {"signature_agent", "signature_candidat"}},
    {"notification-resiliation", 1, {"signature_agent"}},
    {"validation-installation-ars", 1, {"signature_agent", "signature_candidat"}},
};

constexpr std::time_t kCreated = 1795000000;  // fixed, so goldens and metadata are stable

const Renderer& renderer() {
  static const Renderer r;
  return r;
}

RenderedDocument render_sample(const std::string& id) {
  const Template t = resolve_template(id, source_path("samples/templates"));
  return renderer().render(t, sample_data(id), kCreated);
}

std::string pdftotext(const std::string& pdf_path) {
  const CommandResult r = run("pdftotext -enc UTF-8 '" + pdf_path + "' -");
  REQUIRE(r.exit_code == 0);
  return r.output;
}

}  // namespace

TEST_CASE("every template renders its sample data to the golden text", "[renderer][golden]") {
  TempDir dir;
  const bool update = std::getenv("CESP_UPDATE_GOLDEN") != nullptr;
  for (const Expectation& e : kTemplates) {
    INFO(e.id);
    const RenderedDocument doc = render_sample(e.id);
    const std::string pdf = dir.file(std::string(e.id) + ".pdf");
    write_file(pdf, doc.pdf);
    const std::string text = pdftotext(pdf);
    const std::string golden_path = source_path("tests/templates/golden/" + std::string(e.id) + ".txt");
    if (update) write_file(golden_path, text);
    CHECK(text == read_file(golden_path));
    CHECK(doc.page_count == e.pages);
    CHECK(doc.signature_fields == e.fields);
    CHECK(doc.template_id == e.id);
    CHECK(doc.template_sha256.size() == 64);
    CHECK(doc.content_sha256.size() == 64);
  }
}

TEST_CASE("French characters and formatting extract exactly", "[renderer]") {
  TempDir dir;
  const RenderedDocument doc = render_sample("contrat-cesp-medecine");
  write_file(dir.file("c.pdf"), doc.pdf);
  const std::string text = pdftotext(dir.file("c.pdf"));
  for (const char* expected : {"é", "è", "à", "ç", "œ", "«", "»", "€", "Vœuil-et-Giget", "22 novembre 2026",
                               "1er septembre 2026", "2026-2027", "36 mois", "Étudiant", "étudiante"}) {
    INFO(expected);
    CHECK(text.find(expected) != std::string::npos);
  }
  // poppler's text extraction turns every no-break space into a plain space
  // (TextOutputDev drops U+00A0 and U+202F as whitespace), so the amount
  // reads with spaces there; the exact code points are checked in the
  // ToUnicode maps below.
  CHECK(text.find("1 200,00 €") != std::string::npos);
  CHECK(text.find("« le signataire »") != std::string::npos);
}

TEST_CASE("no-break spaces map to U+00A0 and U+202F in the ToUnicode CMaps", "[renderer]") {
  TempDir dir;
  write_file(dir.file("c.pdf"), render_sample("contrat-cesp-medecine").pdf);
  REQUIRE(run("qpdf --qdf --object-streams=disable '" + dir.file("c.pdf") + "' '" + dir.file("q.pdf") + "'")
              .exit_code == 0);
  const std::string qdf = read_file(dir.file("q.pdf"));
  CHECK(std::regex_search(qdf, std::regex("<[0-9A-F]{4}> <00A0>")));
  CHECK(std::regex_search(qdf, std::regex("<[0-9A-F]{4}> <202F>")));
  CHECK(std::regex_search(qdf, std::regex("<[0-9A-F]{4}> <20AC>")));
  CHECK(std::regex_search(qdf, std::regex("<[0-9A-F]{4}> <0153>")));  // œ
}

TEST_CASE("fonts are embedded subsets with Identity-H and the PDF is sound", "[renderer]") {
  TempDir dir;
  for (const Expectation& e : kTemplates) {
    INFO(e.id);
    const std::string pdf = dir.file(std::string(e.id) + ".pdf");
    const RenderedDocument doc = render_sample(e.id);
    write_file(pdf, doc.pdf);

    const CommandResult fonts = run("pdffonts '" + pdf + "'");
    REQUIRE(fonts.exit_code == 0);
    int font_rows = 0;
    std::istringstream lines(fonts.output);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.find("CID TrueType") == std::string::npos) continue;
      ++font_rows;
      CHECK(std::regex_search(line, std::regex("^[A-Z]{6}\\+DejaVuSans")));
      CHECK(std::regex_search(line, std::regex("Identity-H +yes +yes +yes")));  // emb sub uni
    }
    CHECK(font_rows == 2);
    CHECK(fonts.output.find(" no ") == std::string::npos);

    const CommandResult check = run("qpdf --check '" + pdf + "' 2>&1");
    CHECK(check.exit_code == 0);
    CHECK(check.output.find("No syntax or stream encoding errors") != std::string::npos);

    // Poppler renders it without complaint (fonts programs are well formed).
    const CommandResult raster = run("pdftoppm -r 20 -png '" + pdf + "' '" + dir.file("img") + "' 2>&1");
    CHECK(raster.exit_code == 0);
    CHECK(raster.output.empty());

    const CommandResult info = run("pdfinfo '" + pdf + "'");
    CHECK(info.output.find("Pages:           " + std::to_string(e.pages) + "\n") != std::string::npos);
    CHECK(info.output.find("PDF version:     1.7") != std::string::npos);
    CHECK(info.output.find("A4") != std::string::npos);
    CHECK(info.output.find("Form:            AcroForm") != std::string::npos);
  }
}

TEST_CASE("classic xref table, PDF 1.7 header, no object streams", "[renderer]") {
  const std::string pdf = render_sample("contrat-cesp-medecine").pdf;
  CHECK(pdf.rfind("%PDF-1.7\n", 0) == 0);
  CHECK(pdf.find("\nxref\n") != std::string::npos);
  CHECK(pdf.find("trailer") != std::string::npos);
  CHECK(pdf.find("/XRef") == std::string::npos);
  CHECK(pdf.find("/ObjStm") == std::string::npos);
}

TEST_CASE("metadata records the title, reference and template hash", "[renderer]") {
  const RenderedDocument doc = render_sample("avenant-suspension");
  CHECK(doc.pdf.find("<cesp:templateSha256>" + doc.template_sha256 + "</cesp:templateSha256>") !=
        std::string::npos);
  CHECK(doc.pdf.find("<cesp:contentSha256>" + doc.content_sha256 + "</cesp:contentSha256>") !=
        std::string::npos);
  CHECK(doc.pdf.find("<cesp:reference>CESP-2026-000123-A2</cesp:reference>") != std::string::npos);
  CHECK(doc.pdf.find("<pdfaid:part>2</pdfaid:part>") != std::string::npos);
  CHECK(doc.pdf.find("Avenant : suspension du contrat</rdf:li>") != std::string::npos);
  CHECK(doc.pdf.find("/GTS_PDFA1") != std::string::npos);
  CHECK(doc.pdf.find("/DestOutputProfile") != std::string::npos);
  CHECK(doc.reference == "CESP-2026-000123-A2");
}

TEST_CASE("signature fields are empty /Sig widgets with their rectangles", "[renderer]") {
  TempDir dir;
  write_file(dir.file("c.pdf"), render_sample("contrat-cesp-medecine").pdf);
  const CommandResult json = run("qpdf --json --json-key=acroform '" + dir.file("c.pdf") + "'");
  REQUIRE(json.exit_code == 0);
  CHECK(json.output.find("\"fullname\": \"signature_agent\"") != std::string::npos);
  CHECK(json.output.find("\"fullname\": \"signature_candidat\"") != std::string::npos);
  CHECK(json.output.find("\"fieldtype\": \"/Sig\"") != std::string::npos);
  // Unsigned: no /V value yet.
  CHECK(std::regex_search(json.output, std::regex("\"value\": null")));
  const CommandResult sig = run("pdfsig '" + dir.file("c.pdf") + "' 2>&1");
  CHECK(sig.output.find("Signature Field Name: signature_agent\n  The signature form field is not signed.") !=
        std::string::npos);
  CHECK(sig.output.find(
            "Signature Field Name: signature_candidat\n  The signature form field is not signed.") !=
        std::string::npos);
}

TEST_CASE("the QR code holds the reference and the content hash", "[renderer]") {
  TempDir dir;
  const RenderedDocument doc = render_sample("contrat-cesp-medecine");
  write_file(dir.file("c.pdf"), doc.pdf);
  REQUIRE(
      run("pdftoppm -r 200 -f 1 -l 1 -png '" + dir.file("c.pdf") + "' '" + dir.file("p") + "'").exit_code ==
      0);
  // zbarimg (Debian zbar-tools) decodes the printed code independently.
  const CommandResult decoded = run("zbarimg -q --raw '" + dir.file("p-1.png") + "' 2>/dev/null");
  CHECK(decoded.output == "CESP;ref=CESP-2026-000123;sha256=" + doc.content_sha256 + "\n");

  std::string changed = sample_data("contrat-cesp-medecine");
  changed.replace(changed.find("Claire Anne"), 11, "Claire Anna");
  const Template t = resolve_template("contrat-cesp-medecine", source_path("samples/templates"));
  CHECK(renderer().render(t, changed, kCreated).content_sha256 != doc.content_sha256);
}

TEST_CASE("data the fonts cannot print is refused, not rendered as blanks", "[renderer]") {
  std::string data = sample_data("contrat-cesp-medecine");
  data.replace(data.find("Claire Anne"), 11,
               "Claire \xe6\x9d\x8e");  // a CJK ideograph, absent from DejaVu Sans
  const Template t = resolve_template("contrat-cesp-medecine", source_path("samples/templates"));
  try {
    renderer().render(t, data, kCreated);
    FAIL("expected an error");
  } catch (const cesp::Error& e) {
    CHECK(e.code() == cesp::ErrorCode::invalid_argument);
    CHECK(e.context().find("U+674E") != std::string::npos);
  }
}

TEST_CASE("rendering is deterministic and one Renderer serves several threads", "[renderer]") {
  const Template t = resolve_template("contrat-cesp-medecine", source_path("samples/templates"));
  const std::string data = sample_data("contrat-cesp-medecine");
  const std::string reference = renderer().render(t, data, kCreated).pdf;
  std::vector<std::thread> threads;
  std::atomic<int> different{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int k = 0; k < 10; ++k) {
        if (renderer().render(t, data, kCreated).pdf != reference) ++different;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(different == 0);
}
