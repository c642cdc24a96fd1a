#include "truetype_font.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include "cesp/core/error.h"

namespace cesp::templates {
namespace {

constexpr std::size_t kMaxFontBytes = 32u << 20;

std::uint32_t tag_of(const char* tag) {
  return (std::uint32_t(std::uint8_t(tag[0])) << 24) | (std::uint32_t(std::uint8_t(tag[1])) << 16) |
         (std::uint32_t(std::uint8_t(tag[2])) << 8) | std::uint32_t(std::uint8_t(tag[3]));
}

// Bounds-checked big-endian reads: a truncated font is an error, not a crash.
class Reader {
 public:
  Reader(std::string_view data, const std::string& name) : data_(data), name_(name) {}
  std::uint8_t u8(std::size_t at) const {
    check(at, 1);
    return std::uint8_t(data_[at]);
  }
  std::uint16_t u16(std::size_t at) const {
    check(at, 2);
    return std::uint16_t((std::uint8_t(data_[at]) << 8) | std::uint8_t(data_[at + 1]));
  }
  std::int16_t s16(std::size_t at) const { return std::int16_t(u16(at)); }
  std::uint32_t u32(std::size_t at) const { return (std::uint32_t(u16(at)) << 16) | u16(at + 2); }
  void check(std::size_t at, std::size_t n) const {
    if (at > data_.size() || n > data_.size() - at) {
      throw Error(ErrorCode::invalid_argument, "truncated TrueType font: " + name_);
    }
  }

 private:
  std::string_view data_;
  const std::string& name_;
};

void put16(std::string& out, std::uint16_t v) {
  out.push_back(char(v >> 8));
  out.push_back(char(v & 0xff));
}
void put32(std::string& out, std::uint32_t v) {
  put16(out, std::uint16_t(v >> 16));
  put16(out, std::uint16_t(v & 0xffff));
}
void set16(std::string& out, std::size_t at, std::uint16_t v) {
  out[at] = char(v >> 8);
  out[at + 1] = char(v & 0xff);
}
void set32(std::string& out, std::size_t at, std::uint32_t v) {
  set16(out, at, std::uint16_t(v >> 16));
  set16(out, at + 2, std::uint16_t(v & 0xffff));
}
std::uint32_t checksum(std::string_view data) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < data.size(); i += 4) {
    std::uint32_t word = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      word = (word << 8) | (i + k < data.size() ? std::uint8_t(data[i + k]) : 0u);
    }
    sum += word;
  }
  return sum;
}

// Composite glyph flags (OpenType 'glyf' specification).
constexpr std::uint16_t kArgsAreWords = 0x0001;
constexpr std::uint16_t kHaveScale = 0x0008;
constexpr std::uint16_t kMoreComponents = 0x0020;
constexpr std::uint16_t kHaveXYScale = 0x0040;
constexpr std::uint16_t kHaveTwoByTwo = 0x0080;

}  // namespace

std::shared_ptr<const TrueTypeFont> TrueTypeFont::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::io_error, "cannot open font " + path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() > kMaxFontBytes) throw Error(ErrorCode::too_large, "font " + path);
  return parse(std::move(bytes), path);
}

std::shared_ptr<const TrueTypeFont> TrueTypeFont::parse(std::string bytes, const std::string& name) {
  std::shared_ptr<TrueTypeFont> font(new TrueTypeFont());
  font->bytes_ = std::move(bytes);
  font->name_ = name;
  Reader r(font->bytes_, font->name_);
  const std::uint32_t version = r.u32(0);
  if (version != 0x00010000 && version != tag_of("true")) {
    throw Error(ErrorCode::invalid_argument, "not a TrueType font: " + name);
  }
  const int num_tables = r.u16(4);
  for (int i = 0; i < num_tables; ++i) {
    const std::size_t rec = 12 + 16 * std::size_t(i);
    Table t{r.u32(rec + 8), r.u32(rec + 12)};
    r.check(t.offset, t.length);
    font->tables_[r.u32(rec)] = t;
  }
  for (const char* required : {"head", "hhea", "hmtx", "maxp", "loca", "glyf", "cmap"}) {
    if (!font->tables_.contains(tag_of(required))) {
      throw Error(ErrorCode::invalid_argument, std::string("font lacks table ") + required + ": " + name);
    }
  }
  const std::size_t head = font->tables_[tag_of("head")].offset;
  font->units_per_em_ = r.u16(head + 18);
  for (int i = 0; i < 4; ++i) font->bbox_[i] = r.s16(head + 36 + 2 * std::size_t(i));
  const bool long_loca = r.s16(head + 50) == 1;
  const std::size_t hhea = font->tables_[tag_of("hhea")].offset;
  font->ascent_ = r.s16(hhea + 4);
  font->descent_ = r.s16(hhea + 6);
  const int hmetrics = r.u16(hhea + 34);
  font->num_glyphs_ = r.u16(font->tables_[tag_of("maxp")].offset + 4);
  if (font->units_per_em_ == 0 || hmetrics == 0 || hmetrics > font->num_glyphs_) {
    throw Error(ErrorCode::invalid_argument, "bad font header: " + name);
  }
  font->cap_height_ = font->ascent_;
  if (auto os2 = font->tables_.find(tag_of("OS/2")); os2 != font->tables_.end()) {
    if (r.u16(os2->second.offset) >= 2 && os2->second.length >= 90)
      font->cap_height_ = r.s16(os2->second.offset + 88);
  }
  const std::size_t hmtx = font->tables_[tag_of("hmtx")].offset;
  font->advances_.resize(std::size_t(font->num_glyphs_));
  font->left_bearings_.resize(std::size_t(font->num_glyphs_));
  for (int g = 0; g < font->num_glyphs_; ++g) {
    const int m = std::min(g, hmetrics - 1);
    font->advances_[std::size_t(g)] = r.u16(hmtx + 4 * std::size_t(m));
    font->left_bearings_[std::size_t(g)] =
        g < hmetrics ? r.s16(hmtx + 4 * std::size_t(g) + 2)
                     : r.s16(hmtx + 4 * std::size_t(hmetrics) + 2 * std::size_t(g - hmetrics));
  }
  const std::size_t loca = font->tables_[tag_of("loca")].offset;
  const std::uint32_t glyf_length = font->tables_[tag_of("glyf")].length;
  font->loca_.resize(std::size_t(font->num_glyphs_) + 1);
  for (std::size_t g = 0; g <= std::size_t(font->num_glyphs_); ++g) {
    font->loca_[g] = long_loca ? r.u32(loca + 4 * g) : std::uint32_t(r.u16(loca + 2 * g)) * 2;
    if (font->loca_[g] > glyf_length || (g > 0 && font->loca_[g] < font->loca_[g - 1])) {
      throw Error(ErrorCode::invalid_argument, "bad loca table: " + name);
    }
  }
  font->postscript_name_ = "Font";
  if (auto nt = font->tables_.find(tag_of("name")); nt != font->tables_.end()) {
    const std::size_t base = nt->second.offset;
    const int count = r.u16(base + 2);
    const std::size_t strings = base + r.u16(base + 4);
    for (int i = 0; i < count; ++i) {
      const std::size_t rec = base + 6 + 12 * std::size_t(i);
      if (r.u16(rec + 6) != 6) continue;
      const int platform = r.u16(rec);
      const std::size_t length = r.u16(rec + 8), offset = strings + r.u16(rec + 10);
      r.check(offset, length);
      std::string ps;
      const std::size_t step = platform == 1 ? 1 : 2;
      for (std::size_t k = step - 1; k < length; k += step) {
        const char c = font->bytes_[offset + k];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') ps += c;
      }
      if (!ps.empty()) {
        font->postscript_name_ = ps;
        break;
      }
    }
  }
  font->read_cmap();
  // Direct tables for the BMP: measuring text is the hot loop of layout.
  font->bmp_cmap_.assign(0x10000, 0);
  font->bmp_advance_1000_.assign(0x10000, 0.f);
  for (const auto& [c, g] : font->cmap_) {
    if (c < 0x10000) font->bmp_cmap_[c] = g;
  }
  for (char32_t c = 0; c < 0x10000; ++c) {
    font->bmp_advance_1000_[c] = float(font->advance(font->bmp_cmap_[c]) * 1000.0 / font->units_per_em_);
  }
  return font;
}

void TrueTypeFont::read_cmap() {
  Reader r(bytes_, name_);
  const std::size_t cmap = tables_[tag_of("cmap")].offset;
  const int count = r.u16(cmap + 2);
  std::size_t format4 = 0, format12 = 0;
  for (int i = 0; i < count; ++i) {
    const std::size_t rec = cmap + 4 + 8 * std::size_t(i);
    const int platform = r.u16(rec), encoding = r.u16(rec + 2);
    const std::size_t sub = cmap + r.u32(rec + 4);
    const int format = r.u16(sub);
    if (format == 12 && (platform == 0 || (platform == 3 && encoding == 10))) format12 = sub;
    if (format == 4 && (platform == 0 || (platform == 3 && encoding == 1))) format4 = sub;
  }
  if (format12 != 0) {
    const std::uint32_t groups = r.u32(format12 + 12);
    for (std::uint32_t i = 0; i < groups && i < 100000; ++i) {
      const std::size_t g = format12 + 16 + 12 * std::size_t(i);
      const std::uint32_t first = r.u32(g), last = std::min<std::uint32_t>(r.u32(g + 4), 0x10FFFF);
      std::uint32_t glyph = r.u32(g + 8);
      for (std::uint32_t c = first; c <= last && c >= first; ++c, ++glyph) {
        if (glyph < std::uint32_t(num_glyphs_)) cmap_[char32_t(c)] = std::uint16_t(glyph);
      }
    }
  } else if (format4 != 0) {
    const std::size_t segs = r.u16(format4 + 6) / 2;
    const std::size_t ends = format4 + 14, starts = ends + 2 * segs + 2, deltas = starts + 2 * segs,
                      ranges = deltas + 2 * segs;
    for (std::size_t s = 0; s < segs; ++s) {
      const std::uint32_t end = r.u16(ends + 2 * s), start = r.u16(starts + 2 * s);
      const std::uint16_t delta = r.u16(deltas + 2 * s), range = r.u16(ranges + 2 * s);
      for (std::uint32_t c = start; c <= end && c != 0xFFFF; ++c) {
        std::uint16_t glyph;
        if (range == 0) {
          glyph = std::uint16_t(c + delta);
        } else {
          const std::uint16_t raw = r.u16(ranges + 2 * s + range + 2 * (c - start));
          glyph = raw == 0 ? 0 : std::uint16_t(raw + delta);
        }
        if (glyph != 0 && glyph < num_glyphs_) cmap_[char32_t(c)] = glyph;
      }
    }
  } else {
    throw Error(ErrorCode::invalid_argument, "font has no Unicode cmap: " + name_);
  }
}

std::uint16_t TrueTypeFont::glyph_for(char32_t code_point) const {
  if (code_point < 0x10000) return bmp_cmap_[code_point];
  const auto it = cmap_.find(code_point);
  return it == cmap_.end() ? 0 : it->second;
}

int TrueTypeFont::advance(std::uint16_t glyph) const {
  return glyph < advances_.size() ? advances_[glyph] : 0;
}

double TrueTypeFont::advance_1000(char32_t code_point) const {
  if (code_point < 0x10000) return bmp_advance_1000_[code_point];
  return advance(glyph_for(code_point)) * 1000.0 / units_per_em_;
}

std::string_view TrueTypeFont::table(const char* tag) const {
  const auto it = tables_.find(tag_of(tag));
  if (it == tables_.end()) return {};
  return std::string_view(bytes_).substr(it->second.offset, it->second.length);
}

std::string_view TrueTypeFont::glyph_data(std::uint16_t glyph) const {
  if (glyph >= num_glyphs_) return {};
  return table("glyf").substr(loca_[glyph], loca_[glyph + 1] - loca_[glyph]);
}

std::string TrueTypeFont::subset(const std::vector<std::uint16_t>& glyphs) const {
  std::vector<std::uint16_t> order;  // new id -> old id
  order.reserve(glyphs.size() + 8);
  order.push_back(0);
  order.insert(order.end(), glyphs.begin(), glyphs.end());
  std::unordered_map<std::uint16_t, std::uint16_t> component_ids;  // old -> new, for components
  std::string glyf, loca;
  std::vector<std::uint32_t> offsets;
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (order.size() > 0xFFFE) throw Error(ErrorCode::invalid_argument, "font subset too large");
    std::string data(glyph_data(order[i]));
    if (data.size() >= 10 && std::int16_t((std::uint8_t(data[0]) << 8) | std::uint8_t(data[1])) < 0) {
      Reader r(data, name_);
      std::size_t at = 10;
      for (int guard = 0; guard < 64; ++guard) {
        const std::uint16_t flags = r.u16(at);
        const std::uint16_t old_id = r.u16(at + 2);
        auto [it, inserted] = component_ids.emplace(old_id, std::uint16_t(order.size()));
        if (inserted) order.push_back(old_id);
        set16(data, at + 2, it->second);
        at += 4 + ((flags & kArgsAreWords) ? 4 : 2);
        if (flags & kHaveScale)
          at += 2;
        else if (flags & kHaveXYScale)
          at += 4;
        else if (flags & kHaveTwoByTwo)
          at += 8;
        if (!(flags & kMoreComponents)) break;
      }
    }
    offsets.push_back(std::uint32_t(glyf.size()));
    glyf += data;
    while (glyf.size() % 4) glyf.push_back('\0');
  }
  offsets.push_back(std::uint32_t(glyf.size()));
  for (std::uint32_t o : offsets) put32(loca, o);

  std::string hmtx;
  for (std::uint16_t old_id : order) {
    put16(hmtx, advances_[old_id]);
    put16(hmtx, std::uint16_t(left_bearings_[old_id]));
  }
  std::string head(table("head")), hhea(table("hhea")), maxp(table("maxp"));
  set32(head, 8, 0);   // checksumAdjustment, set below
  set16(head, 50, 1);  // long loca offsets
  set16(hhea, 34, std::uint16_t(order.size()));
  set16(maxp, 4, std::uint16_t(order.size()));

  // Tags in ascending order, as the table directory requires.
  const std::vector<std::pair<const char*, std::string>> out_tables = {{"cvt ", std::string(table("cvt "))},
                                                                       {"fpgm", std::string(table("fpgm"))},
                                                                       {"glyf", glyf},
                                                                       {"head", head},
                                                                       {"hhea", hhea},
                                                                       {"hmtx", hmtx},
                                                                       {"loca", loca},
                                                                       {"maxp", maxp},
                                                                       {"prep", std::string(table("prep"))}};
  std::size_t count = 0;
  for (const auto& t : out_tables) count += t.second.empty() ? 0 : 1;
  std::string out;
  put32(out, 0x00010000);
  put16(out, std::uint16_t(count));
  int power = 1, log2 = 0;
  while (power * 2 <= int(count)) power *= 2, ++log2;
  put16(out, std::uint16_t(power * 16));
  put16(out, std::uint16_t(log2));
  put16(out, std::uint16_t(count * 16 - std::size_t(power) * 16));
  std::size_t data_at = 12 + 16 * count;
  std::size_t head_at = 0;
  std::string body;
  for (const auto& [tag, bytes] : out_tables) {
    if (bytes.empty()) continue;
    out.append(tag, 4);
    put32(out, checksum(bytes));
    put32(out, std::uint32_t(data_at + body.size()));
    put32(out, std::uint32_t(bytes.size()));
    if (std::string_view(tag) == "head") head_at = data_at + body.size();
    body += bytes;
    while (body.size() % 4) body.push_back('\0');
  }
  out += body;
  set32(out, head_at + 8, 0xB1B0AFBAu - checksum(out));
  return out;
}

}  // namespace cesp::templates
