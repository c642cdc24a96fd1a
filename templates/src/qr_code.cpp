#include "qr_code.h"

#include <qrencode.h>

#include <memory>

#include "cesp/core/error.h"

#include "pdf_content.h"

namespace cesp::templates {
namespace {

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

std::string qr_code_operators(const std::string& payload, double x, double y, double size) {
  std::unique_ptr<QRcode, QrFree> code(QRcode_encodeData(
      int(payload.size()), reinterpret_cast<const unsigned char*>(payload.data()), 0, QR_ECLEVEL_M));
  if (!code) throw Error(ErrorCode::invalid_argument, "QR code payload");
  const int width = code->width;
  const double module = size / width;
  std::string out = "q 0 g\n";
  for (int row = 0; row < width; ++row) {
    // Runs of dark modules become one rectangle: fewer operators.
    for (int col = 0; col < width;) {
      if (!(code->data[row * width + col] & 1)) {
        ++col;
        continue;
      }
      int end = col;
      while (end < width && (code->data[row * width + end] & 1)) ++end;
      append_number(out, x + col * module);
      out += ' ';
      append_number(out, y + size - (row + 1) * module);
      out += ' ';
      append_number(out, (end - col) * module);
      out += ' ';
      append_number(out, module);
      out += " re\n";
      col = end;
    }
  }
  out += "f\nQ\n";
  return out;
}

}  // namespace cesp::templates
