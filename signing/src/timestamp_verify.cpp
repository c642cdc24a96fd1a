// Verifying RFC 3161 tokens against trust anchors.
#include <openssl/err.h>

#include <cstring>

#include "cesp/signing/timestamp.h"

#include "openssl_util.h"

namespace cesp::signing {
namespace {

using namespace detail;

Pkcs7Ptr parse_token(const std::vector<unsigned char>& der) {
  const unsigned char* p = der.data();
  Pkcs7Ptr token(d2i_PKCS7(nullptr, &p, static_cast<long>(der.size())));
  if (!token || !PKCS7_type_is_signed(token.get())) {
    ERR_clear_error();
    throw Error(ErrorCode::integrity_failure, "not a TimeStampToken (CMS SignedData)");
  }
  return token;
}

TimestampInfo info_of(PKCS7* token) {
  TsTstInfoPtr info(PKCS7_to_TS_TST_INFO(token));
  if (!info) {
    ERR_clear_error();
    throw Error(ErrorCode::integrity_failure, "TimeStampToken without TSTInfo");
  }
  TimestampInfo result;
  result.gen_time = iso_time(TS_TST_INFO_get_time(info.get()));
  result.serial_hex = serial_hex_of(TS_TST_INFO_get_serial(info.get()));
  STACK_OF(X509)* signers = PKCS7_get0_signers(token, nullptr, 0);
  if (signers && sk_X509_num(signers) > 0) result.tsa_subject = subject_of(sk_X509_value(signers, 0));
  sk_X509_free(signers);
  ERR_clear_error();
  return result;
}

}  // namespace

TimestampInfo inspect_timestamp_token(const std::vector<unsigned char>& token_der) {
  Pkcs7Ptr token = parse_token(token_der);
  return info_of(token.get());
}

TimestampInfo verify_timestamp_token(const std::vector<unsigned char>& token_der,
                                     const std::array<unsigned char, 32>& sha256_digest,
                                     const std::vector<std::string>& trust_anchor_pem_files) {
  Pkcs7Ptr token = parse_token(token_der);
  TimestampInfo result = info_of(token.get());

  TsTstInfoPtr info(PKCS7_to_TS_TST_INFO(token.get()));
  X509_ALGOR* algo = TS_MSG_IMPRINT_get_algo(TS_TST_INFO_get_msg_imprint(info.get()));
  const ASN1_OBJECT* algo_oid = nullptr;
  X509_ALGOR_get0(&algo_oid, nullptr, nullptr, algo);
  if (OBJ_obj2nid(algo_oid) != NID_sha256) {
    throw Error(ErrorCode::integrity_failure, "timestamp imprint is not SHA-256");
  }

  X509StorePtr store(X509_STORE_new());
  for (const auto& file : trust_anchor_pem_files) {
    std::vector<X509Ptr> anchors;
    try {
      anchors = load_certs(file);
    } catch (const Error& e) {
      throw Error(ErrorCode::invalid_argument, "trust anchor " + file + ": " + e.what());
    }
    if (anchors.empty()) throw Error(ErrorCode::invalid_argument, "no certificate in trust anchor " + file);
    for (auto& cert : anchors) X509_STORE_add_cert(store.get(), cert.get());
  }
  TsVerifyCtxPtr ctx(TS_VERIFY_CTX_new());
  TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_IMPRINT);
  auto* imprint = static_cast<unsigned char*>(OPENSSL_malloc(sha256_digest.size()));
  std::memcpy(imprint, sha256_digest.data(), sha256_digest.size());
  TS_VERIFY_CTX_set_imprint(ctx.get(), imprint, static_cast<long>(sha256_digest.size()));  // takes ownership
  TS_VERIFY_CTX_set_store(ctx.get(), store.release());                                     // takes ownership
  if (TS_RESP_verify_token(ctx.get(), token.get()) != 1) {
    throw_openssl(ErrorCode::integrity_failure, "timestamp token verification failed");
  }
  return result;
}

}  // namespace cesp::signing
