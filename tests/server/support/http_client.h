// A small real HTTP client for the server tests (Poco's HTTPClientSession).
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <string>

namespace cesp::test {

struct Reply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;

  Poco::JSON::Object::Ptr json() const {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  }
  // The stable code of a JSON error reply, or "" when the body is not one.
  std::string error_code() const {
    try {
      auto error = json()->getObject("error");
      return error ? error->getValue<std::string>("code") : "";
    } catch (const Poco::Exception&) {
      return "";
    }
  }
};

inline Reply http(int port, const std::string& method, const std::string& path, const std::string& body = {},
                  const std::string& token = {}, const std::string& content_type = "application/json") {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!token.empty()) request.set("Authorization", "Bearer " + token);
  if (!body.empty() || method == "POST") {
    request.setContentType(content_type);
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  Reply reply;
  reply.status = static_cast<int>(response.getStatus());
  Poco::StreamCopier::copyToString(in, reply.body);
  for (const auto& [name, value] : response) reply.headers[name] = value;
  return reply;
}

// A fresh, empty directory under the build tree for one test.
inline std::string fresh_dir(const std::string& name) {
  std::random_device rd;
  auto dir = std::filesystem::path(CESP_BINARY_DIR) / "test-data" / (name + "-" + std::to_string(rd()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

}  // namespace cesp::test
