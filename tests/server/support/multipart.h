// Builds multipart/form-data bodies for upload tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace cesp::test {

inline std::string read_binary(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

struct Multipart {
  static constexpr const char* kBoundary = "----cesp-test-boundary-7d1f";
  std::string body;

  Multipart& field(const std::string& name, const std::string& value) {
    body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name +
            "\"\r\n\r\n" + value + "\r\n";
    return *this;
  }
  Multipart& file(const std::string& name, const std::string& filename, const std::string& bytes) {
    body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name +
            "\"; filename=\"" + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bytes +
            "\r\n";
    return *this;
  }
  std::string finish() const { return body + "--" + kBoundary + "--\r\n"; }
  static std::string content_type() { return std::string("multipart/form-data; boundary=") + kBoundary; }
};

}  // namespace cesp::test
