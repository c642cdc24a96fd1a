#include "cesp/ocr/mrz_consensus.h"

#include <catch2/catch.hpp>

using namespace cesp::ocr;

namespace {
// ICAO 9303 part 5 (TD1) and part 4 (TD3) specimens.
const std::vector<std::string> kTd1 = {"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
                                       "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"};
const std::vector<std::string> kTd3 = {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                       "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};
const std::string kAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<";

// The TD1 specimen with a wrong document-number check digit and a composite
// computed over it (the forgery samples/pieces draws): only one check fails.
std::vector<std::string> forged_td1() {
  auto lines = kTd1;
  lines[0][14] = '4';
  std::string composite =
      lines[0].substr(5, 25) + lines[1].substr(0, 7) + lines[1].substr(8, 7) + lines[1].substr(18, 11);
  lines[1][29] = static_cast<char>('0' + mrz_check_digit(composite));
  return lines;
}
}  // namespace

TEST_CASE("readings misread in different lines combine into the passing MRZ", "[mrz_consensus]") {
  auto a = kTd1, b = kTd1, c = kTd1;
  a[0] = "I<UTOD2314S89O7<<<<<<<<<<<<<<<";  // 'D231458907': 5 read as S, 0 as O (alphanumeric: kept)
  b[1] = "7408122F1204159UTO<<<<<<<<<<<8";  // composite misread
  c[0] = "I<UTOD23I458907<<<<<<<<<<<<<<<";
  const auto consensus = combine_mrz_readings({a, b, c});
  REQUIRE(consensus.mrz);
  CHECK(consensus.mrz->all_checks_ok());
  CHECK(consensus.mrz->document_number == "D23145890");
  CHECK(consensus.readings == 3);
  CHECK(consensus.agreeing == 0);  // no single reading had it all right
  CHECK_FALSE(consensus.ambiguous);
}

TEST_CASE("the names line most readings agree on is taken", "[mrz_consensus]") {
  auto a = kTd3, b = kTd3, c = kTd3;
  a[0] = "P<UTOERIKSSON<<ANNA<MARLA<<<<<<<<<<<<<<<<<<<";
  const auto consensus = combine_mrz_readings({a, b, c});
  REQUIRE(consensus.mrz);
  CHECK(consensus.mrz->given_names == "ANNA MARIA");
  CHECK(consensus.agreeing == 3);
}

TEST_CASE("a wrong check digit read the same way by every reading stays wrong", "[mrz_consensus]") {
  const auto forged = forged_td1();
  const auto consensus = combine_mrz_readings({forged, forged, forged});
  REQUIRE(consensus.mrz);
  CHECK_FALSE(consensus.mrz->all_checks_ok());
  CHECK(consensus.agreeing == 3);
  CHECK(consensus.mrz->lines == forged);
}

TEST_CASE("no single misread character turns a forged MRZ into a pass", "[mrz_consensus]") {
  // Every reading set {printed, printed with one character changed}: each
  // combination is at most one character away from the print, and one
  // character cannot satisfy both a field's check digit and the composite.
  const auto forged = forged_td1();
  int combinations = 0;
  for (std::size_t line = 0; line < forged.size(); ++line)
    for (std::size_t pos = 0; pos < forged[line].size(); ++pos)
      for (char c : kAlphabet) {
        if (c == forged[line][pos]) continue;
        auto misread = forged;
        misread[line][pos] = c;
        const auto consensus = combine_mrz_readings({forged, misread});
        REQUIRE(consensus.mrz);
        INFO("line " << line << " pos " << pos << " read " << c);
        CHECK_FALSE(consensus.mrz->all_checks_ok());
        ++combinations;
      }
  CHECK(combinations > 3000);
}

TEST_CASE("readings without an MRZ are skipped; none at all gives nothing", "[mrz_consensus]") {
  CHECK_FALSE(combine_mrz_readings({}).mrz);
  CHECK_FALSE(combine_mrz_readings({{"REPUBLIQUE FRANCAISE"}, {}}).mrz);
  const auto consensus = combine_mrz_readings({{"noise"}, kTd3});
  REQUIRE(consensus.mrz);
  CHECK(consensus.mrz->all_checks_ok());
  CHECK(consensus.readings == 1);
  CHECK(mrz_checked_text(*consensus.mrz) ==
        kTd3[1].substr(0, 10) + kTd3[1].substr(13, 7) + kTd3[1].substr(21, 23));
}

// `printed` (a valid TD3) read by two readers alike, with character `pos`
// of its second line read as `read_as`.
MrzConsensus read_twice_with(const std::vector<std::string>& printed, std::size_t pos, char read_as) {
  REQUIRE(parse_mrz(printed)->all_checks_ok());
  auto read = printed;
  read[1][pos] = read_as;
  return combine_mrz_readings({read, read}, {"glyphs", "english"});
}

TEST_CASE("an 'O' read for a '0' in the alphanumeric document number is swapped back by the checks",
          "[mrz_consensus]") {
  // A French passport number "M9SAA04EK" read "M9SAAO4EK" by every reader.
  const auto consensus = read_twice_with(
      {"P<FRABOYER<<JEROME<<<<<<<<<<<<<<<<<<<<<<<<<<", "M9SAA04EK9FRA0408271M3402281<<<<<<<<<<<<<<<6"}, 5, 'O');
  REQUIRE(consensus.mrz);
  CHECK(consensus.mrz->all_checks_ok());
  CHECK(consensus.mrz->document_number == "M9SAA04EK");
  CHECK(consensus.agreeing == 0);
}

TEST_CASE("a '6' in the document number does not tie with a 'G' when an 'O' is swapped back",
          "[mrz_consensus]") {
  // Phone photo of a stock passport: CUK6C9RV0 read CUK6C9RVO by every
  // reader, refused while G/6 swaps (invisible to the checks) tied.
  const auto consensus = read_twice_with(
      {"P<FRAHOARAU<<LOIC<PIERRE<<<<<<<<<<<<<<<<<<<<", "CUK6C9RV03FRA0409175M3402281<<<<<<<<<<<<<<<2"}, 8, 'O');
  REQUIRE(consensus.mrz);
  CHECK(consensus.mrz->all_checks_ok());
  CHECK(consensus.mrz->document_number == "CUK6C9RV0");
  CHECK_FALSE(consensus.ambiguous);
}

TEST_CASE("swaps that pass in several ways leave the digit for a human, not a refusal", "[mrz_consensus]") {
  // 0BE57HXSW read OBE57HXSW by every reader: swapping the O, or the B and
  // the 5, or the B and the S... all pass. None is taken, and the readers'
  // agreement on the 'O' does not make the print wrong.
  const auto consensus = read_twice_with(
      {"P<FRACOTE<<JEAN<NOEL<<<<<<<<<<<<<<<<<<<<<<<<", "0BE57HXSW7FRA0409256M3402281<<<<<<<<<<<<<<<4"}, 0, 'O');
  REQUIRE(consensus.mrz);
  CHECK_FALSE(consensus.mrz->all_checks_ok());
  CHECK(consensus.ambiguous);
  CHECK(consensus.agreeing <= 1);
}

// A consistent TD1 (the specimen's other fields) around document number
// `number`, then the document-number check digit changed by `forged_by`
// without recomputing the composite.
std::vector<std::string> td1_with_number(const std::string& number, int forged_by = 0) {
  auto lines = kTd1;
  lines[0].replace(5, 9, number);
  lines[0][14] = static_cast<char>('0' + mrz_check_digit(number));
  std::string composite =
      lines[0].substr(5, 25) + lines[1].substr(0, 7) + lines[1].substr(8, 7) + lines[1].substr(18, 11);
  lines[1][29] = static_cast<char>('0' + mrz_check_digit(composite));
  lines[0][14] = static_cast<char>('0' + (lines[0][14] - '0' + forged_by) % 10);
  return lines;
}

TEST_CASE("look-alike swaps never pass a check digit forged after the composite was computed",
          "[mrz_consensus]") {
  // BAC3D4E7O has two look-alikes: B->8 adds 9 (weight 7), O->0 adds 6
  // (weight 1). With its check digit changed by 5 and the composite left as
  // computed before, both checks fail by 5 and swapping both would pass them.
  for (int k = 1; k <= 9; ++k) {
    const auto forged = td1_with_number("BAC3D4E7O", k);
    const auto consensus = combine_mrz_readings({forged});
    REQUIRE(consensus.mrz);
    INFO("check digit changed by " << k);
    CHECK_FALSE(consensus.mrz->all_checks_ok());
  }
  // A genuine misread of such a number (its final 0 read as O) is resolved.
  auto misread = td1_with_number("BAC3D4E70");
  misread[0][13] = 'O';
  const auto consensus = combine_mrz_readings({misread});
  REQUIRE(consensus.mrz);
  CHECK(consensus.mrz->all_checks_ok());
  CHECK(consensus.mrz->document_number == "BAC3D4E70");
}

TEST_CASE("look-alike swaps never pass a forged check digit, even with a misread elsewhere",
          "[mrz_consensus]") {
  // The forged TD1 (wrong document-number check digit, consistent
  // composite), its number holding four look-alikes (D23145890), read with
  // any one other character wrong: no combination, swaps included, passes.
  const auto forged = forged_td1();
  for (std::size_t line = 0; line < 2; ++line)
    for (std::size_t pos = 0; pos < forged[line].size(); ++pos)
      for (char c : kAlphabet) {
        if (c == forged[line][pos]) continue;
        auto misread = forged;
        misread[line][pos] = c;
        const auto consensus = combine_mrz_readings({misread});
        REQUIRE(consensus.mrz);
        INFO("line " << line << " pos " << pos << " read " << c);
        CHECK_FALSE(consensus.mrz->all_checks_ok());
      }
  // The same for every TD3 line-2 character of a French passport (no
  // personal number: the swaps apply) whose document check digit was
  // changed (composite recomputed over it), read alone or with the print.
  std::vector<std::string> td3 = {"P<FRABOYER<<JEROME<<<<<<<<<<<<<<<<<<<<<<<<<<",
                                  "M9SAA04EK9FRA0408271M3402281<<<<<<<<<<<<<<<6"};
  td3[1][9] = '1';
  std::string composite = td3[1].substr(0, 10) + td3[1].substr(13, 7) + td3[1].substr(21, 22);
  td3[1][43] = static_cast<char>('0' + mrz_check_digit(composite));
  for (std::size_t pos = 0; pos < td3[1].size(); ++pos)
    for (char c : kAlphabet) {
      if (c == td3[1][pos]) continue;
      auto misread = td3;
      misread[1][pos] = c;
      for (const auto& readings : {std::vector<std::vector<std::string>>{misread},
                                   std::vector<std::vector<std::string>>{misread, td3}}) {
        const auto consensus = combine_mrz_readings(readings);
        REQUIRE(consensus.mrz);
        INFO("pos " << pos << " read " << c);
        CHECK_FALSE(consensus.mrz->all_checks_ok());
      }
    }
}
