// The dev PKI's network services, independent of any HTTP library: the
// server's `cesp tsa` command and the test fixtures map a request path and
// body to an answer with this class.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cesp/signing/dev_pki.h"
#include "cesp/signing/tsa_responder.h"

namespace cesp::signing {

struct EndpointReply {
  std::string content_type;
  std::vector<unsigned char> body;
};

class DevEndpoints {
 public:
  // Uses `tsa` for /tsa; a responder on the PKI's TSA identity when null.
  explicit DevEndpoints(DevPki pki, std::shared_ptr<TsaResponder> tsa = nullptr);
  ~DevEndpoints();

  // Routes (method is "GET" or "POST"):
  //   POST /tsa  (application/timestamp-query)  -> application/timestamp-reply
  //   POST /ocsp (application/ocsp-request)     -> application/ocsp-response
  //   GET  /crl/root.crl, /crl/intermediate.crl -> application/pkix-crl
  //   GET  /ca/root.der, /ca/intermediate.der   -> application/pkix-cert
  // std::nullopt for anything else (the caller answers 404). Thread-safe.
  std::optional<EndpointReply> answer(const std::string& method, const std::string& path,
                                      const std::vector<unsigned char>& body);

  const DevPki& pki() const { return pki_; }
  TsaResponder& tsa() { return *tsa_; }

 private:
  DevPki pki_;
  std::shared_ptr<TsaResponder> tsa_;
  std::unique_ptr<OcspResponder> ocsp_;
};

}  // namespace cesp::signing
