// The development PKI: generated with the OpenSSL API (no `openssl` process),
// reused when already present so that tests and `cesp pki init` are cheap and
// repeatable.
#include "cesp/signing/dev_pki.h"

#include <fcntl.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <sys/file.h>
#include <unistd.h>

#include <ctime>
#include <fstream>

#include "openssl_util.h"

namespace cesp::signing {
namespace {

using namespace detail;
namespace fs = std::filesystem;

constexpr const char* kOrganisation = "CESP DEV - NE PAS UTILISER EN PRODUCTION";
constexpr long kDay = 24 * 3600;

enum class KeyType { rsa, ec };

EvpPkeyPtr generate_key(KeyType type) {
  EvpPkeyPtr key(type == KeyType::rsa ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256"));
  if (!key) throw_openssl(ErrorCode::internal, "key generation");
  return key;
}

struct CertSpec {
  std::string common_name;
  std::string unit;
  bool ca = false;
  std::string key_usage;           // e.g. "critical,digitalSignature"
  std::string extended_key_usage;  // e.g. "critical,timeStamping"
  bool ocsp_no_check = false;
  long not_before = -kDay;  // relative to now, seconds
  long not_after = 3650 * kDay;
  std::string issuer_slug;  // "root" or "intermediate": names the URLs
};

void add_extension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str());
  if (!ext) throw_openssl(ErrorCode::internal, "extension " + value);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

X509Ptr issue(EVP_PKEY* key, const CertSpec& spec, X509* issuer, EVP_PKEY* issuer_key,
              const std::string& base_url) {
  X509Ptr cert(X509_new());
  X509_set_version(cert.get(), 2);
  unsigned char serial_bytes[16];
  RAND_bytes(serial_bytes, sizeof serial_bytes);
  serial_bytes[0] &= 0x7f;
  serial_bytes[0] |= 0x10;
  BIGNUM* bn = BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), spec.not_before);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), spec.not_after);
  X509_set_pubkey(cert.get(), key);

  X509_NAME* name = X509_get_subject_name(cert.get());
  auto add = [&](const char* field, const std::string& value) {
    X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
  };
  add("C", "FR");
  add("O", kOrganisation);
  if (!spec.unit.empty()) add("OU", spec.unit);
  add("CN", spec.common_name);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);

  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
  add_extension(cert.get(), &ctx, NID_basic_constraints, spec.ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  add_extension(cert.get(), &ctx, NID_key_usage, spec.key_usage);
  if (!spec.extended_key_usage.empty()) {
    add_extension(cert.get(), &ctx, NID_ext_key_usage, spec.extended_key_usage);
  }
  add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
  if (issuer) add_extension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
  if (spec.ocsp_no_check) add_extension(cert.get(), &ctx, NID_id_pkix_OCSP_noCheck, "ignored");
  if (issuer && !base_url.empty()) {
    add_extension(
        cert.get(), &ctx, NID_info_access,
        "OCSP;URI:" + base_url + "/ocsp,caIssuers;URI:" + base_url + "/ca/" + spec.issuer_slug + ".der");
    add_extension(cert.get(), &ctx, NID_crl_distribution_points,
                  "URI:" + base_url + "/crl/" + spec.issuer_slug + ".crl");
  }
  if (!X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256())) {
    throw_openssl(ErrorCode::internal, "X509_sign");
  }
  return cert;
}

CertSpec leaf_spec(std::string cn, std::string unit, std::string key_usage, std::string eku = {},
                   bool ocsp_no_check = false, long not_before = -kDay, long not_after = 3650 * kDay) {
  CertSpec spec;
  spec.common_name = std::move(cn);
  spec.unit = std::move(unit);
  spec.key_usage = std::move(key_usage);
  spec.extended_key_usage = std::move(eku);
  spec.ocsp_no_check = ocsp_no_check;
  spec.not_before = not_before;
  spec.not_after = not_after;
  spec.issuer_slug = "intermediate";
  return spec;
}

struct Issued {
  EvpPkeyPtr key;
  X509Ptr cert;
};

// Loads key and certificate when both files exist and `reuse`, else creates them.
// Keys are the slow part (RSA generation); a cache lets test processes share them.
EvpPkeyPtr cached_or_generated_key(const fs::path& cache, const std::string& stem, KeyType type) {
  if (cache.empty()) return generate_key(type);
  fs::path file = cache / (stem + ".key.pem");
  std::error_code ec;
  if (fs::exists(file, ec)) {
    try {
      return load_private_key_pem(file);
    } catch (const Error&) {
      // a torn or foreign file: generate a fresh key below
    }
  }
  EvpPkeyPtr key = generate_key(type);
  fs::create_directories(cache, ec);
  if (!ec) write_file(file, key_to_pem(key.get()), true);
  return key;
}

Issued load_or_issue(const fs::path& key_cache, const fs::path& dir, const std::string& stem, KeyType type,
                     const CertSpec& spec, const Issued* issuer, const std::string& base_url, bool& reuse,
                     DevIdentity* identity, X509* root) {
  fs::path key_path = dir / (stem + ".key.pem");
  fs::path cert_path = dir / (stem + ".pem");
  Issued result;
  if (reuse && fs::exists(key_path) && fs::exists(cert_path)) {
    result.key = load_private_key_pem(key_path);
    result.cert = load_cert(cert_path);
  } else {
    if (spec.ca) reuse = false;  // a new CA invalidates everything it issued
    result.key = cached_or_generated_key(key_cache, stem, type);
    result.cert = issue(result.key.get(), spec, issuer ? issuer->cert.get() : nullptr,
                        issuer ? issuer->key.get() : nullptr, base_url);
    write_file(key_path, key_to_pem(result.key.get()), true);
    write_file(cert_path, cert_to_pem(result.cert.get()));
  }
  if (identity) {
    identity->key_pem = key_path;
    identity->cert_pem = cert_path;
    identity->p12 = dir / (stem + ".p12");
    identity->p12_password = "cesp-dev";
    if (!fs::exists(identity->p12) || fs::last_write_time(identity->p12) < fs::last_write_time(cert_path)) {
      X509StackPtr chain(sk_X509_new_null());
      if (issuer) sk_X509_push(chain.get(), X509_dup(issuer->cert.get()));
      if (root && issuer && issuer->cert.get() != root) sk_X509_push(chain.get(), X509_dup(root));
      Pkcs12Ptr p12(PKCS12_create(identity->p12_password.c_str(), stem.c_str(), result.key.get(),
                                  result.cert.get(), chain.get(), 0, 0, 0, 0, 0));
      if (!p12) throw_openssl(ErrorCode::internal, "PKCS12_create");
      unsigned char* der = nullptr;
      int len = i2d_PKCS12(p12.get(), &der);
      write_file(identity->p12, der, static_cast<std::size_t>(len), true);
      OPENSSL_free(der);
    }
  }
  return result;
}

void write_crl(const Issued& issuer, const std::vector<X509*>& revoked, const fs::path& der_path,
               const fs::path& pem_path) {
  X509CrlPtr crl(X509_CRL_new());
  X509_CRL_set_version(crl.get(), 1);
  X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer.cert.get()));
  Asn1TimePtr now(X509_gmtime_adj(nullptr, -60));
  Asn1TimePtr next(X509_gmtime_adj(nullptr, 30 * kDay));
  X509_CRL_set1_lastUpdate(crl.get(), now.get());
  X509_CRL_set1_nextUpdate(crl.get(), next.get());
  for (X509* cert : revoked) {
    X509_REVOKED* entry = X509_REVOKED_new();
    X509_REVOKED_set_serialNumber(entry, X509_get_serialNumber(cert));
    // Stable revocation time: one minute after the certificate's notBefore.
    Asn1TimePtr when(ASN1_TIME_new());
    time_t t = static_cast<time_t>(epoch_of(X509_get0_notBefore(cert)) + 60);
    ASN1_TIME_set(when.get(), t);
    X509_REVOKED_set_revocationDate(entry, when.get());
    ASN1_ENUMERATED* reason = ASN1_ENUMERATED_new();
    ASN1_ENUMERATED_set(reason, CRL_REASON_KEY_COMPROMISE);
    X509_REVOKED_add1_ext_i2d(entry, NID_crl_reason, reason, 0, 0);
    ASN1_ENUMERATED_free(reason);
    X509_CRL_add0_revoked(crl.get(), entry);
  }
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer.cert.get(), nullptr, nullptr, crl.get(), 0);
  X509_EXTENSION* aki = X509V3_EXT_conf_nid(nullptr, &ctx, NID_authority_key_identifier, "keyid:always");
  if (aki) {
    X509_CRL_add_ext(crl.get(), aki, -1);
    X509_EXTENSION_free(aki);
  }
  ASN1_INTEGER* number = ASN1_INTEGER_new();
  ASN1_INTEGER_set(number, static_cast<long>(std::time(nullptr)));
  X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number, 0, 0);
  ASN1_INTEGER_free(number);
  X509_CRL_sort(crl.get());
  if (!X509_CRL_sign(crl.get(), issuer.key.get(), EVP_sha256()))
    throw_openssl(ErrorCode::internal, "CRL sign");
  unsigned char* der = nullptr;
  int len = i2d_X509_CRL(crl.get(), &der);
  write_file(der_path, der, static_cast<std::size_t>(len));
  OPENSSL_free(der);
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_CRL(bio.get(), crl.get());
  char* pem = nullptr;
  long pem_len = BIO_get_mem_data(bio.get(), &pem);
  write_file(pem_path, pem, static_cast<std::size_t>(pem_len));
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  return text;
}

// Serializes processes creating or refreshing the same PKI (parallel test
// processes, a server and `cesp tsa` on one data folder): without it two
// first runs would each write their own root and mix the files.
class DirectoryLock {
 public:
  explicit DirectoryLock(const fs::path& dir)
      : fd_(::open((dir / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
    if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) throw Error(ErrorCode::io_error, (dir / ".lock").string());
  }
  ~DirectoryLock() {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_;
};

}  // namespace

DevPki create_dev_pki(const fs::path& dir, const DevPkiOptions& options) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(ErrorCode::io_error, dir.string() + ": " + ec.message());
  const DirectoryLock lock(dir);
  DevPki pki;
  pki.dir = dir;
  fs::path url_file = dir / "base_url.txt";
  bool reuse = fs::exists(dir / "root-ca.pem") && fs::exists(url_file);
  // Moving to another base URL keeps every key and re-issues the certificates
  // below the root (the root carries no URL): same names and keys, so what
  // was signed before still chains.
  const bool moved = reuse && options.follow_base_url && read_text(url_file) != options.base_url;
  pki.base_url = reuse && !moved ? read_text(url_file) : options.base_url;
  const bool write_url = !reuse || moved;
  const fs::path key_cache = moved ? dir : options.key_cache_dir;
  const std::string& url = pki.base_url;

  const std::string user_ku = "critical,digitalSignature,nonRepudiation";
  CertSpec root_spec = leaf_spec("CESP DEV Racine", "Autorité racine", "critical,keyCertSign,cRLSign", "",
                                 false, -kDay, 7300 * kDay);
  root_spec.ca = true;
  root_spec.issuer_slug = "";
  Issued root = load_or_issue(key_cache, dir, "root-ca", KeyType::rsa, root_spec, nullptr, url, reuse,
                              nullptr, nullptr);
  if (moved) reuse = false;
  CertSpec inter_spec = leaf_spec("CESP DEV Intermédiaire", "Autorité intermédiaire",
                                  "critical,keyCertSign,cRLSign", "", false, -kDay, 5475 * kDay);
  inter_spec.ca = true;
  inter_spec.issuer_slug = "root";
  Issued inter = load_or_issue(key_cache, dir, "intermediate-ca", KeyType::rsa, inter_spec, &root,
                               url, reuse, nullptr, root.cert.get());
  X509* root_cert = root.cert.get();

  auto leaf = [&](const std::string& stem, KeyType type, const CertSpec& spec, DevIdentity& identity) {
    return load_or_issue(key_cache, dir, stem, type, spec, &inter, url, reuse, &identity,
                         root_cert);
  };
  leaf("tsa", KeyType::rsa,
       leaf_spec("CESP DEV Horodatage", "Horodatage", "critical,digitalSignature", "critical,timeStamping"),
       pki.tsa);
  leaf("ocsp", KeyType::ec,
       leaf_spec("CESP DEV OCSP", "Révocation", "critical,digitalSignature", "OCSPSigning", true), pki.ocsp);
  leaf("candidate-rsa", KeyType::rsa, leaf_spec("Camille Candidat (RSA)", "Candidats", user_ku),
       pki.candidate_rsa);
  leaf("candidate-ec", KeyType::ec, leaf_spec("Camille Candidat (EC)", "Candidats", user_ku),
       pki.candidate_ec);
  leaf("agent-rsa", KeyType::rsa, leaf_spec("Alex Agent CNG (RSA)", "Agents CNG", user_ku), pki.agent_rsa);
  leaf("agent-ec", KeyType::ec, leaf_spec("Alex Agent CNG (EC)", "Agents CNG", user_ku), pki.agent_ec);
  Issued revoked =
      leaf("revoked-rsa", KeyType::rsa, leaf_spec("Robin Révoqué", "Candidats", user_ku), pki.revoked);
  leaf("expired-rsa", KeyType::rsa,
       leaf_spec("Eden Expiré", "Candidats", user_ku, "", false, -730 * kDay, -365 * kDay), pki.expired);

  pki.root_cert = dir / "root-ca.pem";
  pki.root_key = dir / "root-ca.key.pem";
  pki.intermediate_cert = dir / "intermediate-ca.pem";
  pki.intermediate_key = dir / "intermediate-ca.key.pem";
  pki.chain_pem = dir / "chain.pem";
  // Last: a creation interrupted before this point is redone from scratch.
  if (write_url) write_file(url_file, pki.base_url + "\n");
  write_file(pki.chain_pem, cert_to_pem(inter.cert.get()) + cert_to_pem(root_cert));
  write_file(dir / "root-ca.der", cert_to_der(root_cert));
  write_file(dir / "intermediate-ca.der", cert_to_der(inter.cert.get()));

  pki.root_crl = dir / "root-ca.crl";
  pki.root_crl_pem = dir / "root-ca.crl.pem";
  pki.intermediate_crl = dir / "intermediate-ca.crl";
  pki.intermediate_crl_pem = dir / "intermediate-ca.crl.pem";
  write_crl(root, {}, pki.root_crl, pki.root_crl_pem);
  write_crl(inter, {revoked.cert.get()}, pki.intermediate_crl, pki.intermediate_crl_pem);

  // `openssl ocsp -index` format: V/R, expiry, revocation, serial, unknown, subject.
  pki.index_txt = dir / "index.txt";
  X509* rc = revoked.cert.get();
  std::string asn1_expiry = iso_time(X509_get0_notAfter(rc));
  std::string index;
  auto compact = [](const std::string& iso) {  // 2026-11-22T16:32:10Z -> 261122163210Z
    return iso.substr(2, 2) + iso.substr(5, 2) + iso.substr(8, 2) + iso.substr(11, 2) + iso.substr(14, 2) +
           iso.substr(17, 2) + "Z";
  };
  index += "R\t" + compact(asn1_expiry) + "\t" +
           compact(iso_time_from_epoch(epoch_of(X509_get0_notBefore(rc)) + 60)) + ",keyCompromise\t" +
           serial_hex_of(X509_get0_serialNumber(rc)) + "\tunknown\t/CN=" + common_name_of(rc) + "\n";
  write_file(pki.index_txt, index);
  write_file(dir / "README.txt", std::string("PKI DE DEVELOPPEMENT CESP - NE PAS UTILISER EN PRODUCTION.\n"
                                             "Generated by `cesp pki init`; PKCS#12 password: cesp-dev.\n"));
  return pki;
}

}  // namespace cesp::signing
