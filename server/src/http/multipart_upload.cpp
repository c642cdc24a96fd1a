#include "http/multipart_upload.h"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>
#include <openssl/rand.h>

#include <fstream>

#include "cesp/core/digest.h"
#include "cesp/core/error.h"

namespace cesp::server {
namespace {

class DiskPartHandler final : public Poco::Net::PartHandler {
 public:
  DiskPartHandler(const std::filesystem::path& dir, const UploadLimits& limits,
                  std::vector<UploadedFile>& files)
      : dir_(dir), limits_(limits), files_(files) {}

  void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
    std::string disposition;
    Poco::Net::NameValueCollection params;
    Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition, params);
    if (static_cast<int>(files_.size()) >= limits_.max_files) {
      throw Error(ErrorCode::too_large, "plus de " + std::to_string(limits_.max_files) + " fichiers");
    }
    UploadedFile file;
    file.field = params.get("name", "file");
    file.filename = params.get("filename", "").substr(0, 200);
    file.path = dir_ / ("part-" + std::to_string(files_.size()));
    std::ofstream out(file.path, std::ios::binary);
    if (!out) throw Error(ErrorCode::io_error, "fichier temporaire");
    char buffer[64 * 1024];
    while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) {
      const auto n = static_cast<std::size_t>(stream.gcount());
      file.size += n;
      total_ += n;
      if (file.size > limits_.max_file_bytes) {
        throw Error(ErrorCode::too_large,
                    "fichier > " + std::to_string(limits_.max_file_bytes >> 20) + " Mo");
      }
      if (total_ > limits_.max_total_bytes) throw Error(ErrorCode::too_large, "envoi trop volumineux");
      out.write(buffer, static_cast<std::streamsize>(n));
    }
    out.close();
    if (!out) throw Error(ErrorCode::io_error, "écriture du fichier temporaire");
    files_.push_back(std::move(file));
  }

 private:
  std::filesystem::path dir_;
  UploadLimits limits_;
  std::vector<UploadedFile>& files_;
  std::size_t total_ = 0;
};

std::filesystem::path private_temp_dir(const std::filesystem::path& root) {
  unsigned char random[12];
  if (RAND_bytes(random, sizeof random) != 1) throw Error(ErrorCode::internal, "rand");
  auto dir = root / ("upload-" + to_hex(random, sizeof random));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(ErrorCode::io_error, dir.string() + ": " + ec.message());
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  return dir;
}

}  // namespace

Upload::Upload(Exchange& exchange, const std::filesystem::path& temp_root, const UploadLimits& limits)
    : dir_(private_temp_dir(temp_root)) {
  auto& request = exchange.request();
  if (request.getContentType().rfind("multipart/form-data", 0) != 0) {
    throw Error(ErrorCode::invalid_argument, "multipart/form-data attendu", "multipart/form-data expected");
  }
  if (request.hasContentLength() &&
      request.getContentLength64() > static_cast<Poco::Int64>(limits.max_total_bytes + (1 << 20))) {
    exchange.response().setKeepAlive(false);
    throw Error(ErrorCode::too_large, "envoi trop volumineux");
  }
  DiskPartHandler handler(dir_, limits, files_);
  Poco::Net::HTMLForm form;
  form.setFieldLimit(16);
  form.setValueLengthLimit(static_cast<int>(limits.max_field_bytes));
  try {
    form.load(request, request.stream(), handler);
  } catch (const Error&) {
    exchange.response().setKeepAlive(false);
    throw;
  } catch (const Poco::Exception& e) {
    throw Error(ErrorCode::invalid_argument, "formulaire multipart invalide", "invalid multipart form",
                e.displayText());
  }
  for (const auto& [name, value] : form) fields_[name] = value;
}

Upload::~Upload() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string Upload::field(const std::string& name) const {
  auto it = fields_.find(name);
  return it == fields_.end() ? "" : it->second;
}

}  // namespace cesp::server
