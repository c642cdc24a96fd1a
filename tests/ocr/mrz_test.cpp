#include "cesp/ocr/mrz.h"

#include <catch2/catch.hpp>

using namespace cesp::ocr;

namespace {
// ICAO 9303 part 4 (TD3) and part 5 (TD1) specimens.
const std::vector<std::string> kTd3 = {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                       "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};
const std::vector<std::string> kTd1 = {"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
                                       "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"};
// The old French card layout (2x36); the composite digit is computed over
// line 1 and the first 35 characters of line 2.
const std::vector<std::string> kCniOld = {"IDFRADOUEL<<<<<<<<<<<<<<<<<<<<932013",
                                          "0506932020438CHRISTIANE<<NI6512068F5"};
}  // namespace

TEST_CASE("ICAO check digits follow the 7-3-1 weights", "[mrz]") {
  CHECK(mrz_check_digit("L898902C3") == 6);
  CHECK(mrz_check_digit("740812") == 2);
  CHECK(mrz_check_digit("120415") == 9);
  CHECK(mrz_check_digit("D23145890") == 7);
  CHECK(mrz_check_digit("<<<<") == 0);
  CHECK(mrz_check_digit("ab") == -1);
}

TEST_CASE("TD3 passport specimen parses with every check digit", "[mrz]") {
  auto mrz = parse_mrz(kTd3);
  REQUIRE(mrz);
  CHECK(mrz->format == MrzFormat::td3);
  CHECK(mrz->all_checks_ok());
  CHECK(mrz->surname == "ERIKSSON");
  CHECK(mrz->given_names == "ANNA MARIA");
  CHECK(mrz->document_number == "L898902C3");
  CHECK(mrz->nationality == "UTO");
  CHECK(mrz->sex == 'F');
  CHECK(mrz_birth_date_iso(mrz->birth_date_yymmdd, 2026) == "1974-08-12");
  CHECK(mrz_expiry_date_iso(mrz->expiry_date_yymmdd) == "2012-04-15");
  CHECK(document_type_name(mrz->format, mrz->issuing_state) == "passport");
}

TEST_CASE("TD1 card specimen parses with every check digit", "[mrz]") {
  auto mrz = parse_mrz(kTd1);
  REQUIRE(mrz);
  CHECK(mrz->format == MrzFormat::td1);
  CHECK(mrz->all_checks_ok());
  CHECK(mrz->document_number == "D23145890");
  CHECK(mrz->surname == "ERIKSSON");
  CHECK(mrz->given_names == "ANNA MARIA");
  CHECK(mrz->expiry_date_yymmdd == "120415");
}

TEST_CASE("old French card layout parses", "[mrz]") {
  auto mrz = parse_mrz(kCniOld);
  REQUIRE(mrz);
  CHECK(mrz->format == MrzFormat::cni_old);
  CHECK(mrz->all_checks_ok());
  CHECK(mrz->surname == "DOUEL");
  CHECK(mrz->given_names == "CHRISTIANE NI");
  CHECK(mrz->document_number == "050693202043");
  CHECK(mrz->birth_date_yymmdd == "651206");
  CHECK(mrz->expiry_date_yymmdd.empty());
  CHECK(document_type_name(mrz->format, "FRA") == "cni_old");
}

TEST_CASE("every single-character mutation of a check-digit input fails a check", "[mrz]") {
  for (const auto* specimen : {&kTd3, &kTd1, &kCniOld}) {
    for (std::size_t line = 0; line < specimen->size(); ++line) {
      for (std::size_t pos = 0; pos < (*specimen)[line].size(); ++pos) {
        auto mutated = *specimen;
        char& c = mutated[line][pos];
        if (c < '0' || c > '9') continue;  // digits: no letter correction can undo the change
        c = c == '9' ? '0' : static_cast<char>(c + 1);
        auto mrz = parse_mrz(mutated);
        REQUIRE(mrz);
        INFO("line " << line << " pos " << pos << ": " << mutated[line]);
        CHECK_FALSE(mrz->all_checks_ok());
      }
    }
  }
}

TEST_CASE("OCR confusions are corrected by field alphabet only", "[mrz]") {
  auto lines = kTd3;
  lines[1][14] = 'A';  // birth date "740812": '4' read as 'A' is not corrected (A is no digit look-alike)
  auto mrz = parse_mrz(lines);
  REQUIRE(mrz);
  CHECK_FALSE(mrz->all_checks_ok());

  lines = kTd3;
  lines[1][15] = 'O';  // "740812": the '0' read as 'O' -> back to '0'
  lines[1][17] = 'I';  // the '1' read as 'I' -> back to '1'
  lines[0][7] = '1';   // ERIKSSON: the 'I' read as '1' in a letters-only field
  mrz = parse_mrz(lines);
  REQUIRE(mrz);
  CHECK(mrz->all_checks_ok());
  CHECK(mrz->surname == "ERIKSSON");
  CHECK(mrz->birth_date_yymmdd == "740812");
}

TEST_CASE("the MRZ is found among noise lines, with spaces and off-by-one lengths", "[mrz]") {
  std::vector<std::string> ocr = {"REPUBLIQUE FRANCAISE", "CARTE NATIONALE D'IDENTITE",
                                  "I<UTO D231458907<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
                                  "ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<"};
  auto mrz = parse_mrz(ocr);
  REQUIRE(mrz);
  CHECK(mrz->all_checks_ok());
  CHECK_FALSE(parse_mrz({"hello world", "nothing to see"}));
}

TEST_CASE("MRZ dates convert to ISO with the right century", "[mrz]") {
  CHECK(mrz_birth_date_iso("010203", 2026) == "2001-02-03");
  CHECK(mrz_birth_date_iso("650203", 2026) == "1965-02-03");
  CHECK(mrz_birth_date_iso("651302", 2026).empty());
  CHECK(mrz_expiry_date_iso("310230").empty());
  CHECK(mrz_expiry_date_iso("310228") == "2031-02-28");
}

TEST_CASE("miscounted fillers and K-for-< misreads are realigned, never invented", "[mrz]") {
  // One '<' too many in the optional data and a K among the fillers.
  auto mrz = parse_mrz(
      {"I<UTOD231458907<<<<K<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<"});
  REQUIRE(mrz);
  CHECK(mrz->all_checks_ok());
  CHECK(mrz->given_names == "ANNA MARIA");
  // A stray letter closing the names is a filler.
  auto td3 = parse_mrz(
      {"P<UTOERIKSSON<<ANNA<MARIA<X<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"});
  REQUIRE(td3);
  CHECK(td3->given_names == "ANNA MARIA");
  // ... also when a "KK" misread sits among the closing fillers.
  auto kk = parse_mrz(
      {"P<UTOERIKSSON<<ANNA<MARIA<X<<<<<<<<<<KK<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"});
  REQUIRE(kk);
  CHECK(kk->given_names == "ANNA MARIA");
  // Realigning does not fix a wrong digit.
  auto bad = parse_mrz({"I<UTOD231458907<<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<7",
                        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"});
  REQUIRE(bad);
  CHECK_FALSE(bad->all_checks_ok());
}

TEST_CASE("name fields: '<X<' separators and trailing K runs are fillers", "[mrz]") {
  // "<<" read as "<X<" (or "<K<") when the field has no separator at all.
  CHECK(repair_name_field("NGUESSAN<X<BENOIT<<<<<<<<<<<<<<<<<<<<<<") ==
        "NGUESSAN<<<BENOIT<<<<<<<<<<<<<<<<<<<<<<");
  CHECK(repair_name_field("LEFEVRE<K<LEA<<<<<<<<<<<<<<<<") == "LEFEVRE<<<LEA<<<<<<<<<<<<<<<<");
  // Trailing fillers read as K, X or a stray letter after the given names.
  CHECK(repair_name_field("NGUYEN<<MAEL<<<<<<<<<<<<KKKKKKKKKKKKKKK") ==
        "NGUYEN<<MAEL<<<<<<<<<<<<<<<<<<<<<<<<<<<");
  CHECK(repair_name_field("FAURE<<ZOE<HELOISE<<<<<<<<<<A") == "FAURE<<ZOE<HELOISE<<<<<<<<<<<");
  // Real names are left alone: one-letter words before the separator, names
  // that fill the field, a field without any separator.
  CHECK(repair_name_field("MALCOLM<X<<JOHN<<<<<<<<<<<<<<") == "MALCOLM<X<<JOHN<<<<<<<<<<<<<<");
  CHECK(repair_name_field("DE<SAINT<AUBIN<<ELOISE<MARIEK") == "DE<SAINT<AUBIN<<ELOISE<MARIEK");
  CHECK(repair_name_field("ERIKSSON<<ANNA<MARIA<<<<<<<<<<") == "ERIKSSON<<ANNA<MARIA<<<<<<<<<<");
  CHECK(repair_name_field("ABCDEFGHIJKLMNOPQRSTUVWXYZABCD") == "ABCDEFGHIJKLMNOPQRSTUVWXYZABCD");

  auto td3 = parse_mrz(
      {"P<FRANGUESSAN<X<BENOIT<<<<<<<<<<<<KKKKKKKKKK", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"});
  REQUIRE(td3);
  CHECK(td3->surname == "NGUESSAN");
  CHECK(td3->given_names == "BENOIT");
  CHECK(td3->lines[0] == "P<FRANGUESSAN<<<BENOIT<<<<<<<<<<<<<<<<<<<<<<");
  CHECK(td3->all_checks_ok());
}

TEST_CASE("name repairs never touch a check digit's inputs", "[mrz]") {
  // The TD1 name line is not covered by any check digit, and the TD3 name
  // line neither: a wrong check digit elsewhere stays wrong whatever the
  // names read.
  auto bad = kTd1;
  bad[1][29] = '7';
  for (const std::string names : {"ERIKSSON<X<ANNA<<<<<<<<<KKKKKK", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"}) {
    bad[2] = names;
    auto mrz = parse_mrz(bad);
    REQUIRE(mrz);
    CHECK_FALSE(mrz->all_checks_ok());
    CHECK(mrz->lines[0] == kTd1[0]);
    CHECK(mrz->lines[1] == bad[1]);
  }
}
