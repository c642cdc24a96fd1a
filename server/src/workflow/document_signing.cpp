#include "workflow/document_signing.h"

#include "cesp/core/error.h"
#include "cesp/signing/pades.h"

#include "workflow/signing_services.h"

namespace cesp::server {
namespace {

std::vector<unsigned char> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }
std::string string_of(const std::vector<unsigned char>& b) { return {b.begin(), b.end()}; }

void require_services(const SigningServices& services) {
  if (!services.signers || !services.tsa)
    throw Error(ErrorCode::unavailable, "La signature électronique n'est pas configurée.",
                "Signing services are not configured.");
}

}  // namespace

std::string sign_document(const std::string& pdf, const Signatory& who, const std::string& password,
                          SigningServices& services, const SignatureRequest& request) {
  require_services(services);
  const signing::SignerKey key = services.signers->unlock(
      signing::SignerSubject{who.account_id, who.common_name, who.title, who.email}, password);
  signing::SignOptions options;
  options.level = signing::PadesLevel::b_t;
  options.tsa = services.tsa.get();
  options.field_name = request.field;
  options.reason = request.reason;
  options.location = request.location;
  return string_of(signing::sign_pdf(bytes_of(pdf), key, options).pdf);
}

std::string extend_document(const std::string& pdf, SigningServices& services) {
  require_services(services);
  return string_of(signing::extend_pdf(bytes_of(pdf), signing::PadesLevel::b_lta, services.tsa.get(),
                                       services.chain_pem_files));
}

}  // namespace cesp::server
