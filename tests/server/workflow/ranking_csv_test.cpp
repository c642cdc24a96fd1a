#include "workflow/ranking_csv.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "cesp/core/error.h"

using namespace cesp;
using namespace cesp::server;

namespace {

std::string sample() {
  std::ifstream in(std::string(CESP_SOURCE_DIR) + "/samples/rankings/lyon-est-medecine-2025-2026.csv");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string error_context(const std::string& csv) {
  try {
    parse_ranking_csv(csv);
  } catch (const Error& e) {
    return std::string(e.code_name()) + " " + e.context();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("The sample ranking parses with accents, apostrophes and both lists", "[ranking]") {
  auto rows = parse_ranking_csv(sample());
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].candidate.birth_name == "LEFÈVRE-DURAND");
  CHECK(rows[0].candidate.birth_date.iso() == "2002-03-14");
  CHECK(rows[0].candidate.address.street == "12 rue de l'Université");
  CHECK(rows[2].candidate.status == CandidateStatus::interne);
  CHECK(rows[2].candidate.usage_name == "MARTIN");
  CHECK(rows[3].list == RankingList::complementary);
  CHECK(rows[3].rank == 1);
}

TEST_CASE("Bad rows are refused with their line number", "[ranking]") {
  std::string csv = sample();
  const std::string header = csv.substr(0, csv.find('\n') + 1);
  CHECK(
      error_context(header + "principale;1;U;medecine;etudiant;4;X;;Y;F;2002-02-30;P;fr;a@b;;ARA;s;1;c\n") ==
      "invalid_date ligne 2: 2002-02-30");
  CHECK(
      error_context(header + "principale;un;U;medecine;etudiant;4;X;;Y;F;2002-02-03;P;fr;a@b;;ARA;s;1;c\n") ==
      "invalid_argument ligne 2: rank: un");
  CHECK(
      error_context(header + "principale;1;U;pharmacie;etudiant;4;X;;Y;F;2002-02-03;P;fr;a@b;;ARA;s;1;c\n") ==
      "invalid_argument ligne 2: discipline: pharmacie");
  CHECK(error_context(header +
                      "principale;1;U;medecine;etudiant;4;X;;Y;F;2002-02-03;P;fr;nomail;;ARA;s;1;c\n") ==
        "invalid_argument ligne 2: email: nomail");
  CHECK(error_context(header + "principale;1;;medecine;etudiant;4;X;;Y;F;2002-02-03;P;fr;a@b;;ARA;s;1;c\n") ==
        "missing_field ligne 2: ufr");
  CHECK(error_context(header +
                      "principale;1;U;medecine;etudiant;4;X;;Y;F;2002-02-03;P;fr;a@b;12AB;ARA;s;1;c\n") ==
        "invalid_argument ligne 2: ine: 12AB");
  CHECK(error_context("list;rank\nprincipale;1\n") == "missing_field colonne ufr");
  CHECK(error_context(header) == "invalid_csv aucun candidat");
}
