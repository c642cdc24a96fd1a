#include "cesp/core/candidate.h"

#include <catch2/catch.hpp>

using cesp::Discipline;

TEST_CASE("Study levels are read as printed on certificates", "[candidate]") {
  auto l = cesp::parse_study_level("DFASM 1", Discipline::medecine);
  REQUIRE(l);
  CHECK(l->code == "DFASM1");
  CHECK(l->year_of_study == 4);
  CHECK(cesp::level_is_eligible(*l));

  auto l3 = cesp::parse_study_level("dfasm3", Discipline::medecine);
  REQUIRE(l3);
  CHECK(l3->year_of_study == 6);

  auto g3 = cesp::parse_study_level("DFGSM3", Discipline::medecine);
  REQUIRE(g3);
  CHECK(g3->year_of_study == 3);
  CHECK_FALSE(cesp::level_is_eligible(*g3));

  auto des = cesp::parse_study_level("Interne DES", Discipline::medecine);
  REQUIRE(des);
  CHECK(des->internship);
  CHECK(cesp::level_is_eligible(*des));

  auto o1 = cesp::parse_study_level("DFASO1", Discipline::odontologie);
  REQUIRE(o1);
  CHECK(o1->year_of_study == 4);
  auto tcc = cesp::parse_study_level("3e cycle court", Discipline::odontologie);
  REQUIRE(tcc);
  CHECK(tcc->code == "TCC");

  CHECK_FALSE(cesp::parse_study_level("DFASM4", Discipline::medecine));
  CHECK_FALSE(cesp::parse_study_level("DFASO1", Discipline::medecine));
  CHECK_FALSE(cesp::parse_study_level("licence", Discipline::medecine));
}

TEST_CASE("Students sign from their 4th year; interns and PADHUE always", "[candidate]") {
  cesp::Candidate c;
  c.status = cesp::CandidateStatus::etudiant;
  c.year_of_study = 3;
  CHECK(cesp::ineligibility_reason(c).has_value());
  c.year_of_study = 4;
  CHECK_FALSE(cesp::ineligibility_reason(c).has_value());
  c.status = cesp::CandidateStatus::padhue;
  c.year_of_study = 0;
  CHECK_FALSE(cesp::ineligibility_reason(c).has_value());
}

TEST_CASE("INE format: 9 digits + 2 letters or 10 digits + 1 letter", "[candidate]") {
  CHECK(cesp::ine_format_valid("123456789AB"));
  CHECK(cesp::ine_format_valid("1234567890A"));
  CHECK_FALSE(cesp::ine_format_valid("12345678ABC"));
  CHECK_FALSE(cesp::ine_format_valid("123456789ab"));
  CHECK_FALSE(cesp::ine_format_valid("12345678901"));
  CHECK_FALSE(cesp::ine_format_valid("123456789A"));
  CHECK_FALSE(cesp::ine_format_valid(""));
}

TEST_CASE("Enumerations parse their stable names", "[candidate]") {
  CHECK(cesp::parse_discipline("odontologie") == Discipline::odontologie);
  CHECK(cesp::to_string(cesp::parse_status("interne")) == "interne");
  CHECK_THROWS(cesp::parse_discipline("pharmacie"));
}
