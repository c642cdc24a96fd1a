// SHA-256 through OpenSSL; the only file of templates/ that includes OpenSSL.
#pragma once

#include <string>
#include <string_view>

namespace cesp::templates {

// Lower-case hexadecimal SHA-256 of bytes.
std::string sha256_hex(std::string_view bytes);

}  // namespace cesp::templates
