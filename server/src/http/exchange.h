// One request and its response, as handlers see them: path parameters, the
// authenticated caller, bounded body readers and JSON writers. Handlers never
// touch Poco's request/response directly for the common cases.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <map>
#include <optional>
#include <string>

#include "security/authorization.h"

namespace cesp::server {

class Exchange {
 public:
  Exchange(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
           std::string request_id);

  Poco::Net::HTTPServerRequest& request() { return request_; }
  Poco::Net::HTTPServerResponse& response() { return response_; }
  const std::string& request_id() const { return request_id_; }
  const std::string& method() const { return request_.getMethod(); }
  const std::string& path() const { return path_; }

  // A {name} from the route pattern; Error(internal) if the route has none.
  const std::string& param(const std::string& name) const;
  void set_params(std::map<std::string, std::string> params) { params_ = std::move(params); }

  // The caller, once authenticated; Error(unauthenticated) when absent.
  const Principal& principal() const;
  bool authenticated() const { return principal_.has_value(); }
  void set_principal(Principal who) { principal_ = std::move(who); }
  // The token from "Authorization: Bearer <token>", or empty.
  std::string bearer_token() const;
  // The first value of a query-string parameter, or nullopt when absent.
  std::optional<std::string> query(const std::string& name) const;

  // The body as a JSON object, at most max_bytes. Error(too_large) beyond,
  // Error(invalid_json) when it is not a JSON object.
  Poco::JSON::Object::Ptr json_body(std::size_t max_bytes = 1 << 20);
  // The body as text, at most max_bytes (Error(too_large) beyond).
  std::string text_body(std::size_t max_bytes);

  // Reads and drops what remains of the request body, at most max_bytes, and
  // closes the connection after the response. Called before answering an
  // error early: closing a socket with unread data makes the kernel reset
  // the connection, and the client would never see our answer.
  void discard_unread_body(std::size_t max_bytes);

  // After a route answered: drops a body the route did not read, when the
  // request framed it (Content-Length or chunked), so that it is not parsed
  // as the next request of a kept-alive connection. Keep-alive is kept
  // unless more than max_bytes remained.
  void drain_after_response(std::size_t max_bytes);

  void send_json(int status, const Poco::JSON::Object& body);
  void send_json(int status, const Poco::JSON::Array& body);
  void send_bytes(int status, const std::string& content_type, const std::string& bytes,
                  const std::string& download_name = {});
  void send_no_content();
  bool sent() const { return response_.sent(); }
  int status() const { return static_cast<int>(response_.getStatus()); }

 private:
  Poco::Net::HTTPServerRequest& request_;
  Poco::Net::HTTPServerResponse& response_;
  std::string request_id_;
  std::string path_;
  std::map<std::string, std::string> params_;
  std::optional<Principal> principal_;
};

// Reads a required string member; Error(missing_field) naming it otherwise.
std::string required_string(const Poco::JSON::Object::Ptr& body, const std::string& key);

}  // namespace cesp::server
