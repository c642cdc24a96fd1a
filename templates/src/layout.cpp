#include "layout.h"

#include <algorithm>
#include <functional>

namespace cesp::templates {
namespace {

constexpr double kMarginLeft = kMarginX;
constexpr double kMarginRight = kMarginX;
constexpr double kMarginTop = 50;
constexpr double kMarginBottom = 58;
constexpr double kFooterBaseline = 34;
constexpr double kContentWidth = kPageWidth - kMarginLeft - kMarginRight;
constexpr double kBodySize = 9;
constexpr double kLeading = 1.26;  // line height / font size
constexpr double kParagraphGap = 3;
constexpr double kHeadingGap = 8;
constexpr double kSignatureBoxHeight = 46;
constexpr double kColumnGap = 24;
constexpr char32_t kSpace = U' ';

struct Piece {
  bool bold;
  std::u32string text;
};
struct Word {
  std::vector<Piece> pieces;
  double width = 0;
  bool glued = false;  // the rest of a word too long for a line: no space before it
};
struct Line {
  std::vector<const Word*> words;
  double natural = 0;
};

class Typesetter {
 public:
  explicit Typesetter(const Fonts& fonts) : fonts_(fonts) {}

  double width_of(const std::u32string& text, bool bold, double size) const {
    const TrueTypeFont* font = bold ? fonts_.bold : fonts_.regular;
    double w = 0;
    for (char32_t c : text) w += font->advance_1000(c);
    return w * size / 1000.0;
  }

  // Words of a text; a word wider than max_width (a long identifier in the
  // data) is cut into glued pieces rather than overflowing the margin.
  std::vector<Word> words_of(const Inline& in, double size, double max_width) const {
    std::vector<Word> words;
    Word current;
    auto finish = [&] {
      if (current.pieces.empty()) return;
      words.push_back(std::move(current));
      current = Word{};
    };
    for (const Run& run : in) {
      const TrueTypeFont* font = run.bold ? fonts_.bold : fonts_.regular;
      for (char32_t c : utf8_to_u32(run.text)) {
        if (c == kSpace) {
          finish();
          continue;
        }
        const double w = font->advance_1000(c) * size / 1000.0;
        if (!current.pieces.empty() && current.width + w > max_width) {
          finish();
          current.glued = true;
        }
        if (current.pieces.empty() || current.pieces.back().bold != run.bold)
          current.pieces.push_back({run.bold, {}});
        current.pieces.back().text.push_back(c);
        current.width += w;
      }
    }
    finish();
    return words;
  }

  // Greedy first-fit: legal documents have few long words and greedy breaking
  // keeps the text where a reader expects it.
  std::vector<Line> break_lines(const std::vector<Word>& words, double width, double size) const {
    const double regular_space = width_of(U" ", false, size), bold_space = width_of(U" ", true, size);
    std::vector<Line> lines;
    Line current;
    for (const Word& w : words) {
      double space = 0;
      if (!current.words.empty()) {
        space =
            current.words.back()->pieces.back().bold && w.pieces.front().bold ? bold_space : regular_space;
      }
      if (!current.words.empty() && current.natural + space + w.width > width) {
        lines.push_back(std::move(current));
        current = Line{};
        space = 0;
      }
      current.natural += space + w.width;
      current.words.push_back(&w);
    }
    if (!current.words.empty()) lines.push_back(std::move(current));
    return lines;
  }

  PlacedLine place(const Line& line, double x, double width, double size, Align align, bool last) const {
    PlacedLine out;
    out.size = size;
    out.x = x;
    if (align == Align::center) out.x = x + (width - line.natural) / 2;
    std::size_t spaces = 0;
    for (std::size_t i = 1; i < line.words.size(); ++i) spaces += line.words[i]->glued ? 0 : 1;
    if (align == Align::justify && !last && spaces > 0) {
      out.extra_per_space = (width - line.natural) / double(spaces);
    }
    auto append = [&out](bool bold, const std::u32string& text) {
      if (out.segments.empty() || out.segments.back().bold != bold) out.segments.push_back({bold, {}});
      out.segments.back().text += text;
    };
    for (std::size_t i = 0; i < line.words.size(); ++i) {
      // A space between two bold words is bold: fewer font switches.
      if (i > 0 && !line.words[i]->glued) {
        append(line.words[i - 1]->pieces.back().bold && line.words[i]->pieces.front().bold, U" ");
      }
      for (const Piece& p : line.words[i]->pieces) append(p.bold, p.text);
    }
    return out;
  }

 private:
  Fonts fonts_;
};

struct Unit {
  double height = 0;
  double space_before = 0;
  bool keep_with_next = false;
  std::function<void(PageLayout&, double top)> draw;
};

class Composer {
 public:
  Composer(const Fonts& fonts, const LayoutOptions& options) : ts_(fonts), options_(options) {}

  Layout run(const std::vector<Block>& blocks) {
    for (const Block& b : blocks) {
      switch (b.kind) {
        case BlockKind::title: title(b); break;
        case BlockKind::heading: heading(b); break;
        case BlockKind::paragraph: paragraph(b); break;
        case BlockKind::table: table(b); break;
        case BlockKind::signatures:
          // "Fait à ..., le ..." belongs with the signatures it introduces.
          if (!units_.empty()) units_.back().keep_with_next = true;
          signatures(b);
          break;
      }
    }
    paginate();
    footers();
    return std::move(layout_);
  }

 private:
  // Text lines of one inline, as units. Words are kept alive in words_store_.
  void text_units(const Inline& in, double size, bool bold_all, Align align, double space_before,
                  bool keep_all, bool orphan_control) {
    Inline runs = in;
    if (bold_all)
      for (Run& r : runs) r.bold = true;
    auto& words = words_store_.emplace_back(ts_.words_of(runs, size, kContentWidth));
    std::vector<Line> lines = ts_.break_lines(words, kContentWidth, size);
    const std::size_t n = lines.size();
    for (std::size_t i = 0; i < n; ++i) {
      Unit u;
      u.height = size * kLeading;
      u.space_before = i == 0 ? space_before : 0;
      u.keep_with_next = keep_all || (orphan_control && ((i == 0 && n >= 2) || (n >= 3 && i == n - 2)));
      PlacedLine placed = ts_.place(lines[i], kMarginLeft, kContentWidth, size, align, i + 1 == n);
      u.draw = [placed, size](PageLayout& page, double top) mutable {
        placed.y = top - size * 1.02;
        page.lines.push_back(std::move(placed));
      };
      units_.push_back(std::move(u));
    }
  }

  void title(const Block& b) {
    for (std::size_t i = 0; i < b.lines.size(); ++i) {
      text_units(b.lines[i], 14, true, Align::center, i == 0 ? 0 : 2, true, false);
    }
    if (!units_.empty()) units_.back().keep_with_next = false;
    pending_gap_ = 10;
  }

  void heading(const Block& b) {
    for (std::size_t i = 0; i < b.lines.size(); ++i) {
      const double size = b.levels[i] == 2 ? 10.5 : 10;
      text_units(b.lines[i], size, true, Align::center, i == 0 ? gap(kHeadingGap) : 0, true, false);
    }
  }

  void paragraph(const Block& b) {
    text_units(b.lines.front(), kBodySize, false, b.align, gap(kParagraphGap), false, true);
  }

  void table(const Block& b) {
    std::size_t columns = 0;
    for (const auto& row : b.rows) columns = std::max(columns, row.size());
    if (columns == 0) return;
    std::vector<double> widths(columns, (kContentWidth - 8 * double(columns - 1)) / double(columns));
    if (columns == 2) widths = {kContentWidth * 0.45 - 4, kContentWidth * 0.55 - 4};
    for (std::size_t r = 0; r < b.rows.size(); ++r) {
      std::vector<PlacedLine> cell_lines;
      double height = 0;
      double x = kMarginLeft;
      for (std::size_t c = 0; c < b.rows[r].size(); ++c) {
        auto& words = words_store_.emplace_back(ts_.words_of(b.rows[r][c], kBodySize, widths[c]));
        const auto lines = ts_.break_lines(words, widths[c], kBodySize);
        double y = 0;
        for (std::size_t i = 0; i < lines.size(); ++i) {
          PlacedLine pl = ts_.place(lines[i], x, widths[c], kBodySize, Align::left, true);
          pl.y = y;  // relative to the row top, fixed when drawn
          cell_lines.push_back(std::move(pl));
          y += kBodySize * kLeading;
        }
        height = std::max(height, y);
        x += widths[c] + 8;
      }
      Unit u;
      u.height = height + 2;
      u.space_before = r == 0 ? gap(kParagraphGap) : 0;
      u.draw = [cell_lines](PageLayout& page, double top) {
        for (PlacedLine pl : cell_lines) {
          pl.y = top - pl.y - kBodySize * 1.02;
          page.lines.push_back(std::move(pl));
        }
      };
      units_.push_back(std::move(u));
    }
  }

  void signatures(const Block& b) {
    const std::size_t n = b.columns.size();
    if (n == 0) return;
    double width = (kContentWidth - kColumnGap * double(n - 1)) / double(n);
    double x0 = kMarginLeft;
    if (n == 1) {
      width = (kContentWidth - kColumnGap) / 2;
      x0 = kMarginLeft + width + kColumnGap;
    }
    const double lh = kBodySize * kLeading;
    struct Column {
      std::vector<PlacedLine> lines;  // y relative to the block top
      PlacedRect box;
      std::string name;
    };
    std::vector<Column> columns;
    double caption_height = 0;
    for (std::size_t c = 0; c < n; ++c) {
      Column col;
      col.name = b.columns[c].field_name;
      const double x = x0 + double(c) * (width + kColumnGap);
      double y = 0;
      for (const Inline& in : b.columns[c].caption) {
        auto& words = words_store_.emplace_back(ts_.words_of(in, kBodySize, width));
        for (const Line& line : ts_.break_lines(words, width, kBodySize)) {
          PlacedLine pl = ts_.place(line, x, width, kBodySize, Align::left, true);
          pl.y = y;
          col.lines.push_back(std::move(pl));
          y += lh;
        }
      }
      caption_height = std::max(caption_height, y);
      col.box = {x, 0, width, kSignatureBoxHeight};
      columns.push_back(std::move(col));
    }
    // The mention and the boxes line up across columns, below the longest caption.
    for (Column& col : columns) {
      auto& words = words_store_.emplace_back(
          ts_.words_of(Inline{Run{"Lu et approuvé", false}}, kBodySize, col.box.width));
      for (const Line& line : ts_.break_lines(words, col.box.width, kBodySize)) {
        PlacedLine pl = ts_.place(line, col.box.x, col.box.width, kBodySize, Align::left, true);
        pl.y = caption_height + 4;
        col.lines.push_back(std::move(pl));
      }
      col.box.y = caption_height + 4 + lh + 3 + kSignatureBoxHeight;
    }
    const double height = caption_height + 4 + lh + 3 + kSignatureBoxHeight;
    Unit u;
    u.height = height;
    u.space_before = gap(12);
    u.draw = [columns](PageLayout& page, double top) {
      for (const Column& col : columns) {
        for (PlacedLine pl : col.lines) {
          pl.y = top - pl.y - kBodySize * 1.02;
          page.lines.push_back(std::move(pl));
        }
        const PlacedRect box{col.box.x, top - col.box.y, col.box.width, col.box.height};
        page.boxes.push_back(box);
        page.fields.push_back({col.name, box.x, box.y, box.width, box.height});
      }
    };
    units_.push_back(std::move(u));
  }

  // The gap before a block, unless a title just asked for a larger one.
  double gap(double normal) {
    const double g = std::max(normal, pending_gap_);
    pending_gap_ = 0;
    return g;
  }

  void paginate() {
    const double bottom = kMarginBottom;
    auto new_page = [&] {
      layout_.pages.emplace_back();
      y_ = kPageHeight - kMarginTop - (layout_.pages.size() == 1 ? options_.first_page_reserved : 0);
      empty_ = true;
    };
    new_page();
    for (std::size_t i = 0; i < units_.size(); ++i) {
      double chain = units_[i].height + (empty_ ? 0 : units_[i].space_before);
      for (std::size_t j = i; units_[j].keep_with_next && j + 1 < units_.size(); ++j) {
        chain += units_[j + 1].space_before + units_[j + 1].height;
      }
      if (!empty_ && y_ - chain < bottom) new_page();
      const double before = empty_ ? 0 : units_[i].space_before;
      units_[i].draw(layout_.pages.back(), y_ - before);
      y_ -= before + units_[i].height;
      empty_ = false;
    }
  }

  void footers() {
    const std::size_t total = layout_.pages.size();
    const double size = 8;
    for (std::size_t p = 0; p < total; ++p) {
      const std::u32string left = utf8_to_u32(options_.footer_left);
      const std::u32string right =
          utf8_to_u32("page " + std::to_string(p + 1) + " / " + std::to_string(total));
      PlacedLine l{kMarginLeft, kFooterBaseline, size, 0, {{false, left}}};
      const double rw = ts_.width_of(right, false, size);
      PlacedLine r{kPageWidth - kMarginRight - rw, kFooterBaseline, size, 0, {{false, right}}};
      layout_.pages[p].lines.push_back(std::move(l));
      layout_.pages[p].lines.push_back(std::move(r));
    }
  }

  Typesetter ts_;
  LayoutOptions options_;
  std::vector<Unit> units_;
  std::vector<std::vector<Word>> words_store_;
  Layout layout_;
  double pending_gap_ = 0;
  double y_ = 0;
  bool empty_ = true;
};

}  // namespace

Layout layout_document(const std::vector<Block>& blocks, const Fonts& fonts, const LayoutOptions& options) {
  return Composer(fonts, options).run(blocks);
}

std::u32string utf8_to_u32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (extra < 0 || i + std::size_t(extra) >= s.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
    bool ok = true;
    for (int k = 1; k <= extra; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + std::size_t(k)]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    out.push_back(ok ? cp : char32_t(0xFFFD));
    i += ok ? std::size_t(extra) + 1 : 1;
  }
  return out;
}

}  // namespace cesp::templates
