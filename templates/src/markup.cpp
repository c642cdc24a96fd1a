#include "markup.h"

#include "cesp/core/error.h"

namespace cesp::templates {
namespace {

bool starts_with(std::string_view line, std::string_view prefix) {
  return line.substr(0, prefix.size()) == prefix;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Splits "| a | b |" on unescaped bars.
std::vector<Inline> parse_row(std::string_view line) {
  line = trim(line);
  line.remove_prefix(1);
  std::vector<Inline> cells;
  std::string current;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      current += line.substr(i, 2);
      ++i;
    } else if (line[i] == '|') {
      cells.push_back(parse_inline(trim(current)));
      current.clear();
    } else {
      current += line[i];
    }
  }
  if (!trim(current).empty()) cells.push_back(parse_inline(trim(current)));
  return cells;
}

class Parser {
 public:
  std::vector<Block> run(std::string_view text) {
    std::size_t start = 0;
    int line_number = 0;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      ++line_number;
      line(trim(text.substr(start, end - start)), line_number);
      start = end + 1;
    }
    if (in_signatures_)
      throw Error(ErrorCode::invalid_argument, "template: [signature:...] without [/signatures]");
    flush();
    return std::move(blocks_);
  }

 private:
  void line(std::string_view l, int number) {
    if (starts_with(l, "%")) return;
    if (in_signatures_) {
      if (l == "[/signatures]") {
        in_signatures_ = false;
        blocks_.push_back(std::move(current_));
        current_ = Block{};
      } else if (starts_with(l, "[signature:")) {
        start_column(l, number);
      } else if (!l.empty()) {
        current_.columns.back().caption.push_back(parse_inline(l));
      }
      return;
    }
    if (l.empty()) return flush();
    if (starts_with(l, "[signature:")) {
      flush();
      current_ = Block{};
      current_.kind = BlockKind::signatures;
      in_signatures_ = true;
      return start_column(l, number);
    }
    if (starts_with(l, "# ")) return add_line(BlockKind::title, 1, l.substr(2));
    if (starts_with(l, "## ")) return add_line(BlockKind::heading, 2, l.substr(3));
    if (starts_with(l, "### ")) return add_line(BlockKind::heading, 3, l.substr(4));
    if (starts_with(l, "|")) {
      if (!open_ || current_.kind != BlockKind::table) {
        flush();
        current_ = Block{};
        current_.kind = BlockKind::table;
        open_ = true;
      }
      current_.rows.push_back(parse_row(l));
      return;
    }
    Align align = Align::justify;
    if (starts_with(l, "~ "))
      align = Align::center, l.remove_prefix(2);
    else if (starts_with(l, "< "))
      align = Align::left, l.remove_prefix(2);
    if (!open_ || current_.kind != BlockKind::paragraph) {
      flush();
      current_ = Block{};
      current_.kind = BlockKind::paragraph;
      current_.align = align;
      open_ = true;
      paragraph_text_.clear();
    } else {
      paragraph_text_ += ' ';
    }
    paragraph_text_ += l;
  }

  void start_column(std::string_view l, int number) {
    const std::size_t close = l.find(']');
    const std::string_view name = l.substr(11, close == std::string_view::npos ? 0 : close - 11);
    bool ok = !name.empty() && close == l.size() - 1;
    for (char c : name) ok = ok && ((c >= 'a' && c <= 'z') || c == '_');
    if (!ok)
      throw Error(ErrorCode::invalid_argument,
                  "template line " + std::to_string(number) + ": bad signature name");
    current_.columns.push_back(SignatureColumn{"signature_" + std::string(name), {}});
  }

  void add_line(BlockKind kind, int level, std::string_view text) {
    if (!open_ || current_.kind != kind) {
      flush();
      current_ = Block{};
      current_.kind = kind;
      current_.align = Align::center;
      open_ = true;
    }
    current_.lines.push_back(parse_inline(trim(text)));
    current_.levels.push_back(level);
  }

  void flush() {
    if (!open_) return;
    if (current_.kind == BlockKind::paragraph) current_.lines.push_back(parse_inline(paragraph_text_));
    blocks_.push_back(std::move(current_));
    current_ = Block{};
    open_ = false;
  }

  std::vector<Block> blocks_;
  Block current_;
  bool open_ = false;
  bool in_signatures_ = false;
  std::string paragraph_text_;
};

}  // namespace

std::vector<Block> parse_markup(std::string_view text) { return Parser().run(text); }

Inline parse_inline(std::string_view text) {
  Inline runs;
  Run current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      current.text += text[++i];
    } else if (c == '*' && i + 1 < text.size() && text[i + 1] == '*') {
      if (!current.text.empty()) runs.push_back(current);
      current.text.clear();
      current.bold = !current.bold;
      ++i;
    } else {
      current.text += c;
    }
  }
  if (!current.text.empty()) runs.push_back(current);
  return runs;
}

std::string escape_markup(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 4);
  for (char c : value) {
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
      continue;
    }
    if (c == '\\' || c == '*' || c == '|' || c == '#' || c == '[' || c == ']' || c == '~' || c == '<' ||
        c == '%') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

}  // namespace cesp::templates
