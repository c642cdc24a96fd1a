#include "cesp/ingest/intake.h"

#include "decoders.h"

namespace cesp::ingest {

Rejection make_rejection(std::string code, std::string detail) {
  std::string message;
  if (code == "unreadable")
    message = "Le fichier est illisible ou endommagé.";
  else if (code == "unsupported_type")
    message = "Type de fichier non accepté (formats acceptés : PDF, JPEG, PNG, TIFF, WebP, HEIC).";
  else if (code == "too_large")
    message = "Le fichier est trop volumineux.";
  else if (code == "too_many_pixels")
    message = "L'image est trop grande (nombre de pixels).";
  else if (code == "too_many_pages")
    message = "Le document a trop de pages.";
  else if (code == "timeout")
    message = "Le traitement du fichier a pris trop de temps.";
  else
    message = "Le fichier a été refusé.";
  if (!detail.empty()) message += " (" + detail + ")";
  return Rejection{std::move(code), std::move(message)};
}

namespace detail {
IntakeResult rejected(FileType type, std::string code, std::string detail) {
  IntakeResult result;
  result.type = type;
  result.rejection = make_rejection(std::move(code), std::move(detail));
  return result;
}
}  // namespace detail

IntakeResult decode_upload(std::string_view bytes, const IntakeLimits& limits) {
  if (bytes.size() > limits.max_bytes)
    return detail::rejected(
        FileType::unknown, "too_large",
        std::to_string(bytes.size() / 1024) + " Kio > " + std::to_string(limits.max_bytes / 1024) + " Kio");
  const FileType type = detect_file_type(bytes);
  if (type == FileType::empty) return detail::rejected(type, "unreadable", "fichier vide");
  if (!is_supported(type)) return detail::rejected(type, "unsupported_type", std::string(to_string(type)));
  IntakeResult result;
  switch (type) {
    case FileType::pdf: result = detail::decode_pdf(bytes, limits); break;
    case FileType::heic: result = detail::decode_heic(bytes, limits); break;
    default: result = detail::decode_raster(bytes, type, limits); break;
  }
  result.type = type;
  if (!result.rejection && result.pages.empty()) return detail::rejected(type, "unreadable", "aucune page");
  return result;
}

}  // namespace cesp::ingest
