// The signing steps every signable document shares (contracts, avenants,
// installation validations): a PAdES B-T signature in the document's named
// field with the signer's personal key, and the extension of a fully signed
// document to B-LTA (validation data, then a document timestamp). The
// workflows decide who signs what and when; this file only does the PDF work.
#pragma once

#include <string>

#include "cesp/signing/signer_directory.h"

namespace cesp::server {

struct SigningServices;

struct SignatureRequest {
  std::string field;     // "signature_candidat", "signature_agent", "signature_ars"
  std::string reason;    // "Lu et approuvé", "Contreseing"...
  std::string location;  // the place of signature
};

// Who signs: their platform account and how their certificate names them.
struct Signatory {
  std::string account_id;
  std::string common_name;  // goes into the certificate's CN
  std::string title;        // "candidat", "gestionnaire CNG", "ARS"
  std::string email;
};

// Unlocks the signatory's key with their (already verified) password and
// signs `pdf` B-T in the request's field. Throws what SignerDirectory::unlock
// and signing::sign_pdf throw (signature_field_invalid for a field already
// signed, timestamp_failed when the TSA fails), Error(unavailable) when the
// platform has no signing services.
std::string sign_document(const std::string& pdf, const Signatory& who, const std::string& password,
                          SigningServices& services, const SignatureRequest& request);

// Extends every signature of `pdf` to B-LTA. Throws Error(unavailable) when
// revocation data cannot be fetched, Error(timestamp_failed) when the TSA fails.
std::string extend_document(const std::string& pdf, SigningServices& services);

}  // namespace cesp::server
