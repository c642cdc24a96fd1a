// The OCR engine itself (real Tesseract): orientation detection and reading
// a page, on the project's samples.
#include <catch2/catch.hpp>

#include "cesp/ingest/intake.h"
#include "cesp/ocr/ocr_engine.h"

#include "sample_truth.h"

using namespace cesp;
using namespace cesp::ocr;
using cesp::ocr::testing::pieces_dir;
using cesp::ocr::testing::read_text;

namespace {

OcrEngine& engine() {
  static OcrEngine instance;
  return instance;
}

ingest::PageImage page_of(const std::string& relative) {
  auto intake = ingest::decode_upload(read_text(pieces_dir() + relative));
  REQUIRE_FALSE(intake.rejection);
  REQUIRE(intake.pages.size() == 1);
  return intake.pages.front();
}

}  // namespace

TEST_CASE("orientation detection says how to turn a page of text upright", "[ocr][rotation]") {
  // Files turned clockwise by 180 and 270 degrees need 2 and 1 more quarter turns.
  CHECK(engine().upright_turns(page_of("rotated/rib_anais_180.png")) == 2);
  CHECK(engine().upright_turns(page_of("rotated/certificat_anais_270.png")) == 1);
  CHECK(engine().upright_turns(page_of("rotated/rib_remi_bad_iban_90.png")) == 3);
  CHECK(engine().upright_turns(page_of("clean/rib_anais.png")) == 0);
}

TEST_CASE("a page read with the detected turn gives its text", "[ocr][rotation]") {
  const auto page = page_of("rotated/rib_anais_180.png");
  const auto turns = engine().upright_turns(page);
  REQUIRE(turns);
  bool iban = false;
  for (const auto& line : engine().read_page(page, *turns))
    iban = iban || line.text.find("FR76 3000 6000 0112 3456 7890 189") != std::string::npos;
  CHECK(iban);
}

TEST_CASE("lines read apart but side by side make one row, in reading order", "[ocr][rows]") {
  // Labels in one column, values in another: Tesseract reads them as two
  // blocks, the labels' lines first, then the values'.
  bool holder = false, table = false;
  for (const auto& row : engine().read_page(page_of("regressions/rib_p0030_columns.png"))) {
    holder = holder || row.text == "Titulaire du compte\tMME CAMILLE GARNIER";
    table = table || row.text == "10278\t80086\t81733386147 27";
  }
  CHECK(holder);
  CHECK(table);
}
