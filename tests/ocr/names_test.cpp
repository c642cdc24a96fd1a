#include "cesp/ocr/names.h"

#include <catch2/catch.hpp>

using namespace cesp::ocr;

namespace {
cesp::Candidate person(std::string birth, std::string given, std::string usage = {}) {
  cesp::Candidate c;
  c.birth_name = std::move(birth);
  c.given_names = std::move(given);
  c.usage_name = std::move(usage);
  return c;
}
}  // namespace

TEST_CASE("names fold accents, apostrophes and hyphens", "[names]") {
  CHECK(name_words("Jean-Noël d'Arc") == std::vector<std::string>{"JEAN", "NOEL", "DARC"});
  CHECK(name_key("Lætitia Œuvray-Müller") == "LAETITIAOEUVRAYMULLER");
  CHECK(name_key("ŽOFIA ŁUKASZ Štěpán") == "ZOFIALUKASZSTEPAN");
  CHECK(name_key("D’ALMEIDA") == "DALMEIDA");
  CHECK(name_words("DUPONT<<MARIE<CLAIRE") == std::vector<std::string>{"DUPONT", "MARIE", "CLAIRE"});
}

TEST_CASE("surnames match birth or usage name, accents and hyphens aside", "[names]") {
  auto c = person("Lefèvre-Dupré", "Anaïs Marie", "Martin");
  CHECK(surname_matches("LEFEVRE DUPRE", c));
  CHECK(surname_matches("MARTIN", c));
  CHECK(surname_matches("lefèvre-dupré", c));
  CHECK_FALSE(surname_matches("LEFEVRE", c));
  CHECK_FALSE(surname_matches("DUPONT", c));
  // A full MRZ field may cut the name.
  auto long_name = person("Saint-Exupéry-Montmorency", "Jean");
  CHECK(surname_matches("SAINT EXUPERY MONTMO", long_name, true));
  CHECK_FALSE(surname_matches("SAINT EXUPERY MONTMO", long_name, false));
  CHECK(surname_matches("D ARC", person("d'Arc", "Jeanne")));  // words are compared joined
  CHECK(surname_matches("DARC", person("d'Arc", "Jeanne")));
}

TEST_CASE("given names: first equal, one list a prefix of the other", "[names]") {
  CHECK(given_names_match("ANAIS MARIE", "Anaïs Marie"));
  CHECK(given_names_match("ANAIS", "Anaïs Marie Louise"));
  CHECK(given_names_match("JEAN PIERRE", "Jean-Pierre"));
  CHECK_FALSE(given_names_match("MARIE ANAIS", "Anaïs Marie"));
  CHECK(given_names_match("CHRISTIANE NI", "Christiane Nicole", true));
  CHECK_FALSE(given_names_match("CHRISTIANE NI", "Christiane Nicole", false));
}

TEST_CASE("RIB holder lines name the candidate", "[names]") {
  auto c = person("Lefèvre-Dupré", "Anaïs Marie", "Martin");
  CHECK(holder_matches("MME ANAIS LEFEVRE-DUPRE", c));
  CHECK(holder_matches("Madame Martin née Lefèvre-Dupré Anaïs", c));
  CHECK(holder_matches("MLLE LEFEVRE DUPRE A.", c));
  CHECK_FALSE(holder_matches("M. PAUL LEFEVRE-DUPRE", c));
  CHECK_FALSE(holder_matches("MME ANAIS DURAND", c));
  CHECK(holder_matches("M JEAN-PIERRE N'GUESSAN", person("N'Guessan", "Jean-Pierre")));
}

TEST_CASE("near matches allow one OCR slip, not another person", "[names]") {
  CHECK(names_nearly_match("LEFEVREX DUPRE", "Lefèvre-Dupré"));
  CHECK(names_nearly_match("LEFEVR DUPRE", "Lefèvre-Dupré"));
  CHECK(names_nearly_match("LEFEVRF DUPRE", "Lefèvre-Dupré"));
  CHECK_FALSE(names_nearly_match("LEFEBVRE DUPRET", "Lefèvre-Dupré"));
  CHECK_FALSE(names_nearly_match("DURAND", "Dupont"));
  CHECK_FALSE(names_nearly_match("", "A"));
}

TEST_CASE("a holder line one letter away from the candidate is a near match, another person is not",
          "[names]") {
  const auto chloe = person("Martin", "Chloé Marie");
  CHECK(holder_nearly_matches("MME CHLOÉË MARTIN", chloe));  // read on a phone photo of a stock RIB
  CHECK(holder_nearly_matches("MME CHLOE MARTIM", chloe));
  CHECK(holder_nearly_matches("MME CHLOE MARTIN", chloe));
  CHECK_FALSE(holder_matches("MME CHLOÉË MARTIN", chloe));
  CHECK_FALSE(holder_nearly_matches("MME CHLOEE MARTIM", chloe));  // two slips: not the same reading
  CHECK_FALSE(holder_nearly_matches("MME CLARA MARTIN", chloe));
  CHECK_FALSE(holder_nearly_matches("M. PAUL MARTIN", chloe));
  CHECK_FALSE(holder_nearly_matches("MME CHLOE DURAND", chloe));
}
