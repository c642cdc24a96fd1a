#include "cesp/ocr/bank.h"

#include <catch2/catch.hpp>

using namespace cesp::ocr;

TEST_CASE("IBAN mod 97 on published examples", "[bank]") {
  CHECK(iban_checksum_valid("FR14 2004 1010 0505 0001 3M02 606"));
  CHECK(iban_checksum_valid("FR7630006000011234567890189"));
  CHECK(iban_checksum_valid("DE89 3704 0044 0532 0130 00"));
  CHECK(iban_checksum_valid("GB82 WEST 1234 5698 7654 32"));
  CHECK_FALSE(iban_checksum_valid("FR7630006000011234567890188"));
  CHECK_FALSE(iban_checksum_valid("FR763000600001123456789018"));  // too short for FR
  CHECK_FALSE(iban_checksum_valid(""));
  CHECK_FALSE(iban_checksum_valid("FR76 3000 6000 0112 3456 7890 18!"));
  CHECK(iban_check_digits("FR", "30006000011234567890189") == "76");
}

TEST_CASE("every single-digit change and adjacent swap of an IBAN is caught", "[bank]") {
  const std::string good = "FR7630006000011234567890189";
  for (std::size_t i = 2; i < good.size(); ++i) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == good[i] || !(good[i] >= '0' && good[i] <= '9')) continue;
      std::string bad = good;
      bad[i] = d;
      INFO(bad);
      CHECK_FALSE(iban_checksum_valid(bad));
    }
    if (i + 1 < good.size() && good[i] != good[i + 1]) {
      std::string swapped = good;
      std::swap(swapped[i], swapped[i + 1]);
      CHECK_FALSE(iban_checksum_valid(swapped));
    }
  }
}

TEST_CASE("clé RIB, letters in the account number included", "[bank]") {
  CHECK(rib_key("30006", "00001", "12345678901") == 89);
  CHECK(rib_key("20041", "01005", "0500013M026") == 6);
  CHECK(rib_key("2004", "01005", "0500013M026") == -1);
  CHECK(rib_key("20041", "01005", "0500013m026") == -1);

  auto bban = french_bban("FR14 2004 1010 0505 0001 3M02 606");
  REQUIRE(bban);
  CHECK(bban->bank_code == "20041");
  CHECK(bban->branch_code == "01005");
  CHECK(bban->account_number == "0500013M026");
  CHECK(bban->rib_key == "06");
  CHECK(bban->key_valid);
  // A wrong key in an IBAN whose own check digits were recomputed: the IBAN
  // passes mod 97 but the RIB key does not.
  const std::string bad_key_bban = "30006000011234567890188";
  const std::string iban = "FR" + iban_check_digits("FR", bad_key_bban) + bad_key_bban;
  CHECK(iban_checksum_valid(iban));
  auto bad = french_bban(iban);
  REQUIRE(bad);
  CHECK_FALSE(bad->key_valid);
  CHECK_FALSE(french_bban("DE89370400440532013000"));
}

TEST_CASE("BIC format", "[bank]") {
  CHECK(bic_format_valid("BNPAFRPP"));
  CHECK(bic_format_valid("BNPAFRPPXXX"));
  CHECK(bic_format_valid("AGRIFRPP882"));
  CHECK_FALSE(bic_format_valid("BNPAFRP"));
  CHECK_FALSE(bic_format_valid("BNP1FRPP"));
  CHECK_FALSE(bic_format_valid("BNPAF1PP"));
  CHECK_FALSE(bic_format_valid("BNPAFRPPXX"));
  CHECK_FALSE(bic_format_valid("bnpafrpp"));
}

TEST_CASE("a '0' read as 'O' in an account number with letters is resolved by both checksums", "[bank]") {
  // The published example FR14 2004 1010 0505 0001 3M02 606, its account
  // "0500013M026" read with 'O' for '0' (one, then several).
  const std::string good = "FR1420041010050500013M02606";
  std::string misread = good;
  misread[18] = 'O';  // "0500013M026": the '0' before the 1
  CHECK(resolve_account_lookalikes(misread) == good);
  misread[14] = 'O';
  misread[16] = 'O';
  CHECK(resolve_account_lookalikes(misread) == good);
  // Already valid, or no look-alike to change: nothing to resolve.
  CHECK_FALSE(resolve_account_lookalikes(good));
  CHECK_FALSE(resolve_account_lookalikes("FR7630006000011234567890188"));
  CHECK_FALSE(resolve_account_lookalikes(""));
  CHECK(same_account_but_lookalikes("050OO13M026", "0500013M026"));
  CHECK_FALSE(same_account_but_lookalikes("0500014M026", "0500013M026"));
}

TEST_CASE("look-alike resolution never accepts a wrong digit, key or check digits", "[bank]") {
  // A printed IBAN or clé RIB with one wrong digit, then read with each
  // single letter-for-digit misread of its account number: no variant may
  // pass both checksums.
  for (const std::string good : {"FR1420041010050500013M02606", "FR7630006000011234567890189"}) {
    for (std::size_t wrong = 2; wrong < good.size(); ++wrong) {
      if (good[wrong] < '0' || good[wrong] > '9') continue;
      for (char d = '0'; d <= '9'; ++d) {
        if (d == good[wrong]) continue;
        std::string printed = good;
        printed[wrong] = d;
        for (std::size_t misread = 14; misread < 25; ++misread) {
          std::string read = printed;
          if (read[misread] == '0')
            read[misread] = 'O';
          else if (read[misread] == '1')
            read[misread] = 'I';
          else if (read[misread] == '5')
            read[misread] = 'S';
          else if (read[misread] == '8')
            read[misread] = 'B';
          INFO(printed << " read " << read);
          CHECK_FALSE(resolve_account_lookalikes(read));
        }
      }
    }
  }
}

TEST_CASE("a letter of the account read as a digit is told apart from a wrong IBAN, never accepted",
          "[bank]") {
  const std::string good = "FR3330002005500000157841Z25";
  const std::string misread = "FR3330002005500000157841225";  // Z read as 2
  CHECK(iban_checksum_valid(good));
  CHECK_FALSE(iban_checksum_valid(misread));
  CHECK(validates_with_one_letter(misread));
  CHECK_FALSE(resolve_account_lookalikes(misread));  // digits never become letters by themselves
  CHECK_FALSE(validates_with_one_letter(good));      // nothing to tell: it passes
  // Another digit wrong as well: no single letter saves it.
  CHECK_FALSE(validates_with_one_letter("FR3330002005500000157941225"));
  CHECK_FALSE(validates_with_one_letter("FR76300060000112345678901"));  // too short
}
