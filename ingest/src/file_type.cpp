#include "cesp/ingest/file_type.h"

#include <array>

namespace cesp::ingest {
namespace {

bool starts_with(std::string_view bytes, std::string_view magic) {
  return bytes.substr(0, magic.size()) == magic;
}

bool is_heif_brand(std::string_view brand) {
  static constexpr std::array<std::string_view, 8> kBrands = {"heic", "heix", "hevc", "hevx",
                                                              "heim", "heis", "mif1", "msf1"};
  for (auto b : kBrands)
    if (brand == b) return true;
  return false;
}

}  // namespace

std::string_view to_string(FileType type) {
  switch (type) {
    case FileType::empty: return "empty";
    case FileType::pdf: return "pdf";
    case FileType::jpeg: return "jpeg";
    case FileType::png: return "png";
    case FileType::tiff: return "tiff";
    case FileType::webp: return "webp";
    case FileType::heic: return "heic";
    case FileType::gif: return "gif";
    case FileType::zip: return "zip";
    case FileType::unknown: return "unknown";
  }
  return "unknown";
}

FileType detect_file_type(std::string_view bytes) {
  if (bytes.empty()) return FileType::empty;
  if (starts_with(bytes, "\xFF\xD8\xFF")) return FileType::jpeg;
  if (starts_with(bytes, "\x89PNG\r\n\x1A\n")) return FileType::png;
  if (starts_with(bytes, std::string_view("II*\0", 4)) || starts_with(bytes, std::string_view("MM\0*", 4)))
    return FileType::tiff;
  if (starts_with(bytes, "RIFF") && bytes.size() >= 12 && bytes.substr(8, 4) == "WEBP") return FileType::webp;
  if (starts_with(bytes, "GIF87a") || starts_with(bytes, "GIF89a")) return FileType::gif;
  if (starts_with(bytes, "PK\x03\x04") || starts_with(bytes, "PK\x05\x06")) return FileType::zip;
  if (bytes.size() >= 12 && bytes.substr(4, 4) == "ftyp") {
    if (is_heif_brand(bytes.substr(8, 4))) return FileType::heic;
    // Compatible brands follow the major brand and minor version.
    const std::size_t box =
        (static_cast<unsigned char>(bytes[2]) << 8) | static_cast<unsigned char>(bytes[3]);
    for (std::size_t at = 16; at + 4 <= box && at + 4 <= bytes.size(); at += 4)
      if (is_heif_brand(bytes.substr(at, 4))) return FileType::heic;
    return FileType::unknown;
  }
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) return FileType::pdf;
  return FileType::unknown;
}

bool is_supported(FileType type) {
  switch (type) {
    case FileType::pdf:
    case FileType::jpeg:
    case FileType::png:
    case FileType::tiff:
    case FileType::webp:
    case FileType::heic: return true;
    default: return false;
  }
}

}  // namespace cesp::ingest
