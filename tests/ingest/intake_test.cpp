#include "cesp/ingest/intake.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace cesp::ingest;

namespace {

std::string read(const std::string& relative) {
  std::ifstream in(std::string(CESP_SOURCE_DIR) + "/samples/pieces/" + relative, std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Converts a sample with ImageMagick (a real, independent encoder).
std::string converted(const std::string& relative, const std::string& extension,
                      const std::string& options = "") {
  const auto dir = std::filesystem::temp_directory_path() / ("cesp-intake-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto out = dir / ("out." + extension);
  const std::string command = "convert '" + std::string(CESP_SOURCE_DIR) + "/samples/pieces/" + relative +
                              "' " + options + " '" + out.string() + "'";
  REQUIRE(std::system(command.c_str()) == 0);
  std::ifstream in(out, std::ios::binary);
  std::ostringstream data;
  data << in.rdbuf();
  std::filesystem::remove_all(dir);
  return data.str();
}

}  // namespace

TEST_CASE("PNG, JPEG and image-only PDF decode to upright grey pages", "[intake]") {
  auto png = decode_upload(read("clean/cni_anais.png"));
  REQUIRE_FALSE(png.rejection);
  REQUIRE(png.pages.size() == 1);
  CHECK(png.pages[0].width == 1011);
  CHECK(png.pages[0].height == 638);
  CHECK(png.pages[0].gray.size() == 1011u * 638u);

  auto jpeg = decode_upload(read("phone/cni_anais.jpg"));
  REQUIRE_FALSE(jpeg.rejection);
  CHECK(jpeg.type == FileType::jpeg);

  auto pdf = decode_upload(read("pdf/cni_anais.pdf"));
  REQUIRE_FALSE(pdf.rejection);
  REQUIRE(pdf.pages.size() == 1);
  // 1011 px at 300 dpi rendered at 300 dpi.
  CHECK(std::abs(pdf.pages[0].width - 1011) <= 1);
  CHECK(pdf.pages[0].text_layer.find_first_not_of(" \n\f") == std::string::npos);
}

TEST_CASE("TIFF, WebP and HEIC decode", "[intake]") {
  auto tiff = decode_upload(converted("clean/rib_anais.png", "tif", "-compress lzw"));
  INFO((tiff.rejection ? tiff.rejection->code : "ok"));
  REQUIRE_FALSE(tiff.rejection);
  CHECK(tiff.type == FileType::tiff);
  CHECK(tiff.pages.at(0).width == 2480);
  auto webp = decode_upload(converted("clean/cni_anais.png", "webp"));
  INFO((webp.rejection ? webp.rejection->code : "ok"));
  REQUIRE_FALSE(webp.rejection);
  CHECK(webp.pages.at(0).height == 638);
  // HEIC (HEVC in HEIF, the iPhone default) through libheif.
  auto heic = decode_upload(converted("clean/cni_anais.png", "heic"));
  INFO((heic.rejection ? heic.rejection->message : "ok"));
  REQUIRE_FALSE(heic.rejection);
  CHECK(heic.type == FileType::heic);
  CHECK(heic.pages.at(0).width == 1011);
}

// A JPEG with an EXIF APP1 segment holding only Orientation = `tag`.
std::string with_orientation(const std::string& jpeg, int tag) {
  std::string tiff("MM\0\x2A\0\0\0\x08", 8);
  tiff += std::string("\0\x01", 2);                      // one IFD entry
  tiff += std::string("\x01\x12\0\x03\0\0\0\x01\0", 9);  // Orientation, SHORT, 1
  tiff += static_cast<char>(tag);
  tiff += std::string("\0\0\0\0\0\0", 6);  // padding, no next IFD
  const std::string payload = std::string("Exif\0\0", 6) + tiff;
  const std::size_t length = payload.size() + 2;
  std::string app1 = "\xFF\xE1";
  app1 += static_cast<char>(length >> 8);
  app1 += static_cast<char>(length & 0xFF);
  return jpeg.substr(0, 2) + app1 + payload + jpeg.substr(2);
}

TEST_CASE("EXIF orientation is applied to JPEG photos", "[intake]") {
  const auto upright = decode_upload(converted("clean/cni_anais.png", "jpg"));
  REQUIRE_FALSE(upright.rejection);
  // Pixels stored turned a quarter counter-clockwise; tag 6 says "turn clockwise to view".
  const std::string stored = converted("clean/cni_anais.png", "jpg", "-rotate -90");
  const auto raw = decode_upload(stored);
  REQUIRE_FALSE(raw.rejection);
  CHECK(raw.pages.at(0).width == 638);
  const auto turned = decode_upload(with_orientation(stored, 6));
  REQUIRE_FALSE(turned.rejection);
  REQUIRE(turned.pages.at(0).width == 1011);
  REQUIRE(turned.pages.at(0).height == 638);
  double difference = 0;
  for (std::size_t i = 0; i < turned.pages[0].gray.size(); ++i)
    difference += std::abs(int(turned.pages[0].gray[i]) - int(upright.pages[0].gray[i]));
  CHECK(difference / static_cast<double>(turned.pages[0].gray.size()) < 8.0);
  // Tag 3: upside down.
  const auto flipped =
      decode_upload(with_orientation(converted("clean/cni_anais.png", "jpg", "-rotate 180"), 3));
  REQUIRE_FALSE(flipped.rejection);
  difference = 0;
  for (std::size_t i = 0; i < flipped.pages[0].gray.size(); ++i)
    difference += std::abs(int(flipped.pages[0].gray[i]) - int(upright.pages[0].gray[i]));
  CHECK(difference / static_cast<double>(flipped.pages[0].gray.size()) < 8.0);
}

TEST_CASE("hostile files are refused with their reason code", "[intake][hostile]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"hostile/empty.pdf", "unreadable"},           {"hostile/truncated.png", "unreadable"},
      {"hostile/truncated.pdf", "unreadable"},       {"hostile/zip_named.pdf", "unsupported_type"},
      {"hostile/bomb.png", "too_many_pixels"},       {"hostile/many_pages.pdf", "too_many_pages"},
      {"hostile/huge_page.pdf", "too_many_pixels"},  {"hostile/text_named.jpg", "unsupported_type"},
      {"hostile/animation.gif", "unsupported_type"}, {"hostile/jpeg_header_only.jpg", "unreadable"},
  };
  for (const auto& [file, code] : cases) {
    auto result = decode_upload(read(file));
    INFO(file);
    REQUIRE(result.rejection);
    CHECK(result.rejection->code == code);
    CHECK_FALSE(result.rejection->message.empty());
    CHECK(result.pages.empty());
  }
}

TEST_CASE("bounds are configurable and checked before decoding", "[intake]") {
  const std::string png = read("clean/rib_anais.png");
  IntakeLimits small;
  small.max_bytes = 1000;
  CHECK(decode_upload(png, small).rejection->code == "too_large");
  IntakeLimits few_pixels;
  few_pixels.max_pixels = 2480 * 1400 - 1;
  CHECK(decode_upload(png, few_pixels).rejection->code == "too_many_pixels");
  IntakeLimits one_page;
  one_page.max_pages = 0;
  CHECK(decode_upload(read("pdf/rib_anais.pdf"), one_page).rejection->code == "too_many_pages");
}

TEST_CASE("every truncation of a PNG is refused cleanly, never a crash", "[intake][hostile]") {
  const std::string png = read("clean/cni_anais.png");
  for (std::size_t size : {8ul, 16ul, 33ul, 100ul, 1000ul, png.size() / 2, png.size() - 20}) {
    auto result = decode_upload(png.substr(0, size));
    INFO(size);
    REQUIRE(result.rejection);
    CHECK(result.rejection->code == "unreadable");
  }
}
