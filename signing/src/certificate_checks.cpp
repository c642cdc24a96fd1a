#include "certificate_checks.h"

#include <openssl/err.h>

#include "revocation.h"

namespace cesp::signing::detail {

CertificatePool::CertificatePool(const std::vector<std::string>& anchor_files)
    : store_(X509_STORE_new()), untrusted_(sk_X509_new_null()) {
  for (const auto& file : anchor_files) {
    std::vector<X509Ptr> anchors;
    try {
      anchors = load_certs(file);
    } catch (const Error& e) {
      throw Error(ErrorCode::invalid_argument, "trust anchor " + file + ": " + e.what());
    }
    if (anchors.empty()) throw Error(ErrorCode::invalid_argument, "no certificate in trust anchor " + file);
    for (auto& cert : anchors) {
      X509_STORE_add_cert(store_.get(), cert.get());
      ++anchors_;
      owned_.push_back(std::move(cert));
    }
  }
}

void CertificatePool::add(std::vector<X509Ptr> certs) {
  for (auto& cert : certs) {
    sk_X509_push(untrusted_.get(), cert.get());
    owned_.push_back(std::move(cert));
  }
}

void CertificatePool::add_der(const std::vector<Bytes>& certs) {
  std::vector<X509Ptr> parsed;
  for (const auto& der : certs) {
    const unsigned char* p = der.data();
    if (X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()))) parsed.emplace_back(cert);
  }
  ERR_clear_error();
  add(std::move(parsed));
}

ChainResult CertificatePool::verify(X509* cert, long long at) const {
  ChainResult result;
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store_.get(), cert, untrusted_.get());
  if (at > 0) X509_STORE_CTX_set_time(ctx.get(), 0, static_cast<time_t>(at));
  int ok = X509_verify_cert(ctx.get());
  int error = X509_STORE_CTX_get_error(ctx.get());
  ERR_clear_error();
  if (ok == 1) {
    result.trusted = true;
    STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx.get());
    for (int i = 0; i < sk_X509_num(chain); ++i) {
      X509* c = sk_X509_value(chain, i);
      // Point at our own copies so that they outlive ctx.
      X509* mine = nullptr;
      for (const auto& owned : owned_) {
        if (X509_cmp(owned.get(), c) == 0) mine = owned.get();
      }
      result.chain.push_back(mine ? mine : cert);
    }
    return result;
  }
  if (error == X509_V_ERR_CERT_HAS_EXPIRED) result.validity = "expired";
  if (error == X509_V_ERR_CERT_NOT_YET_VALID) result.validity = "not-yet-valid";
  result.error = X509_verify_cert_error_string(error);
  return result;
}

namespace {

bool evaluate_ocsp(const Bytes& der, X509* cert, X509* issuer, const CertificatePool& pool,
                   RevocationResult& out) {
  const unsigned char* p = der.data();
  OcspResponsePtr response(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(der.size())));
  if (!response || OCSP_response_status(response.get()) != OCSP_RESPONSE_STATUS_SUCCESSFUL) return false;
  OcspBasicPtr basic(OCSP_response_get1_basic(response.get()));
  if (!basic) return false;
  OcspCertIdPtr id(OCSP_cert_to_id(EVP_sha1(), cert, issuer));
  int status = -1, reason = -1;
  ASN1_GENERALIZEDTIME *revoked_at = nullptr, *this_update = nullptr, *next_update = nullptr;
  if (!OCSP_resp_find_status(basic.get(), id.get(), &status, &reason, &revoked_at, &this_update,
                             &next_update)) {
    return false;
  }
  X509StackPtr certs(sk_X509_dup(pool.untrusted()));
  sk_X509_push(certs.get(), issuer);
  // The stack does not own its entries: release without freeing them.
  int verified = OCSP_basic_verify(basic.get(), certs.get(), pool.store(), 0);
  sk_X509_free(certs.release());
  if (verified != 1) {
    out.detail = "OCSP response signature not trusted";
    return false;
  }
  out.status = status == V_OCSP_CERTSTATUS_GOOD      ? "good"
               : status == V_OCSP_CERTSTATUS_REVOKED ? "revoked"
                                                     : "unknown";
  if (revoked_at) out.revocation_time = epoch_of(revoked_at);
  return true;
}

bool evaluate_crl(const Bytes& der, X509* cert, X509* issuer, RevocationResult& out) {
  const unsigned char* p = der.data();
  X509CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size())));
  if (!crl) return false;
  if (X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(issuer)) != 0) return false;
  if (X509_CRL_verify(crl.get(), X509_get0_pubkey(issuer)) != 1) {
    out.detail = "CRL signature invalid";
    return false;
  }
  X509_REVOKED* entry = nullptr;
  if (X509_CRL_get0_by_serial(crl.get(), &entry, X509_get0_serialNumber(cert)) == 1 && entry) {
    out.status = "revoked";
    out.revocation_time = epoch_of(X509_REVOKED_get0_revocationDate(entry));
  } else {
    out.status = "good";
  }
  return true;
}

}  // namespace

RevocationResult check_revocation(X509* cert, X509* issuer, const DssContents& dss,
                                  const CertificatePool& pool, bool fetch_online) {
  RevocationResult result;
  for (const auto& ocsp : dss.ocsps) {
    if (evaluate_ocsp(ocsp, cert, issuer, pool, result)) {
      result.source = "dss-ocsp";
      return result;
    }
  }
  for (const auto& crl : dss.crls) {
    if (evaluate_crl(crl, cert, issuer, result)) {
      result.source = "dss-crl";
      return result;
    }
  }
  ERR_clear_error();
  if (!fetch_online) {
    result.detail = "no revocation data in the file";
    return result;
  }
  try {
    if (!ocsp_urls(cert).empty() && evaluate_ocsp(fetch_ocsp(cert, issuer), cert, issuer, pool, result)) {
      result.source = "online-ocsp";
      return result;
    }
  } catch (const Error& e) {
    result.detail = e.context();
  }
  try {
    if (!crl_urls(cert).empty() && evaluate_crl(fetch_crl(cert), cert, issuer, result)) {
      result.source = "online-crl";
      return result;
    }
  } catch (const Error& e) {
    result.detail = e.context();
  }
  ERR_clear_error();
  if (result.detail.empty()) result.detail = "no revocation source";
  return result;
}

}  // namespace cesp::signing::detail
