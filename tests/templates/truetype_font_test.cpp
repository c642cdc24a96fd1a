#include "truetype_font.h"

#include <catch2/catch.hpp>

#include <map>

#include "cesp/core/error.h"

#include "test_support.h"

using namespace cesp::templates;

TEST_CASE("DejaVu Sans maps the French characters we print", "[font]") {
  const auto font = TrueTypeFont::load("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  CHECK(font->postscript_name() == "DejaVuSans");
  CHECK(font->units_per_em() == 2048);
  for (char32_t c :
       {U'é', U'è', U'à', U'ç', U'œ', U'Œ', U'«', U'»', U'€', U'\u00A0', U'\u202F', U'\u2011', U'°'}) {
    INFO(std::uint32_t(c));
    CHECK(font->has_glyph(c));
    CHECK(font->advance_1000(c) > 0);
  }
  CHECK_FALSE(font->has_glyph(U'\u674E'));
}

namespace {

std::uint32_t be32(const std::string& s, std::size_t at) {
  return (std::uint32_t(std::uint8_t(s[at])) << 24) | (std::uint32_t(std::uint8_t(s[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(s[at + 2])) << 8) | std::uint32_t(std::uint8_t(s[at + 3]));
}
std::uint16_t be16(const std::string& s, std::size_t at) {
  return std::uint16_t((std::uint8_t(s[at]) << 8) | std::uint8_t(s[at + 1]));
}

}  // namespace

TEST_CASE("a subset is a well-formed TrueType file holding the requested glyphs", "[font]") {
  const auto font = TrueTypeFont::load("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  // U+01FA (Ǻ) is a composite glyph in DejaVu: its components are pulled in.
  const std::string subset =
      font->subset({font->glyph_for(U'A'), font->glyph_for(U'é'), font->glyph_for(U'\u01FA')});
  REQUIRE(subset.size() > 12);
  CHECK(be32(subset, 0) == 0x00010000u);
  const int tables = be16(subset, 4);
  std::map<std::string, std::pair<std::uint32_t, std::uint32_t>> directory;
  for (int i = 0; i < tables; ++i) {
    const std::size_t rec = 12 + 16 * std::size_t(i);
    directory[subset.substr(rec, 4)] = {be32(subset, rec + 8), be32(subset, rec + 12)};
  }
  for (const char* tag : {"glyf", "head", "hhea", "hmtx", "loca", "maxp"}) CHECK(directory.count(tag) == 1);
  const std::uint16_t glyphs = be16(subset, directory["maxp"].first + 4);
  CHECK(glyphs >= 5);  // .notdef, A, é, Ǻ and at least one component
  CHECK(directory["hmtx"].second == 4u * glyphs);
  CHECK(directory["loca"].second == 4u * (glyphs + 1u));
  // The whole-file checksum, adjusted through head.checkSumAdjustment.
  std::uint32_t sum = 0;
  std::string padded = subset + std::string((4 - subset.size() % 4) % 4, '\0');
  for (std::size_t i = 0; i < padded.size(); i += 4) sum += be32(padded, i);
  CHECK(sum == 0xB1B0AFBAu);
}

TEST_CASE("truncated or foreign files are refused, not crashed on", "[font]") {
  const std::string real =
      cesp::templates::test::read_file("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  CHECK_THROWS_AS(TrueTypeFont::parse(real.substr(0, 2000), "cut"), cesp::Error);
  CHECK_THROWS_AS(TrueTypeFont::parse("%PDF-1.7 not a font at all", "pdf"), cesp::Error);
  CHECK_THROWS_AS(TrueTypeFont::load("/nonexistent.ttf"), cesp::Error);
}
