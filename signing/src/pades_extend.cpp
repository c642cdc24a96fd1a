// B-LT (DSS) and B-LTA (document timestamp) revisions on signed files.
#include <algorithm>

#include "cesp/signing/pades.h"

#include "openssl_util.h"
#include "pdf_adapter.h"
#include "pdf_signatures.h"
#include "revocation.h"

namespace cesp::signing {

namespace {

constexpr std::size_t kDocumentTimestampReserve = 16384;

}  // namespace

std::vector<unsigned char> add_validation_data(const std::vector<unsigned char>& pdf,
                                               const std::vector<std::string>& extra_certs_pem) {
  auto signatures = detail::read_signatures(pdf);
  if (signatures.empty()) throw Error(ErrorCode::invalid_argument, "no signature to extend");
  std::vector<detail::X509Ptr> owned;
  for (const auto& file : extra_certs_pem) {
    for (auto& c : detail::load_certs(file)) owned.push_back(std::move(c));
  }
  std::vector<detail::DssEntry> entries;
  std::vector<std::vector<detail::X509Ptr>> per_signature;
  for (const auto& sig : signatures) {
    if (!sig.contents_well_formed) continue;
    per_signature.push_back(detail::certificates_in_cms(sig.contents, true));
  }
  std::vector<X509*> pool;
  for (auto& c : owned) pool.push_back(c.get());
  for (auto& certs : per_signature) {
    for (auto& c : certs) pool.push_back(c.get());
  }
  std::size_t index = 0;
  for (const auto& sig : signatures) {
    if (!sig.contents_well_formed) continue;
    auto& certs = per_signature[index++];
    // The chain of each certificate in the CMS (issuers from the pool).
    std::vector<X509*> wanted;
    for (auto& c : certs) wanted.push_back(c.get());
    for (std::size_t i = 0; i < wanted.size(); ++i) {
      for (X509* candidate : pool) {
        if (X509_check_issued(candidate, wanted[i]) == X509_V_OK &&
            std::none_of(wanted.begin(), wanted.end(),
                         [&](X509* w) { return X509_cmp(w, candidate) == 0; })) {
          wanted.push_back(candidate);
        }
      }
    }
    detail::ValidationMaterial material = detail::gather_validation_material(wanted, pool);
    detail::DssEntry entry;
    auto key = detail::sha1(sig.contents.data(), sig.contents.size());
    entry.vri_key = detail::hex_upper(key.data(), key.size());
    entry.certs = std::move(material.certs);
    entry.ocsps = std::move(material.ocsps);
    entry.crls = std::move(material.crls);
    entries.push_back(std::move(entry));
  }
  return detail::append_dss_revision(pdf, entries);
}

std::vector<unsigned char> add_document_timestamp(const std::vector<unsigned char>& pdf,
                                                  TimestampAuthority& tsa) {
  detail::PdfFacts facts = detail::inspect_pdf(pdf);
  if (facts.uses_streams && facts.signature_count > 0) {
    throw Error(ErrorCode::pdf_unsupported, "signed PDF with cross-reference or object streams");
  }
  detail::SignatureSlot slot;
  slot.document_timestamp = true;
  slot.reserve_bytes = kDocumentTimestampReserve;
  detail::PreparedRevision revision = detail::prepare_signature_revision(pdf, slot);
  TimestampToken token = tsa.timestamp(detail::byte_range_digest(revision));
  detail::embed_contents(revision, token.der);
  return std::move(revision.pdf);
}

std::vector<unsigned char> extend_pdf(const std::vector<unsigned char>& pdf, PadesLevel target,
                                      TimestampAuthority* tsa,
                                      const std::vector<std::string>& extra_certs_pem) {
  if (target == PadesLevel::b_b || target == PadesLevel::b_t) {
    throw Error(ErrorCode::invalid_argument, "extension target must be B-LT or B-LTA");
  }
  if (target == PadesLevel::b_lta && !tsa) {
    throw Error(ErrorCode::invalid_argument, "B-LTA needs a timestamp authority (--tsa)");
  }
  std::vector<unsigned char> out = add_validation_data(pdf, extra_certs_pem);
  if (target == PadesLevel::b_lta) out = add_document_timestamp(out, *tsa);
  return out;
}

}  // namespace cesp::signing
