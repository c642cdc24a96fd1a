// The document model and the small markup templates are written in (after
// Mustache has filled the blanks):
//
//   # Title line                 centred, large, bold (consecutive lines: one title)
//   ## Heading / ### Sub-heading centred, bold; consecutive lines form one heading
//                                kept on the same page as what follows
//   | cell | cell |             a table row; consecutive rows form one table
//   ~ text                       a centred paragraph;  < text: a left-aligned one
//   [signature:NAME]             a signature column; the following lines are its
//                                caption; the field is named signature_NAME
//   [/signatures]                ends the signature block
//   % comment                    ignored
//   any other line               running text; a blank line ends a paragraph,
//                                which is justified
// Inline: **bold**; a backslash makes the next character literal (Mustache
// values are escaped this way, so data can never create markup).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cesp::templates {

struct Run {
  std::string text;  // UTF-8, no line breaks
  bool bold = false;
};
using Inline = std::vector<Run>;

enum class BlockKind { title, heading, paragraph, table, signatures };
enum class Align { justify, left, center };

struct SignatureColumn {
  std::string field_name;       // "signature_candidat"
  std::vector<Inline> caption;  // one entry per caption line
};

struct Block {
  BlockKind kind = BlockKind::paragraph;
  Align align = Align::justify;
  std::vector<Inline> lines;              // title and heading: one per line; paragraph: one
  std::vector<int> levels;                // heading: 2 or 3 per line
  std::vector<std::vector<Inline>> rows;  // table: rows of cells
  std::vector<SignatureColumn> columns;   // signatures
};

// Parses markup into blocks. Throws Error(invalid_argument) on a malformed
// construct (unterminated signature block, bad signature name).
std::vector<Block> parse_markup(std::string_view text);

// Parses one line of inline text (bold spans and escapes).
Inline parse_inline(std::string_view text);

// Escapes a value for insertion into markup: every markup character gets a
// backslash, and line breaks become spaces.
std::string escape_markup(std::string_view value);

}  // namespace cesp::templates
