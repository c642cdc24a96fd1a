// What an uploaded file really is, decided from its first bytes only: the
// file name and the declared MIME type are never trusted.
#pragma once

#include <string_view>

namespace cesp::ingest {

enum class FileType { empty, pdf, jpeg, png, tiff, webp, heic, gif, zip, unknown };

// "pdf", "jpeg", ... "unknown".
std::string_view to_string(FileType type);

// The type announced by the magic bytes. A PDF header may sit in the first
// 1024 bytes (as readers tolerate); HEIC is an ISO-BMFF "ftyp" box with a
// HEIF brand (heic, heix, mif1...). Returns FileType::empty for no bytes.
FileType detect_file_type(std::string_view bytes);

// Types that ingest can decode into page images.
bool is_supported(FileType type);

}  // namespace cesp::ingest
