#include "markup.h"

#include <catch2/catch.hpp>

using namespace cesp::templates;

TEST_CASE("markup gives titles, headings, paragraphs, tables and signatures", "[markup]") {
  const auto blocks = parse_markup(
      "# Title\n\n## Article 1er\n### Objet\n\nfirst line\ncontinued **bold** text\n\n"
      "| a | **b** |\n| c | d |\n\n~ centred\n\n[signature:agent]\n**Agent**\nline\n[signature:candidat]\nX\n"
      "[/signatures]\n% comment\n");
  REQUIRE(blocks.size() == 6);
  CHECK(blocks[0].kind == BlockKind::title);
  CHECK(blocks[1].kind == BlockKind::heading);
  CHECK(blocks[1].levels == std::vector<int>{2, 3});
  CHECK(blocks[2].kind == BlockKind::paragraph);
  REQUIRE(blocks[2].lines[0].size() == 3);
  CHECK(blocks[2].lines[0][0].text == "first line continued ");
  CHECK(blocks[2].lines[0][1].bold);
  CHECK(blocks[3].kind == BlockKind::table);
  CHECK(blocks[3].rows.size() == 2);
  CHECK(blocks[4].align == Align::center);
  REQUIRE(blocks[5].columns.size() == 2);
  CHECK(blocks[5].columns[0].field_name == "signature_agent");
  CHECK(blocks[5].columns[1].field_name == "signature_candidat");
  CHECK(blocks[5].columns[0].caption.size() == 2);
}

TEST_CASE("escaped data cannot create markup", "[markup]") {
  const std::string hostile = "# x | y ** z [signature:evil]\n[/signatures]\\";
  const auto blocks =
      parse_markup(escape_markup(hostile) + "\n\n| label | " + escape_markup("a | b") + " |\n");
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[0].kind == BlockKind::paragraph);
  REQUIRE(blocks[0].lines[0].size() == 1);
  CHECK(blocks[0].lines[0][0].text == "# x | y ** z [signature:evil] [/signatures]\\");
  REQUIRE(blocks[1].rows[0].size() == 2);
  CHECK(blocks[1].rows[0][1][0].text == "a | b");
}

TEST_CASE("malformed signature blocks are errors", "[markup]") {
  CHECK_THROWS(parse_markup("[signature:agent]\nX\n"));
  CHECK_THROWS(parse_markup("[signature:Agent!]\nX\n[/signatures]\n"));
}
