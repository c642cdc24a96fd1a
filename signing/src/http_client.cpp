#include "http_client.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace cesp::signing::detail {
namespace {

struct Sink {
  std::vector<unsigned char> data;
  std::size_t limit;
  bool overflow = false;
};

size_t on_data(char* ptr, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t n = size * count;
  if (sink->data.size() + n > sink->limit) {
    sink->overflow = true;
    return 0;  // aborts the transfer
  }
  sink->data.insert(sink->data.end(), ptr, ptr + n);
  return n;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* s) const { curl_slist_free_all(s); }
};

std::vector<unsigned char> perform(const std::string& url, const std::string* content_type,
                                   const std::vector<unsigned char>* body, ErrorCode failure_code,
                                   const HttpLimits& limits) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) throw Error(failure_code, "curl_easy_init");
  Sink sink{{}, limits.max_response};
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, limits.connect_timeout_s);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, limits.total_timeout_s);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  if (body) {
    headers.reset(curl_slist_append(nullptr, ("Content-Type: " + *content_type).c_str()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
  }
  CURLcode rc = curl_easy_perform(c);
  if (sink.overflow) throw Error(failure_code, url + ": response larger than the limit");
  if (rc != CURLE_OK) throw Error(failure_code, url + ": " + curl_easy_strerror(rc));
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) throw Error(failure_code, url + ": HTTP status " + std::to_string(status));
  return std::move(sink.data);
}

}  // namespace

std::vector<unsigned char> http_post(const std::string& url, const std::string& content_type,
                                     const std::vector<unsigned char>& body, ErrorCode failure_code,
                                     const HttpLimits& limits) {
  return perform(url, &content_type, &body, failure_code, limits);
}

std::vector<unsigned char> http_get(const std::string& url, ErrorCode failure_code,
                                    const HttpLimits& limits) {
  return perform(url, nullptr, nullptr, failure_code, limits);
}

}  // namespace cesp::signing::detail
