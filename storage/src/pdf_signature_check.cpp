// The bridge from imports to cesp::signing's PDF signature verification.
#include "cesp/signing/verify.h"
#include "cesp/storage/archive_import.h"

namespace cesp::storage {

PdfSignatureVerifier default_pdf_signature_verifier(std::vector<std::string> trust_anchors) {
  return [anchors = std::move(trust_anchors)](const std::string& bytes) {
    signing::VerifyOptions options;
    options.trust_anchor_pem_files = anchors;
    options.fetch_revocation = false;
    const signing::VerificationReport report =
        signing::verify_pdf(std::vector<unsigned char>(bytes.begin(), bytes.end()), options);
    SignatureVerdict verdict;
    verdict.checked = true;
    for (const auto& s : report.signatures) {
      if (s.kind == "signature" || s.kind == "document-timestamp") ++verdict.signatures;
    }
    verdict.valid = report.indication != "TOTAL_FAILED";
    verdict.summary = std::to_string(verdict.signatures) + " signature(s): " + report.indication +
                      (report.sub_indication.empty() ? "" : "/" + report.sub_indication);
    verdict.details_json = report.to_json();
    return verdict;
  };
}

}  // namespace cesp::storage
