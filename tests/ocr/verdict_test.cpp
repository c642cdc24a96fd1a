#include "cesp/ocr/verdict.h"

#include <catch2/catch.hpp>

using namespace cesp::ocr;

TEST_CASE("verdict JSON round-trips, with escaping", "[verdict]") {
  Verdict v;
  v.file = "dir/\"odd\".png";
  v.kind = "identity";
  v.reject("expired", "Pièce expirée\nle 2024-05-01");
  v.needs_review("name_mismatch", "à vérifier");
  v.set_field("surname", "LEFEVRE DUPRE");
  v.set_field("surname", "LEFÈVRE");
  v.mrz = {"IDFRA<<", "0103"};
  v.confidence = 0.5;
  v.timings_ms = {{"total", 12.5}};
  const std::string json = to_json(v);
  const Verdict back = verdict_from_json(json);
  CHECK(back.file == v.file);
  CHECK(back.verdict == "rejected");  // rejected wins over review
  REQUIRE(back.reasons.size() == 2);
  CHECK(back.reasons[0].message == "Pièce expirée\nle 2024-05-01");
  CHECK(back.field("surname") == "LEFÈVRE");
  CHECK(back.mrz == v.mrz);
  CHECK(back.timings_ms.at(0).second == Approx(12.5));
  CHECK_THROWS(verdict_from_json("{not json"));
}
