// A TrueType font read once (metrics, character map, outlines) and subset per
// document. Our own reader: we need only a few tables, and owning the subset
// lets each used character get its own glyph id, so that the ToUnicode map is
// exact even where the font shares one outline between two characters (space
// and no-break space).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cesp::templates {

class TrueTypeFont {
 public:
  // Reads and checks a .ttf file. Throws Error(io_error) when unreadable,
  // Error(invalid_argument) when it is not a TrueType font we can use.
  static std::shared_ptr<const TrueTypeFont> load(const std::string& path);
  static std::shared_ptr<const TrueTypeFont> parse(std::string bytes, const std::string& name);

  // Glyph id for a code point; 0 (.notdef) when the font lacks it.
  std::uint16_t glyph_for(char32_t code_point) const;
  bool has_glyph(char32_t code_point) const { return glyph_for(code_point) != 0; }
  // Advance width in font units.
  int advance(std::uint16_t glyph) const;
  // Advance of a code point in thousandths of the em (PDF glyph space).
  double advance_1000(char32_t code_point) const;

  int units_per_em() const { return units_per_em_; }
  int ascent() const { return ascent_; }    // font units
  int descent() const { return descent_; }  // font units, negative
  int cap_height() const { return cap_height_; }
  const int* bbox() const { return bbox_; }
  const std::string& postscript_name() const { return postscript_name_; }

  // A standalone TrueType file holding glyph 0 then one glyph per entry of
  // `glyphs` (new id = index + 1), plus the components composite glyphs need.
  std::string subset(const std::vector<std::uint16_t>& glyphs) const;

 private:
  struct Table {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
  };
  TrueTypeFont() = default;
  std::string_view table(const char* tag) const;
  std::string_view glyph_data(std::uint16_t glyph) const;
  void read_cmap();

  std::string bytes_;
  std::string name_;
  std::unordered_map<std::uint32_t, Table> tables_;
  std::unordered_map<char32_t, std::uint16_t> cmap_;  // beyond the BMP
  std::vector<std::uint16_t> bmp_cmap_;               // U+0000..U+FFFF, direct
  std::vector<float> bmp_advance_1000_;
  std::vector<std::uint16_t> advances_;
  std::vector<std::int16_t> left_bearings_;
  std::vector<std::uint32_t> loca_;
  int units_per_em_ = 1000;
  int ascent_ = 0;
  int descent_ = 0;
  int cap_height_ = 0;
  int bbox_[4] = {0, 0, 0, 0};
  int num_glyphs_ = 0;
  std::string postscript_name_;
};

}  // namespace cesp::templates
