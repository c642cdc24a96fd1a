// The dev PKI's public services, served by the server itself so that the
// URLs in personal certificates (<public_url>/pki/...) answer wherever the
// server runs: POST /pki/ocsp, GET /pki/crl/{name}, GET /pki/ca/{name}.
// Public (verifiers have no session) and read-only; the TSA is deliberately
// not exposed (it signs whatever it is sent).
#include <vector>

#include "cesp/core/error.h"
#include "cesp/signing/dev_endpoints.h"

#include "api/api_context.h"
#include "http/exchange.h"

namespace cesp::server {
namespace {

constexpr std::size_t kMaxOcspRequest = 64 * 1024;

void answer(ApiContext& context, Exchange& e, const std::string& method, const std::string& path) {
  const auto& endpoints = context.signing ? context.signing->dev_endpoints : nullptr;
  if (!endpoints) throw Error(ErrorCode::not_found, path);
  std::vector<unsigned char> body;
  if (method == "POST") {
    const std::string text = e.text_body(kMaxOcspRequest);
    body.assign(text.begin(), text.end());
  }
  auto reply = endpoints->answer(method, path, body);
  if (!reply) throw Error(ErrorCode::not_found, path);
  e.send_bytes(200, reply->content_type, std::string(reply->body.begin(), reply->body.end()));
}

}  // namespace

void register_pki_routes(ApiContext& context) {
  context.router.add({"POST", "/pki/ocsp", [&](Exchange& e) { answer(context, e, "POST", "/ocsp"); }, true});
  context.router.add({"GET", "/pki/crl/{name}",
                      [&](Exchange& e) { answer(context, e, "GET", "/crl/" + e.param("name")); }, true});
  context.router.add({"GET", "/pki/ca/{name}",
                      [&](Exchange& e) { answer(context, e, "GET", "/ca/" + e.param("name")); }, true});
}

}  // namespace cesp::server
