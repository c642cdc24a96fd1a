// Multipart/form-data uploads streamed to disk: each file part goes straight
// to a file in a private temporary folder, never whole into memory, and the
// upload is refused (Error(too_large)) as soon as a part or the total passes
// its bound. The folder is removed when the Upload is destroyed.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "http/exchange.h"

namespace cesp::server {

struct UploadLimits {
  std::size_t max_file_bytes = 20u << 20;
  std::size_t max_total_bytes = 64u << 20;
  int max_files = 4;
  std::size_t max_field_bytes = 4096;
};

struct UploadedFile {
  std::string field;     // form field name, e.g. "file"
  std::string filename;  // as sent by the client (display only, never a path)
  std::filesystem::path path;
  std::size_t size = 0;
};

class Upload {
 public:
  // Reads the whole request body. Error(invalid_argument) if it is not
  // multipart/form-data, Error(too_large) past a limit.
  Upload(Exchange& exchange, const std::filesystem::path& temp_root, const UploadLimits& limits = {});
  ~Upload();
  Upload(const Upload&) = delete;
  Upload& operator=(const Upload&) = delete;

  const std::vector<UploadedFile>& files() const { return files_; }
  // A plain (non-file) field; empty when absent.
  std::string field(const std::string& name) const;

 private:
  std::filesystem::path dir_;
  std::vector<UploadedFile> files_;
  std::map<std::string, std::string> fields_;
};

}  // namespace cesp::server
