// The one error type of the project.
//
// Every failure that crosses a module boundary is a cesp::Error carrying a
// stable machine code (safe to match on in scripts, tests and API clients), a
// human message in French (shown to users) and in English (written to logs),
// and free-form context (file, field, offset...). Codes never change meaning;
// new ones are appended to the list in error_codes.inc.
//
// Mapping a code to an HTTP status or a CLI exit code is done once, from the
// code's Category, in server/ (see cesp/server/error_mapping.h).
#pragma once

#include <exception>
#include <string>
#include <string_view>

namespace cesp {

// Broad families of failure; each code belongs to exactly one.
enum class ErrorCategory {
  usage,            // the caller used a command or API wrongly
  invalid_input,    // data given to us is malformed or fails a rule
  not_found,        // the named thing does not exist
  unauthenticated,  // no or bad credentials
  forbidden,        // credentials fine, action not allowed for this role
  conflict,         // the action clashes with the current state
  too_large,        // a bound on size, pixels, pages or time was exceeded
  rate_limited,     // too many attempts; retry later
  integrity,        // stored or signed data failed a check (tampering, corruption)
  unavailable,      // a dependency (database, TSA, worker) did not answer
  internal,         // a bug or an unexpected failure on our side
};

enum class ErrorCode {
#define CESP_ERROR_CODE(id, category, fr, en) id,
#include "cesp/core/error_codes.inc"
#undef CESP_ERROR_CODE
};

inline constexpr std::size_t kErrorCodeCount = 0
#define CESP_ERROR_CODE(id, category, fr, en) +1
#include "cesp/core/error_codes.inc"
#undef CESP_ERROR_CODE
    ;

// The stable string for a code, e.g. "quota_exhausted".
std::string_view code_name(ErrorCode code);
ErrorCategory category_of(ErrorCode code);
std::string_view category_name(ErrorCategory category);
// The default human messages for a code.
std::string_view default_message_fr(ErrorCode code);
std::string_view default_message_en(ErrorCode code);
// Returns false when name is not a known code; code is left untouched then.
bool parse_code_name(std::string_view name, ErrorCode& code);

class Error : public std::exception {
 public:
  // Uses the code's default messages; context says where or what.
  explicit Error(ErrorCode code, std::string context = {});
  Error(ErrorCode code, std::string message_fr, std::string message_en, std::string context = {});

  ErrorCode code() const noexcept { return code_; }
  std::string_view code_name() const noexcept { return cesp::code_name(code_); }
  ErrorCategory category() const noexcept { return category_of(code_); }
  const std::string& message_fr() const noexcept { return message_fr_; }
  const std::string& message_en() const noexcept { return message_en_; }
  const std::string& context() const noexcept { return context_; }

  // "code: English message (context)", for logs.
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  ErrorCode code_;
  std::string message_fr_;
  std::string message_en_;
  std::string context_;
  std::string what_;
};

}  // namespace cesp
