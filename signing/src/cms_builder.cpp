#include "cms_builder.h"

#include <openssl/err.h>

#include <algorithm>

#include "signer_key_impl.h"

namespace cesp::signing::detail {
namespace {

Bytes encode_attribute(X509_ATTRIBUTE* attribute) {
  int len = i2d_X509_ATTRIBUTE(attribute, nullptr);
  if (len <= 0) throw_openssl(ErrorCode::internal, "i2d_X509_ATTRIBUTE");
  Bytes der(static_cast<std::size_t>(len));
  unsigned char* p = der.data();
  i2d_X509_ATTRIBUTE(attribute, &p);
  return der;
}

void append_length(Bytes& out, std::size_t len) {
  if (len < 0x80) {
    out.push_back(static_cast<unsigned char>(len));
    return;
  }
  unsigned char bytes[8];
  int n = 0;
  while (len) {
    bytes[n++] = static_cast<unsigned char>(len & 0xff);
    len >>= 8;
  }
  out.push_back(static_cast<unsigned char>(0x80 | n));
  while (n) out.push_back(bytes[--n]);
}

// DER "SET OF Attribute": elements sorted by their encodings (X.690 11.6),
// which is also how OpenSSL re-encodes them inside the SignerInfo.
Bytes signed_attributes_der(CMS_SignerInfo* si) {
  std::vector<Bytes> encoded;
  for (int i = 0; i < CMS_signed_get_attr_count(si); ++i)
    encoded.push_back(encode_attribute(CMS_signed_get_attr(si, i)));
  std::sort(encoded.begin(), encoded.end());
  std::size_t total = 0;
  for (const auto& e : encoded) total += e.size();
  Bytes out{0x31};
  append_length(out, total);
  for (const auto& e : encoded) out.insert(out.end(), e.begin(), e.end());
  return out;
}

}  // namespace

CmsSignature build_cades_signature(const SignerKey& key, const std::array<unsigned char, 32>& content_digest,
                                   TimestampAuthority* tsa) {
  const auto& impl = key.impl();
  const unsigned flags = CMS_PARTIAL | CMS_DETACHED | CMS_BINARY;
  CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, flags));
  if (!cms) throw_openssl(ErrorCode::internal, "CMS_sign");
  CMS_SignerInfo* si = CMS_add1_signer(cms.get(), impl.cert.get(), impl.key.get(), EVP_sha256(),
                                       CMS_PARTIAL | CMS_CADES | CMS_NOSMIMECAP | CMS_BINARY);
  if (!si) throw_openssl(ErrorCode::signing_key_invalid, "CMS_add1_signer");
  for (const auto& cert : impl.chain) {
    if (X509_cmp(cert.get(), impl.cert.get()) != 0) CMS_add1_cert(cms.get(), cert.get());
  }
  if (!CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data),
                                   -1) ||
      !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, content_digest.data(),
                                   static_cast<int>(content_digest.size()))) {
    throw_openssl(ErrorCode::internal, "signed attributes");
  }
  Bytes to_sign = signed_attributes_der(si);
  Bytes signature = key.sign_sha256(to_sign.data(), to_sign.size());
  ASN1_OCTET_STRING* value = CMS_SignerInfo_get0_signature(si);
  ASN1_STRING_set(value, signature.data(), static_cast<int>(signature.size()));

  CmsSignature result;
  if (tsa) {
    TimestampToken token = tsa->timestamp(sha256(signature.data(), signature.size()));
    if (!CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, token.der.data(),
                                       static_cast<int>(token.der.size()))) {
      throw_openssl(ErrorCode::internal, "timestamp attribute");
    }
    result.timestamp_time = token.gen_time;
  }
  int len = i2d_CMS_ContentInfo(cms.get(), nullptr);
  if (len <= 0) throw_openssl(ErrorCode::internal, "i2d_CMS_ContentInfo");
  result.der.resize(static_cast<std::size_t>(len));
  unsigned char* p = result.der.data();
  i2d_CMS_ContentInfo(cms.get(), &p);
  return result;
}

Bytes signature_value_of(const Bytes& cms_der) {
  const unsigned char* p = cms_der.data();
  CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(cms_der.size())));
  if (!cms) {
    ERR_clear_error();
    return {};
  }
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
  if (!infos || sk_CMS_SignerInfo_num(infos) != 1) return {};
  ASN1_OCTET_STRING* value = CMS_SignerInfo_get0_signature(sk_CMS_SignerInfo_value(infos, 0));
  return Bytes(ASN1_STRING_get0_data(value), ASN1_STRING_get0_data(value) + ASN1_STRING_length(value));
}

}  // namespace cesp::signing::detail
