#include "cesp/ingest/file_type.h"

#include <catch2/catch.hpp>

#include <string>

using namespace cesp::ingest;
using namespace std::string_literals;

TEST_CASE("types come from magic bytes only", "[file_type]") {
  CHECK(detect_file_type("") == FileType::empty);
  CHECK(detect_file_type("%PDF-1.7\n...") == FileType::pdf);
  CHECK(detect_file_type("\xEF\xBB\xBF junk then %PDF-1.4") == FileType::pdf);  // header within 1 KiB
  CHECK(detect_file_type(std::string(2000, ' ') + "%PDF-1.4") == FileType::unknown);
  CHECK(detect_file_type("\xFF\xD8\xFF\xE0") == FileType::jpeg);
  CHECK(detect_file_type("\x89PNG\r\n\x1A\n....") == FileType::png);
  CHECK(detect_file_type("II*\0rest"s) == FileType::tiff);
  CHECK(detect_file_type("MM\0*rest"s) == FileType::tiff);
  CHECK(detect_file_type("RIFF\x10\0\0\0WEBPVP8 "s) == FileType::webp);
  CHECK(detect_file_type("RIFF\x10\0\0\0WAVEfmt "s) == FileType::unknown);
  CHECK(detect_file_type("\0\0\0\x18"
                         "ftypheic\0\0\0\0mif1heic"s) == FileType::heic);
  CHECK(detect_file_type("\0\0\0\x18"
                         "ftypmif1\0\0\0\0mif1heic"s) == FileType::heic);
  CHECK(detect_file_type("\0\0\0\x14"
                         "ftypavif\0\0\0\0avif"s) == FileType::unknown);
  CHECK(detect_file_type("\0\0\0\x14"
                         "ftypisom\0\0\0\0isom"s) == FileType::unknown);
  CHECK(detect_file_type("PK\x03\x04 zip named .pdf") == FileType::zip);
  CHECK(detect_file_type("GIF89a") == FileType::gif);
  CHECK(detect_file_type("Titulaire : M. DUPONT") == FileType::unknown);
}

TEST_CASE("only decodable types are supported", "[file_type]") {
  for (auto t :
       {FileType::pdf, FileType::jpeg, FileType::png, FileType::tiff, FileType::webp, FileType::heic})
    CHECK(is_supported(t));
  for (auto t : {FileType::empty, FileType::gif, FileType::zip, FileType::unknown})
    CHECK_FALSE(is_supported(t));
}
