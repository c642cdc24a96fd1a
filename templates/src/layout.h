// Our own typesetting: justified line breaking, pagination with keep rules
// (a heading stays with the first two lines after it, no single line of a
// paragraph alone at the foot or the head of a page, table rows and the
// signature block never split) and the running footer "page X / Y".
// Coordinates are PDF points, origin at the bottom left of an A4 page.
#pragma once

#include <string>
#include <vector>

#include "markup.h"
#include "truetype_font.h"

namespace cesp::templates {

inline constexpr double kPageWidth = 595.276;  // A4, 210 mm
inline constexpr double kPageHeight = 841.89;  // A4, 297 mm
inline constexpr double kMarginX = 57;         // left and right margins, 20 mm

struct Segment {
  bool bold = false;
  std::u32string text;
};

// One line of text; extra_per_space is added after every U+0020 (justification).
struct PlacedLine {
  double x = 0;
  double y = 0;  // baseline
  double size = 10;
  double extra_per_space = 0;
  std::vector<Segment> segments;
};

struct PlacedRect {
  double x, y, width, height;
};

struct PlacedField {
  std::string name;
  double x, y, width, height;
};

struct PageLayout {
  std::vector<PlacedLine> lines;
  std::vector<PlacedRect> boxes;  // stroked, thin grey
  std::vector<PlacedField> fields;
};

struct Fonts {
  const TrueTypeFont* regular;
  const TrueTypeFont* bold;
};

struct LayoutOptions {
  std::string footer_left;         // e.g. "Réf. CESP-2026-000123"
  double first_page_reserved = 0;  // points kept free at the top of page 1 (QR code)
};

struct Layout {
  std::vector<PageLayout> pages;
};

Layout layout_document(const std::vector<Block>& blocks, const Fonts& fonts, const LayoutOptions& options);

// UTF-8 to code points; invalid sequences become U+FFFD.
std::u32string utf8_to_u32(std::string_view text);

}  // namespace cesp::templates
