// verify_pdf: per-signature checks, then EN 319 102-1 indications.
#include <openssl/err.h>

#include <algorithm>
#include <chrono>

#include "cesp/signing/timestamp.h"
#include "cesp/signing/verify.h"

#include "certificate_checks.h"
#include "cms_builder.h"
#include "pdf_revisions.h"
#include "pdf_signatures.h"
#include "revocation.h"

namespace cesp::signing {
namespace {

using namespace detail;

constexpr std::size_t kMaxSignatures = 64;

struct Verdict {
  std::string indication, sub_indication;
};

long long epoch_from_iso(const std::string& iso) {
  if (iso.size() < 19) return 0;
  std::tm tm{};
  tm.tm_year = std::stoi(iso.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(iso.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(iso.substr(8, 2));
  tm.tm_hour = std::stoi(iso.substr(11, 2));
  tm.tm_min = std::stoi(iso.substr(14, 2));
  tm.tm_sec = std::stoi(iso.substr(17, 2));
  return static_cast<long long>(timegm(&tm));
}

Bytes covered_content(const Bytes& pdf, const std::vector<long long>& r) {
  Bytes content(pdf.begin() + r[0], pdf.begin() + r[0] + r[1]);
  content.insert(content.end(), pdf.begin() + r[2], pdf.begin() + r[2] + r[3]);
  return content;
}

// The messageDigest signed attribute against the digest of the covered bytes
// (CMS_SignerInfo_verify_content wants OpenSSL's own digest BIO chain).
bool message_digest_matches(CMS_SignerInfo* si, const Bytes& content) {
  X509_ALGOR* digest_algorithm = nullptr;
  CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest_algorithm, nullptr);
  const ASN1_OBJECT* oid = nullptr;
  X509_ALGOR_get0(&oid, nullptr, nullptr, digest_algorithm);
  const EVP_MD* md = EVP_get_digestbyobj(oid);
  auto* expected = static_cast<ASN1_OCTET_STRING*>(
      CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
  if (!md || !expected) return false;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(content.data(), content.size(), digest, &len, md, nullptr) != 1) return false;
  return ASN1_STRING_length(expected) == static_cast<int>(len) &&
         std::equal(digest, digest + len, ASN1_STRING_get0_data(expected));
}

bool byte_range_sane(const RawSignature& raw, std::size_t size) {
  const auto& r = raw.byte_range;
  if (r.size() != 4 || r[0] != 0 || r[1] <= 0 || r[2] <= r[1] || r[3] < 0) return false;
  return r[2] + r[3] <= static_cast<long long>(size);
}

// Chain, validity (with the timestamp as proof of existence) and revocation.
void check_certificate(SignatureCheck& out, X509* signer, long long proof_time, CertificatePool& pool,
                       const DssContents& dss, const VerifyOptions& options, bool& revocation_from_dss) {
  ChainResult chain = pool.verify(signer, 0);
  if (!chain.trusted && chain.validity != "valid" && proof_time > 0) {
    ChainResult past = pool.verify(signer, proof_time);
    if (past.trusted) {
      out.messages.push_back("certificate " + chain.validity + " now, valid at the timestamp time");
      chain = past;
    }
  }
  out.chain_trusted = chain.trusted;
  out.certificate_validity = chain.validity;
  if (!chain.trusted) {
    out.messages.push_back("certificate chain: " + chain.error);
    out.revocation = "not-checked";
    return;
  }
  revocation_from_dss = true;
  out.revocation = "good";
  for (std::size_t i = 0; i + 1 < chain.chain.size(); ++i) {
    RevocationResult r =
        check_revocation(chain.chain[i], chain.chain[i + 1], dss, pool, options.fetch_revocation);
    if (r.source.rfind("dss", 0) != 0) revocation_from_dss = false;
    if (i == 0) out.revocation_source = r.source;
    if (r.status == "revoked") {
      out.revocation = "revoked";
      out.messages.push_back(common_name_of(chain.chain[i]) + " revoked at " +
                             iso_time_from_epoch(r.revocation_time));
      if (proof_time > 0 && proof_time < r.revocation_time) {
        out.revocation = "good";
        out.messages.back() += " (after the signature timestamp: accepted)";
        continue;
      }
      return;
    }
    if (r.status == "unknown") {
      out.revocation = "unknown";
      out.messages.push_back("revocation of " + common_name_of(chain.chain[i]) + " unknown: " + r.detail);
      return;
    }
  }
}

void check_cms(SignatureCheck& out, const RawSignature& raw, const Bytes& pdf, CertificatePool& pool,
               const DssContents& dss, const VerifyOptions& options, bool& revocation_from_dss) {
  const unsigned char* p = raw.contents.data();
  CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(raw.contents.size())));
  if (!cms || OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) {
    ERR_clear_error();
    out.messages.push_back("/Contents is not a CMS SignedData");
    return;
  }
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
  if (!infos || sk_CMS_SignerInfo_num(infos) != 1) {
    out.messages.push_back("expected exactly one SignerInfo");
    return;
  }
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
  CMS_set1_signers_certs(cms.get(), nullptr, 0);
  ERR_clear_error();
  X509* signer = nullptr;
  CMS_SignerInfo_get0_algs(si, nullptr, &signer, nullptr, nullptr);
  if (!signer) {
    out.messages.push_back("signer certificate not included");
    return;
  }
  out.signer = subject_of(signer);
  out.signer_name = common_name_of(signer);
  pool.add(certificates_in_cms(raw.contents, true));

  out.digest_ok = message_digest_matches(si, covered_content(pdf, raw.byte_range));
  out.signature_ok = CMS_SignerInfo_verify(si) == 1;
  ERR_clear_error();

  bool baseline = raw.sub_filter == "ETSI.CAdES.detached";
  if (CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) >= 0) {
    if (baseline) out.messages.push_back("signing-time attribute present (not allowed in PAdES baseline)");
    baseline = false;
  }
  if (CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) < 0 &&
      CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificate, -1) < 0) {
    if (baseline) out.messages.push_back("no ESS signing-certificate attribute");
    baseline = false;
  }
  out.level = baseline ? "B-B" : (raw.sub_filter == "adbe.pkcs7.detached" ? "PKCS7" : "");

  long long proof_time = 0;
  auto tokens = timestamp_tokens_in_cms(raw.contents);
  if (!tokens.empty()) {
    Bytes value = signature_value_of(raw.contents);
    try {
      TimestampInfo info = verify_timestamp_token(tokens.front(), sha256(value.data(), value.size()),
                                                  options.trust_anchor_pem_files);
      out.timestamp_time = info.gen_time;
      proof_time = epoch_from_iso(info.gen_time);
      if (baseline) out.level = "B-T";
    } catch (const Error& e) {
      try {
        out.timestamp_time = inspect_timestamp_token(tokens.front()).gen_time;
      } catch (const Error&) {
      }
      out.messages.push_back(std::string("signature timestamp not valid: ") + e.what());
    }
  }
  if (out.digest_ok && out.signature_ok)
    check_certificate(out, signer, proof_time, pool, dss, options, revocation_from_dss);
}

void check_document_timestamp(SignatureCheck& out, const RawSignature& raw, const Bytes& pdf,
                              CertificatePool& pool, const DssContents& dss, const VerifyOptions& options) {
  Bytes content = covered_content(pdf, raw.byte_range);
  auto digest = sha256(content.data(), content.size());
  try {
    TimestampInfo info = inspect_timestamp_token(raw.contents);
    out.timestamp_time = info.gen_time;
    out.signer = info.tsa_subject;
  } catch (const Error& e) {
    out.messages.push_back(e.what());
    return;
  }
  const unsigned char* p = raw.contents.data();
  Pkcs7Ptr token(d2i_PKCS7(nullptr, &p, static_cast<long>(raw.contents.size())));
  TsTstInfoPtr info(token ? PKCS7_to_TS_TST_INFO(token.get()) : nullptr);
  ERR_clear_error();
  if (!info) return;
  ASN1_OCTET_STRING* imprint = TS_MSG_IMPRINT_get_msg(TS_TST_INFO_get_msg_imprint(info.get()));
  out.digest_ok = ASN1_STRING_length(imprint) == 32 &&
                  std::equal(digest.begin(), digest.end(), ASN1_STRING_get0_data(imprint));
  pool.add(certificates_in_cms(raw.contents, false));
  STACK_OF(X509)* signers = PKCS7_get0_signers(token.get(), nullptr, 0);
  X509* tsa = signers && sk_X509_num(signers) > 0 ? sk_X509_value(signers, 0) : nullptr;
  sk_X509_free(signers);
  ERR_clear_error();
  if (!out.digest_ok || !tsa) return;
  out.signer_name = common_name_of(tsa);
  // Signature check independent of trust: verify against an anchor-less store with NOVERIFY.
  out.signature_ok = PKCS7_verify(token.get(), nullptr, nullptr, nullptr, nullptr, PKCS7_NOVERIFY) == 1;
  ERR_clear_error();
  bool unused = false;
  if (out.signature_ok) check_certificate(out, tsa, 0, pool, dss, options, unused);
  out.level = "";
}

Verdict verdict_of(const SignatureCheck& c, bool format_ok, bool require_revocation) {
  if (!format_ok) return {"TOTAL_FAILED", "FORMAT_FAILURE"};
  if (!c.digest_ok) return {"TOTAL_FAILED", "HASH_FAILURE"};
  if (!c.signature_ok) return {"TOTAL_FAILED", "SIG_CRYPTO_FAILURE"};
  if (c.disallowed_changes) return {"TOTAL_FAILED", "FORMAT_FAILURE"};
  if (c.revocation == "revoked" && !c.timestamp_time.empty()) return {"TOTAL_FAILED", "REVOKED"};
  if (!c.chain_trusted) {
    if (c.certificate_validity == "expired") return {"INDETERMINATE", "EXPIRED"};
    if (c.certificate_validity == "not-yet-valid") return {"INDETERMINATE", "NOT_YET_VALID"};
    return {"INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND"};
  }
  if (c.revocation == "revoked") return {"INDETERMINATE", "REVOKED_NO_POE"};
  if (c.revocation == "unknown" && require_revocation) return {"INDETERMINATE", "TRY_LATER"};
  return {"TOTAL_PASSED", ""};
}

int rank(const std::string& indication) {
  return indication == "TOTAL_FAILED" ? 2 : indication == "INDETERMINATE" ? 1 : 0;
}

VerificationReport verify_unguarded(const std::vector<unsigned char>& pdf, const VerifyOptions& options) {
  VerificationReport report;
  report.file_size = static_cast<long long>(pdf.size());
  CertificatePool pool(options.trust_anchor_pem_files);  // throws on unusable anchors
  std::vector<RawSignature> raws;
  try {
    raws = read_signatures(pdf);
  } catch (const Error& e) {
    report.indication = "TOTAL_FAILED";
    report.sub_indication = "FORMAT_FAILURE";
    SignatureCheck check;
    check.kind = "document";
    check.indication = report.indication;
    check.sub_indication = report.sub_indication;
    check.messages.push_back(e.what());
    report.signatures.push_back(check);
    return report;
  }
  if (raws.size() > kMaxSignatures) {
    // Each signature costs a parse of its revision: bound the work a hostile file can cause.
    report.indication = "TOTAL_FAILED";
    report.sub_indication = "FORMAT_FAILURE";
    SignatureCheck check;
    check.kind = "document";
    check.indication = report.indication;
    check.sub_indication = report.sub_indication;
    check.messages.push_back(std::to_string(raws.size()) + " signatures: more than we verify (" +
                             std::to_string(kMaxSignatures) + ")");
    report.signatures.push_back(check);
    return report;
  }
  auto ends = revision_ends(pdf);
  report.revisions = static_cast<int>(ends.size());
  DssContents dss = read_dss(pdf);
  pool.add_der(dss.certs);

  std::vector<bool> revocation_in_dss(raws.size(), false);
  for (std::size_t i = 0; i < raws.size(); ++i) {
    const RawSignature& raw = raws[i];
    SignatureCheck check;
    check.field = raw.field_name;
    check.kind =
        raw.type == "DocTimeStamp" || raw.sub_filter == "ETSI.RFC3161" ? "document-timestamp" : "signature";
    check.sub_filter = raw.sub_filter;
    check.claimed_time = raw.claimed_time;
    check.certification = raw.certification;
    bool format_ok = raw.contents_well_formed && byte_range_sane(raw, pdf.size());
    if (!format_ok) check.messages.push_back("malformed /ByteRange or /Contents");
    if (format_ok && !raw.padding_clean) {
      format_ok = false;  // unsigned bytes hidden after the signature inside /Contents
      check.messages.push_back("non-zero bytes after the signature in /Contents");
    }
    if (format_ok) {
      long long covered = raw.byte_range[2] + raw.byte_range[3];
      check.covered_bytes = covered;
      if (covered == static_cast<long long>(pdf.size())) {
        check.coverage = "whole-file";
      } else {
        auto at = std::find(ends.begin(), ends.end(), static_cast<std::size_t>(covered));
        if (at == ends.end()) {
          check.coverage = "partial (not a revision boundary)";
          check.disallowed_changes = true;
          check.messages.push_back("the signed range does not end at a revision boundary");
        } else {
          check.coverage =
              "revision " + std::to_string(at - ends.begin() + 1) + " of " + std::to_string(ends.size());
        }
        ChangeAnalysis changes = analyze_changes(pdf, static_cast<std::size_t>(covered));
        check.changes_after = changes.changes;
        if (changes.disallowed) {
          check.disallowed_changes = true;
          check.messages.push_back("unsigned changes after this signature are not allowed");
        }
      }
      if (check.kind == "signature") {
        bool from_dss = false;
        check_cms(check, raw, pdf, pool, dss, options, from_dss);
        revocation_in_dss[i] = from_dss && check.chain_trusted;
        if (revocation_in_dss[i] && check.level == "B-T") check.level = "B-LT";
      } else {
        check_document_timestamp(check, raw, pdf, pool, dss, options);
      }
      // Malformed CMS content: no digest could be checked.
      if (!check.digest_ok && !check.signature_ok && check.signer.empty()) format_ok = false;
    }
    Verdict v = verdict_of(check, format_ok, options.require_revocation);
    check.indication = v.indication;
    check.sub_indication = v.sub_indication;
    report.signatures.push_back(std::move(check));
  }
  // B-LTA: a valid document timestamp after a B-LT signature.
  for (std::size_t i = 0; i < report.signatures.size(); ++i) {
    auto& sig = report.signatures[i];
    if (sig.level != "B-LT") continue;
    for (std::size_t j = i + 1; j < report.signatures.size(); ++j) {
      const auto& later = report.signatures[j];
      if (later.kind == "document-timestamp" && later.indication == "TOTAL_PASSED") sig.level = "B-LTA";
    }
  }
  if (report.signatures.empty()) {
    report.indication = "INDETERMINATE";
    report.sub_indication = "NO_SIGNATURE_FOUND";
    return report;
  }
  report.indication = "TOTAL_PASSED";
  for (const auto& sig : report.signatures) {
    if (rank(sig.indication) > rank(report.indication)) {
      report.indication = sig.indication;
      report.sub_indication = sig.sub_indication;
    }
  }
  return report;
}

}  // namespace

VerificationReport verify_pdf(const std::vector<unsigned char>& pdf, const VerifyOptions& options) {
  CertificatePool anchors(options.trust_anchor_pem_files);  // unusable anchors are the caller's error: throw
  try {
    return verify_unguarded(pdf, options);
  } catch (const std::exception& e) {
    // A hostile file may break a parser in ways we did not foresee: report, never throw.
    VerificationReport report;
    report.file_size = static_cast<long long>(pdf.size());
    report.indication = "TOTAL_FAILED";
    report.sub_indication = "FORMAT_FAILURE";
    SignatureCheck check;
    check.kind = "document";
    check.indication = report.indication;
    check.sub_indication = report.sub_indication;
    check.messages.push_back(std::string("cannot read the file: ") + e.what());
    report.signatures.push_back(check);
    return report;
  }
}

}  // namespace cesp::signing
