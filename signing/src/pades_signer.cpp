// sign_pdf: one incremental revision per signature, then optional DSS and
// document timestamp revisions for B-LT / B-LTA.
#include <chrono>
#include <cstdio>

#include "cesp/signing/pades.h"

#include "cms_builder.h"
#include "openssl_util.h"
#include "pdf_adapter.h"

namespace cesp::signing {

namespace {

// Room for the CMS around the certificates: SignerInfo, attributes, an
// RSA-4096 signature and DER overhead.
constexpr std::size_t kCmsOverhead = 3072;
// Room for an RFC 3161 token (a TSA certificate chain of 3-4 certificates).
constexpr std::size_t kTokenReserve = 12288;

std::string french_date(long long epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%d/%m/%Y %H:%M UTC", &tm);
  return buf;
}

}  // namespace

std::string level_name(PadesLevel level) {
  switch (level) {
    case PadesLevel::b_b: return "B-B";
    case PadesLevel::b_t: return "B-T";
    case PadesLevel::b_lt: return "B-LT";
    case PadesLevel::b_lta: return "B-LTA";
  }
  return "B-B";
}

PadesLevel parse_level(const std::string& name) {
  for (auto level : {PadesLevel::b_b, PadesLevel::b_t, PadesLevel::b_lt, PadesLevel::b_lta}) {
    if (level_name(level) == name) return level;
  }
  throw Error(ErrorCode::invalid_argument, "niveau inconnu: " + name + " (B-B, B-T, B-LT, B-LTA)",
              "unknown level: " + name + " (B-B, B-T, B-LT, B-LTA)");
}

VisibleBox parse_visible_box(const std::string& text) {
  VisibleBox box;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%d:%lf,%lf,%lf,%lf%n", &box.page, &box.x, &box.y, &box.width, &box.height,
                  &consumed) != 5 ||
      static_cast<std::size_t>(consumed) != text.size() || box.page < 1 || box.width <= 0 ||
      box.height <= 0) {
    throw Error(ErrorCode::invalid_argument, "zone visible invalide (PAGE:X,Y,L,H): " + text,
                "invalid visible box (PAGE:X,Y,W,H): " + text);
  }
  return box;
}

SignResult sign_pdf(const std::vector<unsigned char>& pdf, const SignerKey& key, const SignOptions& options) {
  if (options.level != PadesLevel::b_b && !options.tsa) {
    throw Error(ErrorCode::invalid_argument,
                "une autorité d'horodatage (--tsa) est requise pour " + level_name(options.level),
                "a timestamp authority (--tsa) is required for " + level_name(options.level));
  }
  detail::PdfFacts facts = detail::inspect_pdf(pdf);
  if (facts.encrypted) throw Error(ErrorCode::pdf_unsupported, "encrypted PDF");
  SignResult result;
  const std::vector<unsigned char>* input = &pdf;
  std::vector<unsigned char> normalized;
  if (facts.uses_streams) {
    if (facts.signature_count > 0) {
      throw Error(ErrorCode::pdf_unsupported,
                  "signed PDF with cross-reference or object streams: refusing, a rewrite would break its "
                  "signatures");
    }
    normalized = detail::normalize_pdf(pdf);
    input = &normalized;
    result.normalized = true;
  }
  if (options.certify && facts.signature_count > 0) {
    throw Error(ErrorCode::signature_field_invalid, "a certification signature must be the first signature");
  }

  long long now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  detail::SignatureSlot slot;
  slot.field_name = options.field_name;
  slot.reason = options.reason;
  slot.location = options.location;
  slot.signer_name = key.common_name();
  slot.signing_time = options.signing_time.value_or(now);
  slot.certify = options.certify;
  slot.visible = options.visible;
  slot.appearance_lines = {"Signé par " + slot.signer_name, "Le " + french_date(slot.signing_time)};
  if (!options.reason.empty()) slot.appearance_lines.push_back(options.reason);
  if (!options.location.empty()) slot.appearance_lines.push_back(options.location);
  slot.reserve_bytes = kCmsOverhead + (options.level != PadesLevel::b_b ? kTokenReserve : 0);
  for (const auto& der : key.certificates_der()) slot.reserve_bytes += der.size();

  detail::PreparedRevision revision = detail::prepare_signature_revision(*input, slot);
  auto digest = detail::byte_range_digest(revision);
  detail::CmsSignature cms =
      detail::build_cades_signature(key, digest, options.level != PadesLevel::b_b ? options.tsa : nullptr);
  detail::embed_contents(revision, cms.der);

  result.field_name = revision.field_name;
  result.signing_time = detail::iso_time_from_epoch(slot.signing_time);
  result.timestamp_time = cms.timestamp_time;
  result.pdf = std::move(revision.pdf);
  if (options.level == PadesLevel::b_lt || options.level == PadesLevel::b_lta) {
    result.pdf = extend_pdf(result.pdf, options.level, options.tsa, options.trust_anchor_pem_files);
  }
  return result;
}

}  // namespace cesp::signing
