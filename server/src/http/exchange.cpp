#include "http/exchange.h"

#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <istream>
#include <sstream>

#include "cesp/core/error.h"

namespace cesp::server {
namespace {

constexpr std::size_t kDiscardLimit = 4 << 20;

void set_common_headers(Poco::Net::HTTPServerResponse& response, const std::string& request_id) {
  response.set("X-Request-Id", request_id);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Cache-Control", "no-store");
  response.set("Referrer-Policy", "no-referrer");
}

}  // namespace

Exchange::Exchange(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                   std::string request_id)
    : request_(request), response_(response), request_id_(std::move(request_id)) {
  try {
    path_ = Poco::URI(request.getURI()).getPath();
  } catch (const Poco::Exception&) {
    throw Error(ErrorCode::invalid_argument, "URI invalide", "invalid URI", request.getURI().substr(0, 200));
  }
}

const std::string& Exchange::param(const std::string& name) const {
  auto it = params_.find(name);
  if (it == params_.end()) throw Error(ErrorCode::internal, "paramètre de route absent: " + name);
  return it->second;
}

const Principal& Exchange::principal() const {
  if (!principal_) throw Error(ErrorCode::unauthenticated);
  return *principal_;
}

std::string Exchange::bearer_token() const {
  const std::string header = request_.get("Authorization", "");
  static const std::string kPrefix = "Bearer ";
  if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0) return {};
  return header.substr(kPrefix.size());
}

std::optional<std::string> Exchange::query(const std::string& name) const {
  for (const auto& [key, value] : Poco::URI(request_.getURI()).getQueryParameters()) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string Exchange::text_body(std::size_t max_bytes) {
  std::istream& in = request_.stream();
  auto refuse = [&] {
    discard_unread_body(kDiscardLimit);
    return Error(ErrorCode::too_large, "corps > " + std::to_string(max_bytes) + " octets");
  };
  if (request_.hasContentLength() && request_.getContentLength64() > static_cast<Poco::Int64>(max_bytes)) {
    throw refuse();
  }
  std::string body;
  char buffer[8192];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    body.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (body.size() > max_bytes) throw refuse();
  }
  return body;
}

Poco::JSON::Object::Ptr Exchange::json_body(std::size_t max_bytes) {
  const std::string text = text_body(max_bytes);
  try {
    auto parsed = Poco::JSON::Parser().parse(text);
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) return parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
  }
  throw Error(ErrorCode::invalid_json, "objet JSON attendu");
}

void Exchange::discard_unread_body(std::size_t max_bytes) {
  response_.setKeepAlive(false);
  std::istream& in = request_.stream();
  char buffer[64 * 1024];
  std::size_t dropped = 0;
  while (dropped < max_bytes && in.good() && (in.read(buffer, sizeof buffer) || in.gcount() > 0)) {
    dropped += static_cast<std::size_t>(in.gcount());
  }
}

void Exchange::drain_after_response(std::size_t max_bytes) {
  const bool framed = request_.getChunkedTransferEncoding() ||
                      (request_.hasContentLength() && request_.getContentLength64() > 0);
  if (!framed) return;
  std::istream& in = request_.stream();
  char buffer[64 * 1024];
  std::size_t dropped = 0;
  while (dropped < max_bytes && in.good() && (in.read(buffer, sizeof buffer) || in.gcount() > 0)) {
    dropped += static_cast<std::size_t>(in.gcount());
  }
  if (dropped >= max_bytes) response_.setKeepAlive(false);
}

void Exchange::send_json(int status, const Poco::JSON::Object& body) {
  std::ostringstream text;
  body.stringify(text);
  send_bytes(status, "application/json; charset=utf-8", text.str());
}

void Exchange::send_json(int status, const Poco::JSON::Array& body) {
  std::ostringstream text;
  body.stringify(text);
  send_bytes(status, "application/json; charset=utf-8", text.str());
}

void Exchange::send_bytes(int status, const std::string& content_type, const std::string& bytes,
                          const std::string& download_name) {
  response_.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  set_common_headers(response_, request_id_);
  response_.setContentType(content_type);
  if (!download_name.empty())
    response_.set("Content-Disposition", "attachment; filename=\"" + download_name + "\"");
  response_.setContentLength(static_cast<std::streamsize>(bytes.size()));
  response_.send() << bytes;
}

void Exchange::send_no_content() {
  response_.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
  set_common_headers(response_, request_id_);
  response_.setContentLength(0);
  response_.send();
}

std::string required_string(const Poco::JSON::Object::Ptr& body, const std::string& key) {
  if (!body->has(key) || !body->get(key).isString()) throw Error(ErrorCode::missing_field, key);
  std::string value = body->getValue<std::string>(key);
  if (value.empty()) throw Error(ErrorCode::missing_field, key);
  return value;
}

}  // namespace cesp::server
