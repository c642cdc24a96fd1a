#include "layout.h"

#include <catch2/catch.hpp>

#include "markup.h"
#include "truetype_font.h"

using namespace cesp::templates;

namespace {

Fonts fonts() {
  static const auto regular = TrueTypeFont::load("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  static const auto bold = TrueTypeFont::load("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
  return {regular.get(), bold.get()};
}

std::string long_paragraph(int words) {
  std::string s;
  for (int i = 0; i < words; ++i) s += (i ? " " : "") + std::string(i % 3 ? "contrat" : "engagement");
  return s;
}

// Body lines of a page: everything above the footer.
std::vector<const PlacedLine*> body(const PageLayout& page) {
  std::vector<const PlacedLine*> out;
  for (const PlacedLine& l : page.lines) {
    if (l.y > 50) out.push_back(&l);
  }
  return out;
}

bool is_heading(const PlacedLine& l) { return l.segments[0].bold; }

}  // namespace

TEST_CASE("long documents paginate with a footer page X / Y on every page", "[layout]") {
  std::string text;
  for (int i = 0; i < 40; ++i)
    text += "## Article " + std::to_string(i) + "\n\n" + long_paragraph(60) + "\n\n";
  const Layout layout = layout_document(parse_markup(text), fonts(), {"Réf. X", 0});
  REQUIRE(layout.pages.size() >= 3);
  for (std::size_t p = 0; p < layout.pages.size(); ++p) {
    const std::u32string expected =
        utf8_to_u32("page " + std::to_string(p + 1) + " / " + std::to_string(layout.pages.size()));
    bool found = false;
    for (const PlacedLine& l : layout.pages[p].lines) found = found || l.segments[0].text == expected;
    CHECK(found);
  }
}

TEST_CASE("no heading ends a page and no paragraph leaves a single line behind", "[layout]") {
  // Vary paragraph lengths so that page breaks fall everywhere.
  for (int shift = 0; shift < 12; ++shift) {
    std::string text;
    for (int i = 0; i < 30; ++i) {
      text += "## Article " + std::to_string(i) + "\n### Objet\n\n" +
              long_paragraph(30 + (i * 7 + shift * 5) % 50) + "\n\n";
    }
    const Layout layout = layout_document(parse_markup(text), fonts(), {"R", 0});
    for (std::size_t p = 0; p + 1 < layout.pages.size(); ++p) {
      const auto lines = body(layout.pages[p]);
      REQUIRE(lines.size() >= 2);
      INFO("shift " << shift << " page " << p);
      CHECK_FALSE(is_heading(*lines.back()));
      CHECK_FALSE(is_heading(*lines[lines.size() - 2]));
      const auto next = body(layout.pages[p + 1]);
      // A page starting with body text must start with at least two of its lines.
      if (!is_heading(*next[0])) CHECK_FALSE(is_heading(*next[1]));
    }
  }
}

TEST_CASE("justified lines fill the measure except the last of a paragraph", "[layout]") {
  const Layout layout = layout_document(parse_markup(long_paragraph(80)), fonts(), {"R", 0});
  const auto lines = body(layout.pages[0]);
  REQUIRE(lines.size() >= 3);
  CHECK(lines[0]->extra_per_space > 0);
  CHECK(lines[1]->extra_per_space > 0);
  CHECK(lines.back()->extra_per_space == 0);
}

TEST_CASE("no-break spaces never break a line", "[layout]") {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "1\u202F200,00\u00A0€ ";
  const Layout layout = layout_document(parse_markup(text), fonts(), {"R", 0});
  for (const PlacedLine* l : body(layout.pages[0])) {
    std::u32string all;
    for (const Segment& s : l->segments) all += s.text;
    CHECK(all.substr(0, 1) == U"1");
    CHECK(all.back() == U'€');
  }
}

TEST_CASE("signature fields sit side by side with the same rectangle height", "[layout]") {
  const Layout layout = layout_document(
      parse_markup("[signature:agent]\n**A very long caption that needs two lines at least here**\n"
                   "[signature:candidat]\nB\n[/signatures]\n"),
      fonts(), {"R", 0});
  const auto& fields = layout.pages[0].fields;
  REQUIRE(fields.size() == 2);
  CHECK(fields[0].name == "signature_agent");
  CHECK(fields[1].name == "signature_candidat");
  CHECK(fields[0].y == fields[1].y);
  CHECK(fields[0].height > 30);
  CHECK(fields[0].x + fields[0].width < fields[1].x);
}

TEST_CASE("a word too long for a line is cut, never drawn past the margin", "[layout]") {
  const std::string word(300, 'W');
  const Layout layout = layout_document(parse_markup("Start " + word + " end\n\n| label | " + word + " |\n"),
                                        fonts(), {"R", 0});
  std::u32string all;
  for (const PlacedLine* l : body(layout.pages[0])) {
    double width = 0;
    for (const Segment& s : l->segments) {
      const TrueTypeFont* font = s.bold ? fonts().bold : fonts().regular;
      for (char32_t c : s.text) width += font->advance_1000(c) * l->size / 1000.0;
      all += s.text;
    }
    CHECK(l->x + width <= kPageWidth - kMarginX + 0.01);
  }
  // Cut pieces are glued: no space was invented inside the word.
  CHECK(all.find(utf8_to_u32(word)) != std::u32string::npos);
}
