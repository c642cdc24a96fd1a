#include "pdf_content.h"

#include <algorithm>
#include <cmath>

namespace cesp::templates {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

void append_hex4(std::string& out, std::uint32_t v) {
  out += kHex[(v >> 12) & 15];
  out += kHex[(v >> 8) & 15];
  out += kHex[(v >> 4) & 15];
  out += kHex[v & 15];
}

void append_utf16(std::string& out, char32_t c) {
  if (c < 0x10000) return append_hex4(out, std::uint32_t(c));
  const std::uint32_t v = std::uint32_t(c) - 0x10000;
  append_hex4(out, 0xD800 + (v >> 10));
  append_hex4(out, 0xDC00 + (v & 0x3FF));
}

// Six capital letters derived from the subset, as PDF subset names need.
std::string subset_tag(const std::vector<char32_t>& code_points, bool bold) {
  std::uint64_t h = bold ? 1469598103934665603ull : 1099511628211ull;
  for (char32_t c : code_points) h = (h ^ c) * 1099511628211ull;
  std::string tag;
  for (int i = 0; i < 6; ++i, h /= 26) tag += char('A' + h % 26);
  return tag;
}

std::string to_unicode_cmap(const std::vector<char32_t>& code_points) {
  std::string cmap =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  for (std::size_t start = 0; start < code_points.size(); start += 100) {
    const std::size_t n = std::min<std::size_t>(100, code_points.size() - start);
    cmap += std::to_string(n) + " beginbfchar\n";
    for (std::size_t i = start; i < start + n; ++i) {
      cmap += '<';
      append_hex4(cmap, std::uint32_t(i + 1));
      cmap += "> <";
      append_utf16(cmap, code_points[i]);
      cmap += ">\n";
    }
    cmap += "endbfchar\n";
  }
  cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  return cmap;
}

int to_1000(int font_units, int units_per_em) { return int(std::lround(font_units * 1000.0 / units_per_em)); }

}  // namespace

void append_number(std::string& out, double value) {
  // Hand-written: snprintf("%.3f") showed up in profiles of `cesp bench render`.
  long long scaled = std::llround(value * 1000.0);
  if (scaled < 0) {
    out += '-';
    scaled = -scaled;
  }
  char digits[24];
  int n = 0;
  long long whole = scaled / 1000;
  do {
    digits[n++] = char('0' + whole % 10);
    whole /= 10;
  } while (whole > 0);
  while (n > 0) out += digits[--n];
  int frac = int(scaled % 1000);
  if (frac == 0) return;
  out += '.';
  char f[3] = {char('0' + frac / 100), char('0' + frac / 10 % 10), char('0' + frac % 10)};
  int len = 3;
  while (len > 0 && f[len - 1] == '0') --len;
  out.append(f, std::size_t(len));
}

DocumentFonts::DocumentFonts(const Fonts& fonts, const Layout& layout) {
  std::vector<char32_t> regular, bold;
  for (const PageLayout& page : layout.pages) {
    for (const PlacedLine& line : page.lines) {
      for (const Segment& s : line.segments) {
        auto& used = s.bold ? bold : regular;
        used.insert(used.end(), s.text.begin(), s.text.end());
      }
    }
  }
  auto fill = [](Subset& subset, const TrueTypeFont* font, std::vector<char32_t>& used) {
    std::sort(used.begin(), used.end());
    used.erase(std::unique(used.begin(), used.end()), used.end());
    subset.font = font;
    subset.code_points = used;
    for (std::size_t i = 0; i < subset.code_points.size(); ++i) {
      subset.cid[subset.code_points[i]] = std::uint16_t(i + 1);
    }
  };
  fill(regular_, fonts.regular, regular);
  fill(bold_, fonts.bold, bold);
}

void DocumentFonts::append_codes(std::string& out, bool bold, const std::u32string& text) const {
  const Subset& s = bold ? bold_ : regular_;
  for (char32_t c : text) {
    const auto it = s.cid.find(c);
    const std::uint16_t cid = it == s.cid.end() ? 0 : it->second;
    // Two-byte codes in a literal string: half the size of hex, so less to
    // compress. Parentheses and backslash are escaped, and CR too (a bare CR
    // in a literal string reads as LF).
    for (const std::uint8_t byte : {std::uint8_t(cid >> 8), std::uint8_t(cid & 0xff)}) {
      if (byte == '(' || byte == ')' || byte == '\\') {
        out += '\\';
        out += char(byte);
      } else if (byte == '\r') {
        out += "\\r";
      } else {
        out += char(byte);
      }
    }
  }
}

PdfFontSpec DocumentFonts::spec_of(const Subset& s, const char* resource) const {
  const TrueTypeFont& font = *s.font;
  const int upem = font.units_per_em();
  PdfFontSpec spec;
  spec.resource_name = resource;
  spec.base_font = subset_tag(s.code_points, &s == &bold_) + "+" + font.postscript_name();
  std::vector<std::uint16_t> glyphs;
  glyphs.reserve(s.code_points.size());
  spec.widths.push_back(to_1000(font.advance(0), upem));
  for (char32_t c : s.code_points) {
    glyphs.push_back(font.glyph_for(c));
    spec.widths.push_back(to_1000(font.advance(glyphs.back()), upem));
  }
  spec.font_file = font.subset(glyphs);
  spec.to_unicode = to_unicode_cmap(s.code_points);
  for (int i = 0; i < 4; ++i) spec.bbox[i] = to_1000(font.bbox()[i], upem);
  spec.ascent = to_1000(font.ascent(), upem);
  spec.descent = to_1000(font.descent(), upem);
  spec.cap_height = to_1000(font.cap_height(), upem);
  return spec;
}

std::vector<PdfFontSpec> DocumentFonts::font_specs() const {
  std::vector<PdfFontSpec> specs;
  if (!regular_.code_points.empty()) specs.push_back(spec_of(regular_, resource_name(false)));
  if (!bold_.code_points.empty()) specs.push_back(spec_of(bold_, resource_name(true)));
  return specs;
}

std::string page_content(const PageLayout& page, const DocumentFonts& fonts, const std::string& extra) {
  std::string out;
  out.reserve(16384);
  if (!page.boxes.empty()) {
    out += "q 0.55 G 0.6 w\n";
    for (const PlacedRect& r : page.boxes) {
      append_number(out, r.x);
      out += ' ';
      append_number(out, r.y);
      out += ' ';
      append_number(out, r.width);
      out += ' ';
      append_number(out, r.height);
      out += " re S\n";
    }
    out += "Q\n";
  }
  out += "BT\n";
  bool have_font = false;
  bool current_bold = false;
  double current_size = 0;
  for (const PlacedLine& line : page.lines) {
    out += "1 0 0 1 ";
    append_number(out, line.x);
    out += ' ';
    append_number(out, line.y);
    out += " Tm\n";
    for (const Segment& s : line.segments) {
      if (!have_font || s.bold != current_bold || line.size != current_size) {
        out += '/';
        out += fonts.resource_name(s.bold);
        out += ' ';
        append_number(out, line.size);
        out += " Tf\n";
        have_font = true;
        current_bold = s.bold;
        current_size = line.size;
      }
      out += "[(";
      if (line.extra_per_space == 0) {
        fonts.append_codes(out, s.bold, s.text);
      } else {
        // The gap after each space, in text space units (negative moves right).
        std::string adjust;
        append_number(adjust, -line.extra_per_space * 1000.0 / line.size);
        std::size_t from = 0;
        for (std::size_t i = 0; i < s.text.size(); ++i) {
          if (s.text[i] != U' ') continue;
          fonts.append_codes(out, s.bold, s.text.substr(from, i + 1 - from));
          out += ")" + adjust + "(";
          from = i + 1;
        }
        fonts.append_codes(out, s.bold, s.text.substr(from));
      }
      out += ")] TJ\n";
    }
  }
  out += "ET\n";
  out += extra;
  return out;
}

}  // namespace cesp::templates
