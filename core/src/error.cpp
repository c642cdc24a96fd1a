#include "cesp/core/error.h"

#include <array>

namespace cesp {
namespace {

struct CodeInfo {
  std::string_view name;
  ErrorCategory category;
  std::string_view fr;
  std::string_view en;
};

constexpr std::array kCodes = {
#define CESP_ERROR_CODE(id, category, fr, en) CodeInfo{#id, ErrorCategory::category, fr, en},
#include "cesp/core/error_codes.inc"
#undef CESP_ERROR_CODE
};

const CodeInfo& info(ErrorCode code) { return kCodes[static_cast<std::size_t>(code)]; }

std::string compose_what(ErrorCode code, const std::string& en, const std::string& context) {
  std::string what(code_name(code));
  what += ": ";
  what += en;
  if (!context.empty()) {
    what += " (";
    what += context;
    what += ")";
  }
  return what;
}

}  // namespace

std::string_view code_name(ErrorCode code) { return info(code).name; }
ErrorCategory category_of(ErrorCode code) { return info(code).category; }
std::string_view default_message_fr(ErrorCode code) { return info(code).fr; }
std::string_view default_message_en(ErrorCode code) { return info(code).en; }

std::string_view category_name(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::usage: return "usage";
    case ErrorCategory::invalid_input: return "invalid_input";
    case ErrorCategory::not_found: return "not_found";
    case ErrorCategory::unauthenticated: return "unauthenticated";
    case ErrorCategory::forbidden: return "forbidden";
    case ErrorCategory::conflict: return "conflict";
    case ErrorCategory::too_large: return "too_large";
    case ErrorCategory::rate_limited: return "rate_limited";
    case ErrorCategory::integrity: return "integrity";
    case ErrorCategory::unavailable: return "unavailable";
    case ErrorCategory::internal: return "internal";
  }
  return "internal";
}

bool parse_code_name(std::string_view name, ErrorCode& code) {
  for (std::size_t i = 0; i < kCodes.size(); ++i) {
    if (kCodes[i].name == name) {
      code = static_cast<ErrorCode>(i);
      return true;
    }
  }
  return false;
}

Error::Error(ErrorCode code, std::string context)
    : Error(code, std::string(default_message_fr(code)), std::string(default_message_en(code)),
            std::move(context)) {}

Error::Error(ErrorCode code, std::string message_fr, std::string message_en, std::string context)
    : code_(code),
      message_fr_(std::move(message_fr)),
      message_en_(std::move(message_en)),
      context_(std::move(context)),
      what_(compose_what(code_, message_en_, context_)) {}

}  // namespace cesp
