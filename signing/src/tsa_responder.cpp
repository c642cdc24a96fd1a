// The RFC 3161 responder (OpenSSL TS_RESP_CTX) and the in-process authority.
#include "cesp/signing/tsa_responder.h"

#include <openssl/err.h>

#include <chrono>

#include "openssl_util.h"
#include "timestamp_protocol.h"

namespace cesp::signing {

using namespace detail;

struct TsaResponder::Impl {
  X509Ptr cert;
  EvpPkeyPtr key;
  X509StackPtr chain;
  TsRespCtxPtr ctx;
  std::mutex mutex;
  unsigned long long counter = 0;
};

namespace {

constexpr std::size_t kMaxRequest = 64 * 1024;
constexpr const char* kDevPolicy = "1.3.6.1.4.1.99999.1.1";

// Serial: microseconds since the epoch times 1000 plus a counter, unique per responder.
ASN1_INTEGER* next_serial(TS_RESP_CTX*, void* data) {
  auto* impl = static_cast<TsaResponder::Impl*>(data);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  BIGNUM* bn = BN_new();
  BN_set_word(bn, static_cast<BN_ULONG>(micros));
  BN_mul_word(bn, 1000);
  BN_add_word(bn, static_cast<BN_ULONG>(++impl->counter % 1000));
  ASN1_INTEGER* serial = BN_to_ASN1_INTEGER(bn, nullptr);
  BN_free(bn);
  return serial;
}

bool has_critical_timestamping_eku(X509* cert) {
  int index = X509_get_ext_by_NID(cert, NID_ext_key_usage, -1);
  if (index < 0) return false;
  if (!X509_EXTENSION_get_critical(X509_get_ext(cert, index))) return false;
  return (X509_get_extended_key_usage(cert) & XKU_TIMESTAMP) != 0;
}

}  // namespace

TsaResponder::TsaResponder(const std::filesystem::path& key_pem, const std::filesystem::path& cert_pem,
                           const std::filesystem::path& chain_pem)
    : impl_(std::make_unique<Impl>()) {
  impl_->key = load_private_key_pem(key_pem);
  impl_->cert = load_cert(cert_pem);
  if (!has_critical_timestamping_eku(impl_->cert.get())) {
    throw Error(ErrorCode::invalid_argument,
                "TSA certificate lacks the critical timeStamping EKU: " + cert_pem.string());
  }
  if (X509_check_private_key(impl_->cert.get(), impl_->key.get()) != 1) {
    throw_openssl(ErrorCode::signing_key_invalid, "TSA key does not match its certificate");
  }
  impl_->chain.reset(sk_X509_new_null());
  if (!chain_pem.empty()) {
    for (auto& cert : load_certs(chain_pem)) sk_X509_push(impl_->chain.get(), cert.release());
  }
  impl_->ctx.reset(TS_RESP_CTX_new());
  TS_RESP_CTX* ctx = impl_->ctx.get();
  if (!TS_RESP_CTX_set_signer_cert(ctx, impl_->cert.get()) ||
      !TS_RESP_CTX_set_signer_key(ctx, impl_->key.get()) || !TS_RESP_CTX_set_certs(ctx, impl_->chain.get())) {
    throw_openssl(ErrorCode::internal, "TS_RESP_CTX setup");
  }
  Asn1ObjectPtr policy(OBJ_txt2obj(kDevPolicy, 1));
  TS_RESP_CTX_set_def_policy(ctx, policy.get());
  TS_RESP_CTX_add_md(ctx, EVP_sha256());
  TS_RESP_CTX_add_md(ctx, EVP_sha384());
  TS_RESP_CTX_add_md(ctx, EVP_sha512());
  TS_RESP_CTX_set_accuracy(ctx, 1, 0, 0);
  TS_RESP_CTX_set_serial_cb(ctx, next_serial, impl_.get());
  TS_RESP_CTX_set_signer_digest(ctx, EVP_sha256());
  TS_RESP_CTX_set_ess_cert_id_digest(ctx, EVP_sha256());
}

TsaResponder::~TsaResponder() = default;

std::vector<unsigned char> TsaResponder::respond(const std::vector<unsigned char>& der_request) {
  std::lock_guard lock(impl_->mutex);
  // An empty body makes OpenSSL answer "rejection / badDataFormat".
  static const unsigned char kNothing = 0;
  bool acceptable = !der_request.empty() && der_request.size() <= kMaxRequest;
  BioPtr in(BIO_new_mem_buf(acceptable ? der_request.data() : &kNothing,
                            acceptable ? static_cast<int>(der_request.size()) : 0));
  TsRespPtr response(TS_RESP_create_response(impl_->ctx.get(), in.get()));
  ERR_clear_error();
  if (!response) throw Error(ErrorCode::internal, "TS_RESP_create_response failed");
  int len = i2d_TS_RESP(response.get(), nullptr);
  Bytes out(static_cast<std::size_t>(len));
  unsigned char* p = out.data();
  i2d_TS_RESP(response.get(), &p);
  return out;
}

namespace {

class LocalTimestampAuthority : public TimestampAuthority {
 public:
  explicit LocalTimestampAuthority(std::shared_ptr<TsaResponder> responder)
      : responder_(std::move(responder)) {}
  TimestampToken timestamp(const std::array<unsigned char, 32>& digest) override {
    auto request = make_timestamp_request(digest);
    return accept_timestamp_response(request, responder_->respond(request.der));
  }

 private:
  std::shared_ptr<TsaResponder> responder_;
};

}  // namespace

std::unique_ptr<TimestampAuthority> make_local_timestamp_authority(std::shared_ptr<TsaResponder> responder) {
  return std::make_unique<LocalTimestampAuthority>(std::move(responder));
}

}  // namespace cesp::signing
