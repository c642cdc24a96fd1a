#include "revocation.h"

#include <openssl/err.h>

#include <algorithm>

#include "http_client.h"

namespace cesp::signing::detail {
namespace {

std::vector<std::string> uri_names(GENERAL_NAMES* names) {
  std::vector<std::string> urls;
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names); ++i) {
    GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type != GEN_URI) continue;
    const ASN1_IA5STRING* uri = name->d.uniformResourceIdentifier;
    urls.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                      static_cast<std::size_t>(ASN1_STRING_length(uri)));
  }
  return urls;
}

bool is_http(const std::string& url) { return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0; }

X509* find_issuer(X509* cert, const std::vector<X509*>& pool) {
  for (X509* candidate : pool) {
    if (X509_check_issued(candidate, cert) == X509_V_OK) return candidate;
  }
  return nullptr;
}

}  // namespace

std::vector<std::string> ocsp_urls(X509* cert) {
  std::vector<std::string> urls;
  STACK_OF(OPENSSL_STRING)* list = X509_get1_ocsp(cert);
  for (int i = 0; list && i < sk_OPENSSL_STRING_num(list); ++i)
    urls.emplace_back(sk_OPENSSL_STRING_value(list, i));
  X509_email_free(list);
  return urls;
}

std::vector<std::string> crl_urls(X509* cert) {
  std::vector<std::string> urls;
  auto* points =
      static_cast<CRL_DIST_POINTS*>(X509_get_ext_d2i(cert, NID_crl_distribution_points, nullptr, nullptr));
  for (int i = 0; points && i < sk_DIST_POINT_num(points); ++i) {
    DIST_POINT* point = sk_DIST_POINT_value(points, i);
    if (point->distpoint && point->distpoint->type == 0) {
      for (auto& url : uri_names(point->distpoint->name.fullname)) urls.push_back(url);
    }
  }
  CRL_DIST_POINTS_free(points);
  return urls;
}

Bytes fetch_ocsp(X509* cert, X509* issuer) {
  std::string last_error = "no OCSP responder in the certificate";
  for (const auto& url : ocsp_urls(cert)) {
    if (!is_http(url)) continue;
    OcspRequestPtr request(OCSP_REQUEST_new());
    OCSP_CERTID* id = OCSP_cert_to_id(EVP_sha1(), cert, issuer);
    if (!id || !OCSP_request_add0_id(request.get(), id)) throw_openssl(ErrorCode::internal, "OCSP request");
    OCSP_request_add1_nonce(request.get(), nullptr, -1);
    unsigned char* der = nullptr;
    int len = i2d_OCSP_REQUEST(request.get(), &der);
    Bytes body(der, der + len);
    OPENSSL_free(der);
    try {
      Bytes answer = http_post(url, "application/ocsp-request", body, ErrorCode::unavailable);
      const unsigned char* p = answer.data();
      OcspResponsePtr response(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(answer.size())));
      if (!response || OCSP_response_status(response.get()) != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
        last_error = url + ": unsuccessful OCSP response";
        ERR_clear_error();
        continue;
      }
      OcspBasicPtr basic(OCSP_response_get1_basic(response.get()));
      if (!basic || OCSP_check_nonce(request.get(), basic.get()) <= 0) {
        last_error = url + ": OCSP nonce mismatch";
        ERR_clear_error();
        continue;
      }
      return answer;
    } catch (const Error& e) {
      last_error = e.context();
    }
  }
  throw Error(ErrorCode::unavailable, "OCSP for " + subject_of(cert) + ": " + last_error);
}

Bytes fetch_crl(X509* cert) {
  std::string last_error = "no CRL distribution point in the certificate";
  for (const auto& url : crl_urls(cert)) {
    if (!is_http(url)) continue;
    try {
      HttpLimits limits;
      limits.max_response = 16u << 20;
      Bytes crl = http_get(url, ErrorCode::unavailable, limits);
      const unsigned char* p = crl.data();
      X509CrlPtr parsed(d2i_X509_CRL(nullptr, &p, static_cast<long>(crl.size())));
      if (parsed) return crl;
      ERR_clear_error();
      last_error = url + ": not a DER CRL";
    } catch (const Error& e) {
      last_error = e.context();
    }
  }
  throw Error(ErrorCode::unavailable, "CRL for " + subject_of(cert) + ": " + last_error);
}

std::vector<Bytes> timestamp_tokens_in_cms(const Bytes& cms_der) {
  std::vector<Bytes> tokens;
  const unsigned char* p = cms_der.data();
  CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(cms_der.size())));
  if (!cms) {
    ERR_clear_error();
    return tokens;
  }
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
  if (!infos || sk_CMS_SignerInfo_num(infos) < 1) return tokens;
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
  int index = -1;
  while ((index = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, index)) >= 0) {
    X509_ATTRIBUTE* attribute = CMS_unsigned_get_attr(si, index);
    for (int i = 0; i < X509_ATTRIBUTE_count(attribute); ++i) {
      ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(attribute, i);
      if (value->type != V_ASN1_SEQUENCE) continue;
      const unsigned char* data = ASN1_STRING_get0_data(value->value.sequence);
      tokens.emplace_back(data, data + ASN1_STRING_length(value->value.sequence));
    }
  }
  return tokens;
}

std::vector<X509Ptr> certificates_in_cms(const Bytes& cms_der, bool include_timestamp_tokens) {
  std::vector<X509Ptr> certs;
  const unsigned char* p = cms_der.data();
  CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(cms_der.size())));
  if (!cms) {
    ERR_clear_error();
    return certs;
  }
  X509StackPtr stack(CMS_get1_certs(cms.get()));
  while (stack && sk_X509_num(stack.get()) > 0) certs.emplace_back(sk_X509_shift(stack.get()));
  if (include_timestamp_tokens) {
    for (const auto& token : timestamp_tokens_in_cms(cms_der)) {
      for (auto& c : certificates_in_cms(token, false)) certs.push_back(std::move(c));
    }
  }
  return certs;
}

ValidationMaterial gather_validation_material(const std::vector<X509*>& certs,
                                              const std::vector<X509*>& pool) {
  ValidationMaterial material;
  std::vector<X509*> done;
  for (X509* cert : certs) {
    if (std::any_of(done.begin(), done.end(), [&](X509* d) { return X509_cmp(d, cert) == 0; })) continue;
    done.push_back(cert);
    material.certs.push_back(cert_to_der(cert));
    if (X509_check_issued(cert, cert) == X509_V_OK) continue;  // a root: nothing to ask
    X509* issuer = find_issuer(cert, pool);
    if (!ocsp_urls(cert).empty() && issuer) {
      try {
        material.ocsps.push_back(fetch_ocsp(cert, issuer));
        continue;
      } catch (const Error&) {
        if (crl_urls(cert).empty()) throw;
      }
    }
    material.crls.push_back(fetch_crl(cert));
  }
  return material;
}

}  // namespace cesp::signing::detail
