// Personal signing identities: one directory entry per person, protected by a
// per-person flock so that several threads or server processes sharing the
// data folder never issue two certificates at once or read a torn pair.
#include "cesp/signing/signer_directory.h"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>

#include "openssl_util.h"
#include "revocation.h"

namespace cesp::signing {
namespace {

using namespace detail;
namespace fs = std::filesystem;

constexpr long kDay = 24 * 3600;
constexpr long kRenewBefore = 30 * kDay;  // re-issue a certificate this close to its end
// scrypt parameters for the key at rest (about 16 MiB, a few tens of ms).
constexpr std::uint64_t kScryptN = 1u << 14, kScryptR = 8, kScryptP = 1;

// person_id -> a file name stem: kept as is when harmless, hex otherwise.
std::string file_stem(const std::string& person_id) {
  if (person_id.empty()) throw Error(ErrorCode::invalid_argument, "signataire sans identifiant");
  bool plain = person_id.size() <= 64 && person_id[0] != '.';
  for (char c : person_id) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.');
  }
  if (plain) return person_id;
  auto digest = sha256(person_id.data(), person_id.size());
  return "h" + hex_upper(digest.data(), digest.size());
}

// An exclusive flock on <dir>/<stem>.lock for the scope: separate open()s give
// separate open file descriptions, so it excludes threads as well as processes.
class PersonLock {
 public:
  explicit PersonLock(const fs::path& file) : fd_(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
    if (fd_ < 0) throw Error(ErrorCode::io_error, file.string());
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno != EINTR) {
        ::close(fd_);
        throw Error(ErrorCode::io_error, file.string());
      }
    }
  }
  ~PersonLock() {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
  PersonLock(const PersonLock&) = delete;
  PersonLock& operator=(const PersonLock&) = delete;

 private:
  int fd_;
};

std::string read_text_file(const fs::path& path) {
  Bytes bytes = read_file(path, 1u << 20);
  return std::string(bytes.begin(), bytes.end());
}

void add_extension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str());
  if (!ext) throw_openssl(ErrorCode::internal, "extension " + value);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// The organisation of the issuing CA, so the dev marking ("NE PAS UTILISER EN
// PRODUCTION") carries over to every personal certificate.
std::string organisation_of(X509* ca) {
  X509_NAME* name = X509_get_subject_name(ca);
  int index = X509_NAME_get_index_by_NID(name, NID_organizationName, -1);
  if (index < 0) return "CESP";
  ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  int len = ASN1_STRING_to_UTF8(&utf8, data);
  if (len < 0) return "CESP";
  std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

std::string encrypted_pkcs8_pem(EVP_PKEY* key, const std::string& password) {
  X509_ALGOR* pbe =
      PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), nullptr, 0, nullptr, kScryptN, kScryptR, kScryptP);
  if (!pbe) throw_openssl(ErrorCode::internal, "scrypt parameters");
  PKCS8_PRIV_KEY_INFO* info = EVP_PKEY2PKCS8(key);
  X509_SIG* sealed =
      info ? PKCS8_set0_pbe(password.data(), static_cast<int>(password.size()), info, pbe) : nullptr;
  PKCS8_PRIV_KEY_INFO_free(info);
  if (!sealed) {
    X509_ALGOR_free(pbe);
    throw_openssl(ErrorCode::internal, "PKCS#8 encryption");
  }
  BioPtr bio(BIO_new(BIO_s_mem()));
  const int ok = PEM_write_bio_PKCS8(bio.get(), sealed);
  X509_SIG_free(sealed);
  if (!ok) throw_openssl(ErrorCode::internal, "PKCS#8 PEM");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace

struct SignerDirectory::Impl {
  SignerDirectoryOptions options;
  X509Ptr ca;
  EvpPkeyPtr ca_key;
  std::string organisation;

  fs::path path(const std::string& stem, const char* suffix) const { return options.dir / (stem + suffix); }

  std::vector<std::string> expected_ocsp() const {
    if (options.aia_base_url.empty()) return {};
    return {options.aia_base_url + "/ocsp"};
  }
  std::vector<std::string> expected_crl() const {
    if (options.aia_base_url.empty()) return {};
    return {options.aia_base_url + "/crl/" + options.issuer_slug + ".crl"};
  }

  // The stored certificate is still the one we would issue: same CA (name and
  // signature), same revocation URLs, same subject name, not near its end.
  bool still_current(X509* cert, const SignerSubject& who) const {
    if (X509_check_issued(ca.get(), cert) != X509_V_OK) return false;
    EVP_PKEY* ca_public = X509_get0_pubkey(ca.get());
    if (!ca_public || X509_verify(cert, ca_public) != 1) {
      ERR_clear_error();
      return false;
    }
    if (ocsp_urls(cert) != expected_ocsp() || crl_urls(cert) != expected_crl()) return false;
    if (common_name_of(cert) != who.common_name) return false;
    time_t soon = std::time(nullptr) + kRenewBefore;
    return X509_cmp_time(X509_get0_notAfter(cert), &soon) > 0;
  }

  X509Ptr issue(EVP_PKEY* key, const SignerSubject& who) const {
    X509Ptr cert(X509_new());
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1) throw_openssl(ErrorCode::internal, "RAND_bytes");
    serial[0] = static_cast<unsigned char>((serial[0] & 0x7f) | 0x10);
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -300);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(options.validity_days) * kDay);
    // Never beyond the issuing CA: the chain would end before the certificate.
    if (ASN1_TIME_compare(X509_get0_notAfter(cert.get()), X509_get0_notAfter(ca.get())) > 0) {
      X509_set1_notAfter(cert.get(), X509_get0_notAfter(ca.get()));
    }
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    auto add = [&](const char* field, const std::string& value) {
      if (value.empty()) return;
      if (!X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0)) {
        throw_openssl(ErrorCode::signing_key_invalid, std::string("subject ") + field);
      }
    };
    add("C", "FR");
    add("O", organisation);
    add("OU", who.role);
    add("title", who.role);
    add("CN", who.common_name);
    X509_set_issuer_name(cert.get(), X509_get_subject_name(ca.get()));

    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, ca.get(), cert.get(), nullptr, nullptr, 0);
    add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature,nonRepudiation");
    add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
    add_extension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
    if (!who.email.empty()) {
      if (who.email.find_first_of(",\r\n") != std::string::npos) {
        throw Error(ErrorCode::invalid_argument, "adresse électronique invalide", "invalid e-mail address",
                    who.email);
      }
      add_extension(cert.get(), &ctx, NID_subject_alt_name, "email:" + who.email);
    }
    const std::string& base = options.aia_base_url;
    if (!base.empty()) {
      add_extension(
          cert.get(), &ctx, NID_info_access,
          "OCSP;URI:" + base + "/ocsp,caIssuers;URI:" + base + "/ca/" + options.issuer_slug + ".der");
      add_extension(cert.get(), &ctx, NID_crl_distribution_points,
                    "URI:" + base + "/crl/" + options.issuer_slug + ".crl");
    }
    if (!X509_sign(cert.get(), ca_key.get(), EVP_sha256())) throw_openssl(ErrorCode::internal, "X509_sign");
    return cert;
  }

  SignerKey load(const std::string& stem, const std::string& password) const {
    return SignerKey::load(path(stem, ".key.pem").string(), path(stem, ".pem").string(),
                           options.chain_pem.string(), password);
  }
};

SignerDirectory::SignerDirectory(SignerDirectoryOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  const auto& o = impl_->options;
  std::error_code ec;
  fs::create_directories(o.dir, ec);
  if (ec) throw Error(ErrorCode::io_error, o.dir.string() + ": " + ec.message());
  fs::permissions(o.dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (o.validity_days <= 0) throw Error(ErrorCode::invalid_argument, "validity_days");
  try {
    impl_->ca = load_cert(o.ca_cert_pem);
    impl_->ca_key = load_private_key_pem(o.ca_key_pem);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::io_error) throw;
    throw Error(ErrorCode::signing_key_invalid, "autorité de certification: " + std::string(e.what()));
  }
  if (X509_check_private_key(impl_->ca.get(), impl_->ca_key.get()) != 1) {
    throw_openssl(ErrorCode::signing_key_invalid, "CA key does not match the CA certificate");
  }
  impl_->organisation = organisation_of(impl_->ca.get());
}

SignerDirectory::~SignerDirectory() = default;

SignerKey SignerDirectory::unlock(const SignerSubject& who, const std::string& password) {
  if (password.empty()) throw Error(ErrorCode::signing_key_invalid, "mot de passe vide");
  if (who.common_name.empty()) throw Error(ErrorCode::invalid_argument, "signataire sans nom");
  const std::string stem = file_stem(who.person_id);
  const Impl& self = *impl_;
  PersonLock lock(self.path(stem, ".lock"));

  const fs::path token = self.path(stem, ".pkcs11");
  const fs::path cert_path = self.path(stem, ".pem");
  if (fs::exists(token)) {
    return SignerKey::load(read_text_file(token), cert_path.string(), self.options.chain_pem.string(),
                           password);
  }
  const fs::path key_path = self.path(stem, ".key.pem");
  if (fs::exists(key_path) && fs::exists(cert_path)) {
    X509Ptr stored;
    try {
      stored = load_cert(cert_path);
    } catch (const Error& e) {
      if (e.code() == ErrorCode::io_error) throw;  // unreadable: do not replace blindly
    }
    if (stored && self.still_current(stored.get(), who)) {
      try {
        return self.load(stem, password);
      } catch (const Error& e) {
        // Wrong password (changed since) or a torn pair: issue anew below.
        if (e.code() != ErrorCode::signing_key_invalid) throw;
      }
    }
  }
  EvpPkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) throw_openssl(ErrorCode::internal, "EC P-256 key generation");
  X509Ptr cert = self.issue(key.get(), who);
  // Key first, then certificate, each replaced atomically: a crash in between
  // leaves a pair that does not match, which the next unlock re-issues.
  write_file(key_path, encrypted_pkcs8_pem(key.get(), password), true);
  write_file(cert_path, cert_to_pem(cert.get()));
  return self.load(stem, password);
}

void SignerDirectory::register_token(const std::string& person_id, const std::string& pkcs11_uri,
                                     const fs::path& cert_pem) {
  if (pkcs11_uri.rfind("pkcs11:", 0) != 0 || pkcs11_uri.find_first_of("\r\n") != std::string::npos) {
    throw Error(ErrorCode::invalid_argument, "URI PKCS#11 invalide", "invalid PKCS#11 URI", pkcs11_uri);
  }
  X509Ptr cert = load_cert(cert_pem);
  const Impl& self = *impl_;
  EVP_PKEY* ca_public = X509_get0_pubkey(self.ca.get());
  if (X509_check_issued(self.ca.get(), cert.get()) != X509_V_OK || !ca_public ||
      X509_verify(cert.get(), ca_public) != 1) {
    ERR_clear_error();
    throw Error(ErrorCode::signing_key_invalid, "certificat non émis par l'autorité de la plateforme",
                "certificate not issued by the platform CA", cert_pem.string());
  }
  const std::string stem = file_stem(person_id);
  PersonLock lock(self.path(stem, ".lock"));
  write_file(self.path(stem, ".pem"), cert_to_pem(cert.get()));
  write_file(self.path(stem, ".pkcs11"), pkcs11_uri, true);
  std::error_code ec;
  fs::remove(self.path(stem, ".key.pem"), ec);  // the token replaces any platform-held key
}

std::optional<std::string> SignerDirectory::certificate_pem(const std::string& person_id) const {
  const fs::path cert = impl_->path(file_stem(person_id), ".pem");
  std::error_code ec;
  if (!fs::exists(cert, ec)) return std::nullopt;
  return read_text_file(cert);
}

std::string SignerDirectory::issue_certificate_for_csr(const SignerSubject& who,
                                                       const std::string& csr_pem) const {
  if (who.common_name.empty()) throw Error(ErrorCode::invalid_argument, "signataire sans nom");
  if (csr_pem.empty() || csr_pem.size() > (64u << 10)) {
    throw Error(ErrorCode::signing_key_invalid, "demande de certificat vide ou trop grande",
                "empty or oversized certificate request", std::to_string(csr_pem.size()) + " bytes");
  }
  BioPtr bio(BIO_new_mem_buf(csr_pem.data(), static_cast<int>(csr_pem.size())));
  std::unique_ptr<X509_REQ, Deleter<X509_REQ_free>> request(
      bio ? PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!request) throw_openssl(ErrorCode::signing_key_invalid, "PKCS#10 request (PEM)");
  EVP_PKEY* key = X509_REQ_get0_pubkey(request.get());
  if (!key || X509_REQ_verify(request.get(), key) != 1) {
    throw_openssl(ErrorCode::signing_key_invalid, "PKCS#10 request self-signature");
  }
  bool acceptable = false;
  if (EVP_PKEY_is_a(key, "RSA")) {
    acceptable = EVP_PKEY_get_bits(key) >= 2048;
  } else if (EVP_PKEY_is_a(key, "EC")) {
    char curve[64] = {};
    std::size_t len = 0;
    if (EVP_PKEY_get_group_name(key, curve, sizeof curve, &len) == 1) {
      const std::string name(curve, len);
      acceptable = name == "prime256v1" || name == "P-256" || name == "secp384r1" || name == "P-384" ||
                   name == "secp521r1" || name == "P-521";
    }
  }
  if (!acceptable) {
    ERR_clear_error();
    throw Error(ErrorCode::signing_key_invalid, "type de clé refusé (RSA 2048+ ou EC P-256/384/521)",
                "key type refused (RSA 2048+ or EC P-256/384/521)", EVP_PKEY_get0_type_name(key));
  }
  X509Ptr cert = impl_->issue(key, who);
  return cert_to_pem(cert.get());
}

std::optional<SignerDirectory::Entry> SignerDirectory::describe(const std::string& person_id) const {
  const std::string stem = file_stem(person_id);
  const fs::path cert_path = impl_->path(stem, ".pem");
  std::error_code ec;
  if (!fs::exists(cert_path, ec)) return std::nullopt;
  X509Ptr cert = load_cert(cert_path);
  Entry entry;
  entry.subject = subject_of(cert.get());
  entry.issuer = issuer_of(cert.get());
  entry.serial_hex = serial_hex_of(X509_get0_serialNumber(cert.get()));
  entry.not_before = iso_time(X509_get0_notBefore(cert.get()));
  entry.not_after = iso_time(X509_get0_notAfter(cert.get()));
  const fs::path token = impl_->path(stem, ".pkcs11");
  if (fs::exists(token, ec)) {
    entry.in_token = true;
    std::string uri = read_text_file(token);
    // Never print a PIN kept in the URI.
    const std::size_t pin = uri.find("pin-value=");
    if (pin != std::string::npos) {
      const std::size_t end = uri.find_first_of(";?&", pin);
      uri.replace(pin, end == std::string::npos ? std::string::npos : end - pin, "pin-value=***");
    }
    entry.token_uri = uri;
  }
  return entry;
}

const SignerDirectoryOptions& SignerDirectory::options() const { return impl_->options; }

}  // namespace cesp::signing
