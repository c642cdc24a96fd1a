// IBAN check (ISO 13616: structure and the mod-97 key).
#pragma once

#include <string>
#include <string_view>

namespace cesp::templates {

// The IBAN without spaces, upper-cased, when its structure and key are
// valid; an empty string otherwise.
std::string normalized_iban(std::string_view text);

}  // namespace cesp::templates
