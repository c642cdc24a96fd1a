#include "cesp/ocr/mrz_glyphs.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string_view>

namespace cesp::ocr {
namespace {

// Glyphs are compared on a kCell x kCell grid covering a square of
// kCellScale line heights around the glyph's centre: the glyph's size
// relative to its line (a '<' is smaller than a 'W') and its shape count.
constexpr int kCell = 20;
constexpr double kCellScale = 1.2;
using Features = std::array<float, kCell * kCell>;

struct Glyph {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // ink bounds, x1/y1 exclusive
  std::vector<int> labels;             // the connected components it is made of
  int pixels = 0;
  int width() const { return x1 - x0; }
  int height() const { return y1 - y0; }
  double cx() const { return (x0 + x1) / 2.0; }
  double cy() const { return (y0 + y1) / 2.0; }
};

// `ink(x, y)`: the ink coverage of a pixel (0 or 1) for the glyph.
template <typename Ink>
Features features(const Ink& ink, double cx, double cy, double line_height) {
  Features f{};
  const double side = kCellScale * line_height, step = side / kCell;
  const double left = cx - side / 2, top = cy - side / 2;
  // Each cell is the mean ink of a 3x3 sample grid inside it: cheap and
  // smooth enough that one-pixel shifts do not matter.
  for (int j = 0; j < kCell; ++j)
    for (int i = 0; i < kCell; ++i) {
      float sum = 0;
      for (int sy = 0; sy < 3; ++sy)
        for (int sx = 0; sx < 3; ++sx)
          sum += ink(static_cast<int>(std::floor(left + (i + (sx + 0.5) / 3) * step)),
                     static_cast<int>(std::floor(top + (j + (sy + 0.5) / 3) * step)));
      f[static_cast<std::size_t>(j * kCell + i)] = sum / 9.0f;
    }
  // Zero mean, unit norm: the dot product is then the correlation.
  const float mean = std::accumulate(f.begin(), f.end(), 0.0f) / static_cast<float>(f.size());
  float norm = 0;
  for (auto& v : f) {
    v -= mean;
    norm += v * v;
  }
  norm = std::sqrt(norm);
  if (norm > 0)
    for (auto& v : f) v /= norm;
  return f;
}

struct Template {
  char character;
  Features features;
};

struct GlyphSource {
  char character;
  int width, height;
  const char* rows;
};

constexpr GlyphSource kGlyphSources[] = {
#include "ocrb_glyphs.inc"
};

int hex_value(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

const std::vector<Template>& templates() {
  static const std::vector<Template> all = [] {
    std::vector<Template> out;
    // The templates' line height: that of a capital without overshoot.
    int line_height = 0;
    for (const auto& g : kGlyphSources)
      if (g.character == 'H') line_height = g.height;
    for (const auto& g : kGlyphSources) {
      std::vector<std::uint8_t> bits(static_cast<std::size_t>(g.width * g.height), 0);
      std::string_view rows(g.rows);
      for (int y = 0; y < g.height; ++y) {
        const std::size_t end = std::min(rows.find('|'), rows.size());
        const std::string_view row = rows.substr(0, end);
        for (int x = 0; x < g.width && static_cast<std::size_t>(x / 4) < row.size(); ++x)
          bits[static_cast<std::size_t>(y * g.width + x)] = (hex_value(row[x / 4]) >> (3 - x % 4)) & 1;
        rows.remove_prefix(std::min(end + 1, rows.size()));
      }
      const auto ink = [&](int x, int y) -> float {
        if (x < 0 || y < 0 || x >= g.width || y >= g.height) return 0.0f;
        return bits[static_cast<std::size_t>(y * g.width + x)];
      };
      out.push_back({g.character, features(ink, g.width / 2.0, g.height / 2.0, line_height)});
    }
    return out;
  }();
  return all;
}

struct Match {
  char character = '<';
  double margin = 0.0;
};

Match best_match(const Features& f) {
  double best = -2, second = -2;
  char character = '<';
  for (const auto& t : templates()) {
    double score = 0;
    for (std::size_t k = 0; k < f.size(); ++k) score += f[k] * t.features[k];
    if (score > best) {
      second = best;
      best = score;
      character = t.character;
    } else if (score > second) {
      second = score;
    }
  }
  return {character, best - second};
}

// Otsu's threshold of the grey levels.
int otsu_threshold(const std::vector<std::uint8_t>& gray) {
  std::array<double, 256> histogram{};
  for (auto v : gray) ++histogram[v];
  const double total = static_cast<double>(gray.size());
  double sum_all = 0;
  for (int i = 0; i < 256; ++i) sum_all += i * histogram[static_cast<std::size_t>(i)];
  double weight_dark = 0, sum_dark = 0, best = -1;
  int threshold = 128;
  for (int t = 0; t < 256; ++t) {
    weight_dark += histogram[static_cast<std::size_t>(t)];
    if (weight_dark == 0) continue;
    const double weight_light = total - weight_dark;
    if (weight_light == 0) break;
    sum_dark += t * histogram[static_cast<std::size_t>(t)];
    const double mean_dark = sum_dark / weight_dark, mean_light = (sum_all - sum_dark) / weight_light;
    const double between = weight_dark * weight_light * (mean_dark - mean_light) * (mean_dark - mean_light);
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

// 8-connected components of the ink; `labels` gets each pixel's component
// (0 = background), the result each component's bounds.
std::vector<Glyph> components(const std::vector<std::uint8_t>& ink, int width, int height,
                              std::vector<int>& labels) {
  std::vector<Glyph> out;
  labels.assign(ink.size(), 0);
  std::vector<int> stack;
  for (int start = 0; start < width * height; ++start) {
    if (!ink[static_cast<std::size_t>(start)] || labels[static_cast<std::size_t>(start)]) continue;
    Glyph g;
    const int label = static_cast<int>(out.size()) + 1;
    g.labels = {label};
    g.x0 = g.x1 = start % width;
    g.y0 = g.y1 = start / width;
    stack.assign(1, start);
    labels[static_cast<std::size_t>(start)] = label;
    while (!stack.empty()) {
      const int p = stack.back();
      stack.pop_back();
      const int x = p % width, y = p / width;
      ++g.pixels;
      g.x0 = std::min(g.x0, x);
      g.x1 = std::max(g.x1, x);
      g.y0 = std::min(g.y0, y);
      g.y1 = std::max(g.y1, y);
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int nx = x + dx, ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const auto q = static_cast<std::size_t>(ny * width + nx);
          if (ink[q] && !labels[q]) {
            labels[q] = label;
            stack.push_back(static_cast<int>(q));
          }
        }
    }
    ++g.x1;
    ++g.y1;
    out.push_back(std::move(g));
  }
  return out;
}

int median_height(const std::vector<Glyph>& glyphs) {
  std::vector<int> heights;
  for (const auto& g : glyphs) heights.push_back(g.height());
  std::nth_element(heights.begin(), heights.begin() + static_cast<long>(heights.size() / 2), heights.end());
  return heights[heights.size() / 2];
}

// Groups glyphs into text lines (by vertical centre), left to right, pieces
// of one broken glyph merged and specks dropped.
std::vector<std::vector<Glyph>> text_lines(std::vector<Glyph> glyphs) {
  std::sort(glyphs.begin(), glyphs.end(), [](const Glyph& a, const Glyph& b) { return a.cy() < b.cy(); });
  std::vector<std::vector<Glyph>> lines;
  for (auto& g : glyphs) {
    auto& line = lines.empty() ? lines.emplace_back() : lines.back();
    if (!line.empty()) {
      double cy = 0, h = 0;
      for (const auto& m : line) cy += m.cy(), h += m.height();
      cy /= static_cast<double>(line.size());
      h /= static_cast<double>(line.size());
      if (std::abs(g.cy() - cy) > 0.45 * std::max(h, static_cast<double>(g.height()))) {
        lines.emplace_back().push_back(std::move(g));
        continue;
      }
    }
    line.push_back(std::move(g));
  }
  for (auto& line : lines) {
    std::sort(line.begin(), line.end(), [](const Glyph& a, const Glyph& b) { return a.x0 < b.x0; });
    const int h = median_height(line);
    std::vector<Glyph> merged;
    for (auto& g : line) {
      if (!merged.empty()) {
        Glyph& last = merged.back();
        const int overlap = std::min(last.x1, g.x1) - std::max(last.x0, g.x0);
        if (overlap > std::min(last.width(), g.width()) / 2) {
          last.x0 = std::min(last.x0, g.x0);
          last.x1 = std::max(last.x1, g.x1);
          last.y0 = std::min(last.y0, g.y0);
          last.y1 = std::max(last.y1, g.y1);
          last.pixels += g.pixels;
          last.labels.insert(last.labels.end(), g.labels.begin(), g.labels.end());
          continue;
        }
      }
      merged.push_back(std::move(g));
    }
    std::erase_if(merged, [&](const Glyph& g) { return g.height() < h / 3 && g.width() < h / 3; });
    // OCR-B is printed on a fixed pitch: a mark well beyond the pitch at
    // either end (a shadow, the card's edge) is not a character.
    if (merged.size() >= 4) {
      std::vector<double> gaps;
      for (std::size_t i = 1; i < merged.size(); ++i) gaps.push_back(merged[i].cx() - merged[i - 1].cx());
      std::nth_element(gaps.begin(), gaps.begin() + static_cast<long>(gaps.size() / 2), gaps.end());
      const double pitch = gaps[gaps.size() / 2];
      while (merged.size() >= 4 &&
             merged[merged.size() - 1].cx() - merged[merged.size() - 2].cx() > 1.6 * pitch)
        merged.pop_back();
      while (merged.size() >= 4 && merged[1].cx() - merged[0].cx() > 1.6 * pitch)
        merged.erase(merged.begin());
    }
    line = std::move(merged);
  }
  return lines;
}

}  // namespace

std::vector<GlyphReading> read_ocrb_lines(const ingest::PageImage& image, std::size_t min_glyphs) {
  std::vector<GlyphReading> out;
  if (image.width <= 0 || image.height <= 0 ||
      image.gray.size() != static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height))
    return out;
  const int threshold = otsu_threshold(image.gray);
  std::vector<std::uint8_t> ink(image.gray.size());
  for (std::size_t i = 0; i < ink.size(); ++i) ink[i] = image.gray[i] <= threshold ? 1 : 0;
  std::vector<int> labels;
  auto glyphs = components(ink, image.width, image.height, labels);
  // Frames, photos and rules are no glyphs; nor are specks.
  std::erase_if(glyphs, [&](const Glyph& g) {
    return g.pixels < 6 || g.height() > image.height / 3 || g.width() > image.width / 8;
  });
  if (glyphs.empty()) return out;
  for (const auto& line : text_lines(std::move(glyphs))) {
    if (line.empty() || line.size() < min_glyphs) continue;
    const int line_height = median_height(line);
    if (line_height < 8) continue;
    GlyphReading reading;
    reading.min_margin = 2.0;
    for (const auto& g : line) {
      const auto glyph_ink = [&](int x, int y) -> float {
        if (x < g.x0 || y < g.y0 || x >= g.x1 || y >= g.y1) return 0.0f;
        const int label = labels[static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) +
                                 static_cast<std::size_t>(x)];
        return label && std::find(g.labels.begin(), g.labels.end(), label) != g.labels.end() ? 1.0f : 0.0f;
      };
      const Match m = best_match(features(glyph_ink, g.cx(), g.cy(), line_height));
      reading.text += m.character;
      reading.min_margin = std::min(reading.min_margin, m.margin);
    }
    out.push_back(std::move(reading));
  }
  return out;
}

}  // namespace cesp::ocr
