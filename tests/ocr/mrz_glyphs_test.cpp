// The OCR-B template reader on the project's synthetic cards (no Tesseract).
#include "cesp/ocr/mrz_glyphs.h"

#include <catch2/catch.hpp>

#include <algorithm>

#include "cesp/ingest/intake.h"
#include "cesp/ocr/mrz.h"

#include "sample_truth.h"

using namespace cesp;
using namespace cesp::ocr;

namespace {

// The bottom part of a sample's first page, where the MRZ is.
ingest::PageImage bottom_of(const std::string& sample, int percent) {
  auto intake =
      ingest::decode_upload(testing::read_text(testing::pieces_dir() + sample), ingest::IntakeLimits{});
  REQUIRE_FALSE(intake.rejection);
  REQUIRE(intake.pages.size() == 1);
  const auto& page = intake.pages.front();
  ingest::PageImage band;
  band.width = page.width;
  const int top = page.height * (100 - percent) / 100;
  band.height = page.height - top;
  band.gray.assign(page.gray.begin() + static_cast<long>(top) * page.width, page.gray.end());
  return band;
}

std::vector<std::string> texts_of(const std::vector<GlyphReading>& readings) {
  std::vector<std::string> out;
  for (const auto& r : readings) out.push_back(r.text);
  return out;
}

}  // namespace

TEST_CASE("OCR-B lines of a clean card and passport are read glyph by glyph", "[mrz_glyphs]") {
  const std::vector<std::string> card = {"IDFRAX4RTBPFW46<<<<<<<<<<<<<<<", "0103141F3103131FRA<<<<<<<<<<<0",
                                         "LEFEVRE<DUPRE<<ANAIS<MARIE<<<<"};
  auto lines = texts_of(read_ocrb_lines(bottom_of("clean/cni_anais.png", 45)));
  INFO(Catch::Detail::stringify(lines));
  // Digit-only positions may come out as their look-alike letter ('0'/'O'):
  // parse_mrz corrects those by field; the alphanumeric document number
  // must be exact.
  REQUIRE(lines.size() >= 3);
  const auto first =
      std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("IDFRA", 0) == 0; });
  REQUIRE(first != lines.end());
  CHECK(*first == card[0]);
  const auto parsed = parse_mrz(lines);
  REQUIRE(parsed);
  CHECK(parsed->all_checks_ok());
  CHECK(parsed->lines == card);

  lines = texts_of(read_ocrb_lines(bottom_of("clean/passport_zoe.png", 25)));
  INFO(Catch::Detail::stringify(lines));
  const auto passport = parse_mrz(lines);
  REQUIRE(passport);
  CHECK(passport->all_checks_ok());
  CHECK(passport->document_number == "21AB12345");
  CHECK(passport->surname == "MULLER");
}

TEST_CASE("the glyph reader finds nothing in blank, tiny or malformed images", "[mrz_glyphs]") {
  ingest::PageImage blank;
  blank.width = 300;
  blank.height = 100;
  blank.gray.assign(300 * 100, 255);
  CHECK(read_ocrb_lines(blank).empty());
  blank.gray.assign(300 * 100, 0);  // all ink: one component, too big to be a glyph
  CHECK(read_ocrb_lines(blank).empty());
  ingest::PageImage wrong_size;
  wrong_size.width = 10;
  wrong_size.height = 10;
  wrong_size.gray.assign(5, 0);
  CHECK(read_ocrb_lines(wrong_size).empty());
  CHECK(read_ocrb_lines(ingest::PageImage{}).empty());
}
