#include "cesp/core/csv.h"

#include <catch2/catch.hpp>

#include "cesp/core/error.h"

using cesp::parse_csv;

TEST_CASE("Comma CSV with quotes, escapes and embedded line breaks", "[csv]") {
  auto t =
      parse_csv("nom,prenoms,adresse\r\n\"L'Hôte\",\"Anne, Marie\",\"2 rue \"\"du\"\" Lac\nBât. B\"\r\n");
  REQUIRE(t.header == std::vector<std::string>{"nom", "prenoms", "adresse"});
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0][0] == "L'Hôte");
  CHECK(t.rows[0][1] == "Anne, Marie");
  CHECK(t.rows[0][2] == "2 rue \"du\" Lac\nBât. B");
  CHECK(t.column("adresse") == 2);
}

TEST_CASE("Semicolon CSV from French spreadsheets, with a BOM and blank lines", "[csv]") {
  auto t = parse_csv("\xEF\xBB\xBFliste;rang;nom\n\nprincipale;1;Durand\ncomplementaire;2;\n");
  REQUIRE(t.rows.size() == 2);
  CHECK(t.header[0] == "liste");
  CHECK(t.rows[1][2].empty());
  CHECK(t.row_lines == std::vector<int>{3, 4});
}

TEST_CASE("Malformed CSV names the line", "[csv]") {
  try {
    parse_csv("a,b\n1,2\n3\n");
    FAIL("accepted a short row");
  } catch (const cesp::Error& e) {
    CHECK(e.code() == cesp::ErrorCode::invalid_csv);
    CHECK_THAT(e.context(), Catch::Contains("ligne 3"));
  }
  CHECK_THROWS_AS(parse_csv("a,b\n\"open,2\n"), cesp::Error);
  CHECK_THROWS_AS(parse_csv(""), cesp::Error);
  CHECK_THROWS_AS(parse_csv("a,b\n1,2\n").column("c"), cesp::Error);
  CHECK_THROWS_AS(parse_csv("a\n1\n2\n3\n", 2), cesp::Error);
}
