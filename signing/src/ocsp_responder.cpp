// A small RFC 6960 responder for the dev PKI. We answer ourselves rather than
// run `openssl ocsp`: no fixed port, no child process, and tests can start it
// on port 0 inside their own HTTP fixture.
#include <openssl/err.h>

#include <ctime>
#include <map>
#include <mutex>

#include "cesp/signing/dev_pki.h"

#include "openssl_util.h"

namespace cesp::signing {

using namespace detail;

struct OcspResponder::Impl {
  struct Issuer {
    X509Ptr cert;
    X509Ptr signer_cert;  // who signs answers about this issuer's certificates
    EvpPkeyPtr signer_key;
    std::map<std::string, long long> revoked;  // serial hex -> revocation time
  };
  std::vector<Issuer> issuers;
  std::mutex mutex;
};

namespace {

std::map<std::string, long long> revoked_serials(const std::filesystem::path& crl_der) {
  std::map<std::string, long long> result;
  Bytes data = read_file(crl_der);
  const unsigned char* p = data.data();
  X509CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(data.size())));
  if (!crl) throw_openssl(ErrorCode::invalid_argument, "CRL " + crl_der.string());
  STACK_OF(X509_REVOKED)* entries = X509_CRL_get_REVOKED(crl.get());
  for (int i = 0; i < sk_X509_REVOKED_num(entries); ++i) {
    X509_REVOKED* entry = sk_X509_REVOKED_value(entries, i);
    result[serial_hex_of(X509_REVOKED_get0_serialNumber(entry))] =
        epoch_of(X509_REVOKED_get0_revocationDate(entry));
  }
  return result;
}

Bytes encode(OCSP_RESPONSE* response) {
  unsigned char* der = nullptr;
  int len = i2d_OCSP_RESPONSE(response, &der);
  if (len <= 0) return {};
  Bytes out(der, der + len);
  OPENSSL_free(der);
  return out;
}

Bytes status_only(int status) {
  OcspResponsePtr response(OCSP_response_create(status, nullptr));
  return encode(response.get());
}

}  // namespace

OcspResponder::OcspResponder(const DevPki& pki) : impl_(std::make_unique<Impl>()) {
  Impl::Issuer inter;
  inter.cert = load_cert(pki.intermediate_cert);
  inter.signer_cert = load_cert(pki.ocsp.cert_pem);
  inter.signer_key = load_private_key_pem(pki.ocsp.key_pem);
  inter.revoked = revoked_serials(pki.intermediate_crl);
  Impl::Issuer root;
  root.cert = load_cert(pki.root_cert);
  root.signer_cert = load_cert(pki.root_cert);
  root.signer_key = load_private_key_pem(pki.root_key);
  root.revoked = revoked_serials(pki.root_crl);
  impl_->issuers.push_back(std::move(inter));
  impl_->issuers.push_back(std::move(root));
}

OcspResponder::~OcspResponder() = default;

std::vector<unsigned char> OcspResponder::respond(const std::vector<unsigned char>& der_request) {
  std::lock_guard lock(impl_->mutex);
  if (der_request.empty() || der_request.size() > 64 * 1024) {
    return status_only(OCSP_RESPONSE_STATUS_MALFORMEDREQUEST);
  }
  const unsigned char* p = der_request.data();
  OcspRequestPtr request(d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(der_request.size())));
  if (!request || OCSP_request_onereq_count(request.get()) <= 0) {
    ERR_clear_error();
    return status_only(OCSP_RESPONSE_STATUS_MALFORMEDREQUEST);
  }
  OcspBasicPtr basic(OCSP_BASICRESP_new());
  Asn1TimePtr this_update(X509_gmtime_adj(nullptr, -60));
  Asn1TimePtr next_update(X509_gmtime_adj(nullptr, 24 * 3600));
  const Impl::Issuer* signer = nullptr;
  for (int i = 0; i < OCSP_request_onereq_count(request.get()); ++i) {
    OCSP_CERTID* id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(request.get(), i));
    ASN1_OBJECT* md_object = nullptr;
    ASN1_INTEGER* serial = nullptr;
    OCSP_id_get0_info(nullptr, &md_object, nullptr, &serial, id);
    const EVP_MD* md = md_object ? EVP_get_digestbyobj(md_object) : nullptr;
    const Impl::Issuer* issuer = nullptr;
    for (const auto& candidate : impl_->issuers) {
      if (!md) break;
      OcspCertIdPtr issuer_id(OCSP_cert_id_new(md, X509_get_subject_name(candidate.cert.get()),
                                               X509_get0_pubkey_bitstr(candidate.cert.get()), serial));
      if (issuer_id && OCSP_id_issuer_cmp(issuer_id.get(), id) == 0) issuer = &candidate;
    }
    if (!issuer) {
      OCSP_basic_add1_status(basic.get(), id, V_OCSP_CERTSTATUS_UNKNOWN, 0, nullptr, this_update.get(),
                             next_update.get());
      continue;
    }
    if (!signer) signer = issuer;
    auto revoked = issuer->revoked.find(serial_hex_of(serial));
    if (revoked != issuer->revoked.end()) {
      Asn1TimePtr when(ASN1_TIME_set(nullptr, static_cast<time_t>(revoked->second)));
      OCSP_basic_add1_status(basic.get(), id, V_OCSP_CERTSTATUS_REVOKED, OCSP_REVOKED_STATUS_KEYCOMPROMISE,
                             when.get(), this_update.get(), next_update.get());
    } else {
      OCSP_basic_add1_status(basic.get(), id, V_OCSP_CERTSTATUS_GOOD, 0, nullptr, this_update.get(),
                             next_update.get());
    }
  }
  if (!signer) signer = &impl_->issuers.front();
  OCSP_copy_nonce(basic.get(), request.get());
  if (!OCSP_basic_sign(basic.get(), signer->signer_cert.get(), signer->signer_key.get(), EVP_sha256(),
                       nullptr, 0)) {
    ERR_clear_error();
    return status_only(OCSP_RESPONSE_STATUS_INTERNALERROR);
  }
  OcspResponsePtr response(OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic.get()));
  return encode(response.get());
}

}  // namespace cesp::signing
