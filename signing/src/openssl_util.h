// RAII handles and small helpers around OpenSSL, private to signing/.
#pragma once

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pkcs12.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cesp/core/error.h"

namespace cesp::signing::detail {

template <auto Free>
struct Deleter {
  template <class T>
  void operator()(T* p) const {
    Free(p);
  }
};

using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using X509StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;
using X509CrlPtr = std::unique_ptr<X509_CRL, Deleter<X509_CRL_free>>;
using TsReqPtr = std::unique_ptr<TS_REQ, Deleter<TS_REQ_free>>;
using TsRespPtr = std::unique_ptr<TS_RESP, Deleter<TS_RESP_free>>;
using TsRespCtxPtr = std::unique_ptr<TS_RESP_CTX, Deleter<TS_RESP_CTX_free>>;
using TsVerifyCtxPtr = std::unique_ptr<TS_VERIFY_CTX, Deleter<TS_VERIFY_CTX_free>>;
using TsTstInfoPtr = std::unique_ptr<TS_TST_INFO, Deleter<TS_TST_INFO_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, Deleter<PKCS7_free>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, Deleter<CMS_ContentInfo_free>>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER_free>>;
using Asn1TimePtr = std::unique_ptr<ASN1_TIME, Deleter<ASN1_TIME_free>>;
using Asn1ObjectPtr = std::unique_ptr<ASN1_OBJECT, Deleter<ASN1_OBJECT_free>>;
using OcspRequestPtr = std::unique_ptr<OCSP_REQUEST, Deleter<OCSP_REQUEST_free>>;
using OcspResponsePtr = std::unique_ptr<OCSP_RESPONSE, Deleter<OCSP_RESPONSE_free>>;
using OcspBasicPtr = std::unique_ptr<OCSP_BASICRESP, Deleter<OCSP_BASICRESP_free>>;
using OcspCertIdPtr = std::unique_ptr<OCSP_CERTID, Deleter<OCSP_CERTID_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;

struct X509StackDeleter {
  void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

using Bytes = std::vector<unsigned char>;

// Throws Error(code) with `what` and the pending OpenSSL error queue as
// context (the queue is cleared).
[[noreturn]] void throw_openssl(ErrorCode code, const std::string& what);
// The pending OpenSSL errors as text, clearing the queue.
std::string openssl_errors();

Bytes read_file(const std::filesystem::path& path, std::size_t max_size = 64u << 20);
// Writes atomically enough for our needs (temp file + rename); mode 0600 if private_file.
void write_file(const std::filesystem::path& path, const void* data, std::size_t size,
                bool private_file = false);
inline void write_file(const std::filesystem::path& path, const Bytes& data, bool private_file = false) {
  write_file(path, data.data(), data.size(), private_file);
}
inline void write_file(const std::filesystem::path& path, const std::string& data,
                       bool private_file = false) {
  write_file(path, data.data(), data.size(), private_file);
}

X509Ptr load_cert(const std::filesystem::path& pem_or_der);
// All certificates in a PEM file (possibly none when the file is empty).
std::vector<X509Ptr> load_certs(const std::filesystem::path& pem);
EvpPkeyPtr load_private_key_pem(const std::filesystem::path& pem, const std::string& password = {});
X509Ptr cert_from_der(const unsigned char* der, std::size_t size);
Bytes cert_to_der(X509* cert);
std::string cert_to_pem(X509* cert);
std::string key_to_pem(EVP_PKEY* key);

// RFC 2253 subject / issuer, and the common name alone.
std::string subject_of(X509* cert);
std::string issuer_of(X509* cert);
std::string common_name_of(X509* cert);
std::string serial_hex_of(const ASN1_INTEGER* serial);
// ISO 8601 UTC ("2026-11-22T16:32:10Z") and seconds since the epoch.
std::string iso_time(const ASN1_TIME* time);
long long epoch_of(const ASN1_TIME* time);
std::string iso_time_from_epoch(long long epoch);

std::array<unsigned char, 32> sha256(const void* data, std::size_t size);
std::array<unsigned char, 20> sha1(const void* data, std::size_t size);
std::string hex_upper(const unsigned char* data, std::size_t size);

}  // namespace cesp::signing::detail
