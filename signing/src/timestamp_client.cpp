// Obtaining RFC 3161 tokens: the HTTP authority and the request/response checks.
#include <openssl/err.h>
#include <openssl/rand.h>

#include "cesp/signing/timestamp.h"

#include "http_client.h"
#include "timestamp_protocol.h"

namespace cesp::signing {
namespace detail {

TimestampRequest make_timestamp_request(const std::array<unsigned char, 32>& digest) {
  TimestampRequest result;
  result.request.reset(TS_REQ_new());
  TS_REQ* req = result.request.get();
  TS_REQ_set_version(req, 1);
  std::unique_ptr<TS_MSG_IMPRINT, Deleter<TS_MSG_IMPRINT_free>> imprint(TS_MSG_IMPRINT_new());
  std::unique_ptr<X509_ALGOR, Deleter<X509_ALGOR_free>> algo(X509_ALGOR_new());
  X509_ALGOR_set0(algo.get(), OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr);
  TS_MSG_IMPRINT_set_algo(imprint.get(), algo.get());
  TS_MSG_IMPRINT_set_msg(imprint.get(), const_cast<unsigned char*>(digest.data()),
                         static_cast<int>(digest.size()));
  TS_REQ_set_msg_imprint(req, imprint.get());
  unsigned char nonce_bytes[8];
  if (RAND_bytes(nonce_bytes, sizeof nonce_bytes) != 1) throw_openssl(ErrorCode::internal, "RAND_bytes");
  nonce_bytes[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(nonce_bytes, sizeof nonce_bytes, nullptr);
  Asn1IntegerPtr nonce(BN_to_ASN1_INTEGER(bn, nullptr));
  BN_free(bn);
  TS_REQ_set_nonce(req, nonce.get());
  TS_REQ_set_cert_req(req, 1);
  int len = i2d_TS_REQ(req, nullptr);
  if (len <= 0) throw_openssl(ErrorCode::internal, "i2d_TS_REQ");
  result.der.resize(static_cast<std::size_t>(len));
  unsigned char* p = result.der.data();
  i2d_TS_REQ(req, &p);
  return result;
}

TimestampToken accept_timestamp_response(const TimestampRequest& request, const Bytes& response_der) {
  const unsigned char* p = response_der.data();
  TsRespPtr response(d2i_TS_RESP(nullptr, &p, static_cast<long>(response_der.size())));
  if (!response) throw_openssl(ErrorCode::timestamp_failed, "unparsable TimeStampResp");
  TS_STATUS_INFO* status = TS_RESP_get_status_info(response.get());
  long code = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(status));
  if (code != 0 && code != 1) {
    throw Error(ErrorCode::timestamp_failed,
                "TSA refused the request (PKIStatus " + std::to_string(code) + ")");
  }
  TsVerifyCtxPtr verify(TS_REQ_to_TS_VERIFY_CTX(request.request.get(), nullptr));
  if (!verify) throw_openssl(ErrorCode::internal, "TS_REQ_to_TS_VERIFY_CTX");
  TS_VERIFY_CTX_set_flags(verify.get(), TS_VFY_VERSION | TS_VFY_IMPRINT | TS_VFY_NONCE);
  if (TS_RESP_verify_response(verify.get(), response.get()) != 1) {
    throw_openssl(ErrorCode::timestamp_failed, "token does not match the request");
  }
  PKCS7* token = TS_RESP_get_token(response.get());
  TS_TST_INFO* info = TS_RESP_get_tst_info(response.get());
  if (!token || !info) throw Error(ErrorCode::timestamp_failed, "granted response without token");
  TimestampToken result;
  int len = i2d_PKCS7(token, nullptr);
  result.der.resize(static_cast<std::size_t>(len));
  unsigned char* out = result.der.data();
  i2d_PKCS7(token, &out);
  result.gen_time = iso_time(TS_TST_INFO_get_time(info));
  return result;
}

}  // namespace detail

namespace {

class HttpTimestampAuthority : public TimestampAuthority {
 public:
  explicit HttpTimestampAuthority(std::string url) : url_(std::move(url)) {}
  TimestampToken timestamp(const std::array<unsigned char, 32>& digest) override {
    auto request = detail::make_timestamp_request(digest);
    auto response =
        detail::http_post(url_, "application/timestamp-query", request.der, ErrorCode::timestamp_failed);
    return detail::accept_timestamp_response(request, response);
  }

 private:
  std::string url_;
};

}  // namespace

std::unique_ptr<TimestampAuthority> make_http_timestamp_authority(std::string url) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    throw Error(ErrorCode::invalid_argument, "TSA URL must be http:// or https://: " + url);
  }
  return std::make_unique<HttpTimestampAuthority>(std::move(url));
}

}  // namespace cesp::signing
