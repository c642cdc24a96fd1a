#include "cesp/core/json_text.h"

#include <catch2/catch.hpp>

TEST_CASE("JSON quoting escapes what JSON requires and keeps UTF-8", "[json]") {
  CHECK(cesp::json_quote("a\"b\\c\n\x01") == "\"a\\\"b\\\\c\\n\\u0001\"");
  CHECK(cesp::json_quote("Lefèvre « 1 200 € »") == "\"Lefèvre « 1 200 € »\"");
  CHECK(cesp::json_quote("") == "\"\"");
  CHECK(cesp::json_quote(std::string_view("\0x", 2)) == "\"\\u0000x\"");
}
