// QR codes through libqrencode, drawn as vector squares (no image needed).
#pragma once

#include <string>

namespace cesp::templates {

// Content-stream operators drawing the QR code of `payload` (byte mode,
// error correction M) in the square whose lower-left corner is (x, y).
// Throws Error(invalid_argument) when the payload cannot be encoded.
std::string qr_code_operators(const std::string& payload, double x, double y, double size);

}  // namespace cesp::templates
