// Multipart/form-data bodies as Upload (server/src/http/multipart_upload.cpp)
// reads them: Poco::Net::HTMLForm with the same field limits and a part
// handler with the same bounded read loop (Upload itself needs a live
// HTTPServerRequest and writes to disk). Input: first line = boundary,
// the rest = body.
#include <Poco/Exception.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>

#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fuzz_entry.h"

namespace {

constexpr std::size_t kMaxFileBytes = 64 * 1024;  // small bounds: reach the limit paths
constexpr std::size_t kMaxTotalBytes = 128 * 1024;
constexpr int kMaxFiles = 4;

struct LimitReached : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class CountingPartHandler final : public Poco::Net::PartHandler {
 public:
  void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
    std::string disposition;
    Poco::Net::NameValueCollection params;
    Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition, params);
    if (++files_ > kMaxFiles) throw LimitReached("files");
    const std::string field = params.get("name", "file");
    const std::string filename = params.get("filename", "").substr(0, 200);
    char buffer[4096];
    std::size_t file_size = 0;
    while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) {
      const auto n = static_cast<std::size_t>(stream.gcount());
      file_size += n;
      total_ += n;
      if (file_size > kMaxFileBytes || total_ > kMaxTotalBytes) throw LimitReached("size");
    }
  }

 private:
  int files_ = 0;
  std::size_t total_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  if (newline == std::string_view::npos || newline > 100) return 0;
  const std::string boundary(input.substr(0, newline));
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/api/pieces");
  try {
    request.setContentType("multipart/form-data; boundary=\"" + boundary + "\"");
  } catch (const Poco::Exception&) {
    return 0;
  }
  std::istringstream body{std::string(input.substr(newline + 1))};
  CountingPartHandler handler;
  Poco::Net::HTMLForm form;
  form.setFieldLimit(16);
  form.setValueLengthLimit(4096);
  try {
    form.load(request, body, handler);
    for (const auto& [name, value] : form) (void)(name.size() + value.size());
  } catch (const LimitReached&) {
  } catch (const Poco::Exception&) {
  }
  return 0;
}
