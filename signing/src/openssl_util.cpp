#include "openssl_util.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <fstream>

namespace cesp::signing::detail {

std::string openssl_errors() {
  std::string text;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!text.empty()) text += "; ";
    text += buf;
  }
  return text;
}

void throw_openssl(ErrorCode code, const std::string& what) {
  std::string errors = openssl_errors();
  throw Error(code, errors.empty() ? what : what + " (" + errors + ")");
}

Bytes read_file(const std::filesystem::path& path, std::size_t max_size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::io_error, "cannot read " + path.string());
  in.seekg(0, std::ios::end);
  auto size = static_cast<std::size_t>(in.tellg());
  if (size > max_size) throw Error(ErrorCode::too_large, path.string());
  in.seekg(0);
  Bytes data(size);
  if (size && !in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(size))) {
    throw Error(ErrorCode::io_error, "cannot read " + path.string());
  }
  return data;
}

void write_file(const std::filesystem::path& path, const void* data, std::size_t size, bool private_file) {
  // A temporary name of this process and thread: two processes refreshing
  // the same dev PKI at once (parallel tests) must not share it, or one's
  // rename finds the file already moved by the other.
  static std::atomic<unsigned> counter{0};
  auto tmp = path;
  tmp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(ErrorCode::io_error, "cannot write " + tmp.string());
    if (private_file) ::chmod(tmp.c_str(), 0600);
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out.flush()) throw Error(ErrorCode::io_error, "cannot write " + tmp.string());
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw Error(ErrorCode::io_error, path.string() + ": " + ec.message());
}

X509Ptr cert_from_der(const unsigned char* der, std::size_t size) {
  const unsigned char* p = der;
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(size)));
  if (!cert) throw_openssl(ErrorCode::invalid_argument, "invalid DER certificate");
  return cert;
}

X509Ptr load_cert(const std::filesystem::path& path) {
  Bytes data = read_file(path, 1 << 20);
  BioPtr bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    ERR_clear_error();
    const unsigned char* p = data.data();
    cert.reset(d2i_X509(nullptr, &p, static_cast<long>(data.size())));
  }
  if (!cert) throw_openssl(ErrorCode::signing_key_invalid, "no certificate in " + path.string());
  return cert;
}

std::vector<X509Ptr> load_certs(const std::filesystem::path& path) {
  Bytes data = read_file(path, 4 << 20);
  BioPtr bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
  std::vector<X509Ptr> certs;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) certs.emplace_back(cert);
  ERR_clear_error();  // the loop ends on "no start line"
  return certs;
}

EvpPkeyPtr load_private_key_pem(const std::filesystem::path& path, const std::string& password) {
  Bytes data = read_file(path, 1 << 20);
  BioPtr bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr,
                                         password.empty() ? nullptr : const_cast<char*>(password.c_str())));
  if (!key) throw_openssl(ErrorCode::signing_key_invalid, "no private key in " + path.string());
  return key;
}

Bytes cert_to_der(X509* cert) {
  int len = i2d_X509(cert, nullptr);
  if (len <= 0) throw_openssl(ErrorCode::internal, "i2d_X509");
  Bytes der(static_cast<std::size_t>(len));
  unsigned char* p = der.data();
  i2d_X509(cert, &p);
  return der;
}

namespace {
std::string bio_to_string(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(len));
}
}  // namespace

std::string cert_to_pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  return bio_to_string(bio.get());
}

std::string key_to_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  return bio_to_string(bio.get());
}

namespace {
std::string name_to_string(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  return bio_to_string(bio.get());
}
}  // namespace

std::string subject_of(X509* cert) { return name_to_string(X509_get_subject_name(cert)); }
std::string issuer_of(X509* cert) { return name_to_string(X509_get_issuer_name(cert)); }

std::string common_name_of(X509* cert) {
  X509_NAME* name = X509_get_subject_name(cert);
  int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return subject_of(cert);
  ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  int len = ASN1_STRING_to_UTF8(&utf8, data);
  if (len < 0) return subject_of(cert);
  std::string cn(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(len));
  OPENSSL_free(utf8);
  return cn;
}

std::string serial_hex_of(const ASN1_INTEGER* serial) {
  BIGNUM* bn = ASN1_INTEGER_to_BN(serial, nullptr);
  if (!bn) return {};
  char* hex = BN_bn2hex(bn);
  std::string text = hex ? hex : "";
  OPENSSL_free(hex);
  BN_free(bn);
  return text;
}

long long epoch_of(const ASN1_TIME* time) {
  struct tm tm {};
  if (!time || ASN1_TIME_to_tm(time, &tm) != 1) return 0;
  return static_cast<long long>(timegm(&tm));
}

std::string iso_time_from_epoch(long long epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string iso_time(const ASN1_TIME* time) {
  return time ? iso_time_from_epoch(epoch_of(time)) : std::string();
}

std::array<unsigned char, 32> sha256(const void* data, std::size_t size) {
  std::array<unsigned char, 32> digest{};
  SHA256(static_cast<const unsigned char*>(data), size, digest.data());
  return digest;
}

std::array<unsigned char, 20> sha1(const void* data, std::size_t size) {
  std::array<unsigned char, 20> digest{};
  SHA1(static_cast<const unsigned char*>(data), size, digest.data());
  return digest;
}

std::string hex_upper(const unsigned char* data, std::size_t size) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 15];
  }
  return out;
}

}  // namespace cesp::signing::detail
