// PAdES baseline signatures (ETSI EN 319 142-1): B-B, B-T, B-LT, B-LTA.
//
// Every signature is appended as its own incremental revision: the bytes of
// earlier revisions (and so earlier signatures) never change. The CMS is
// detached, SubFilter ETSI.CAdES.detached, one SignerInfo, SHA-256, signed
// attributes content-type, message-digest and signing-certificate-v2 (no
// signing-time: the claimed time is the signature dictionary's /M).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cesp/signing/signer_key.h"
#include "cesp/signing/timestamp.h"

namespace cesp::signing {

enum class PadesLevel { b_b, b_t, b_lt, b_lta };

// "B-B", "B-T", "B-LT", "B-LTA"; parse throws Error(invalid_argument).
std::string level_name(PadesLevel level);
PadesLevel parse_level(const std::string& name);

// A visible signature box; page is 1-based, coordinates in PDF points from
// the page's lower-left corner.
struct VisibleBox {
  int page = 1;
  double x = 0, y = 0, width = 0, height = 0;
};
// Parses "PAGE:X,Y,W,H"; throws Error(invalid_argument).
VisibleBox parse_visible_box(const std::string& text);

struct SignOptions {
  PadesLevel level = PadesLevel::b_b;
  // Required for B-T and above (signature timestamp, and for B-LTA the
  // document timestamp). Not owned.
  TimestampAuthority* tsa = nullptr;
  // An existing, unsigned signature field with this name is used; otherwise
  // a field is created with this name (default "Signature<N>").
  std::string field_name;
  std::string reason;    // e.g. "Lu et approuvé"
  std::string location;  // e.g. "Paris"
  // Certification signature (DocMDP, P=2: form filling and signing allowed).
  // Only for the first signature of a document.
  bool certify = false;
  // Visible appearance (signer name, date, reason); invisible when absent.
  // Ignored for an existing field, which keeps its own rectangle.
  std::optional<VisibleBox> visible;
  // Claimed signing time (seconds since the epoch) for /M; now when absent.
  std::optional<long long> signing_time;
  // Extra PEM certificates (issuers, the root) offered when collecting the
  // validation data for B-LT / B-LTA, besides those in the CMS and tokens.
  std::vector<std::string> trust_anchor_pem_files;
};

struct SignResult {
  std::vector<unsigned char> pdf;
  std::string field_name;
  std::string signing_time;    // the /M written, ISO 8601 UTC
  std::string timestamp_time;  // signature timestamp genTime ("" for B-B)
  // True when the input used cross-reference or object streams and had no
  // signature: it was rewritten with a classic xref table before signing.
  bool normalized = false;
};

// Signs `pdf`. Throws:
//  - Error(pdf_unsupported) for an encrypted or unparsable PDF, or one with
//    xref/object streams that already carries signatures (rewriting would
//    break them; we refuse rather than normalise);
//  - Error(signature_field_invalid) when the named field exists but is not
//    an empty signature field, or --certify on an already signed document;
//  - Error(signature_too_large) if the CMS does not fit the reserved space
//    (sized from the certificates, the chain and the expected token; never a
//    corrupt file);
//  - Error(timestamp_failed) when the TSA fails; Error(unavailable) when
//    revocation data cannot be fetched for B-LT.
SignResult sign_pdf(const std::vector<unsigned char>& pdf, const SignerKey& key, const SignOptions& options);

// Extends every signature and document timestamp of `pdf` to B-LT: one
// incremental revision with a /DSS (Certs, OCSPs, CRLs, VRI) holding the
// chains, the timestamp authorities' chains and revocation data fetched over
// HTTP from the certificates' AIA (OCSP, preferred) and CRL distribution
// points. `extra_certs_pem` may supply issuers that are not embedded.
// Throws Error(unavailable) when revocation data cannot be fetched.
std::vector<unsigned char> add_validation_data(const std::vector<unsigned char>& pdf,
                                               const std::vector<std::string>& extra_certs_pem = {});

// Appends a document timestamp (SubFilter ETSI.RFC3161) revision covering
// the whole file: B-LTA when it follows a DSS revision.
std::vector<unsigned char> add_document_timestamp(const std::vector<unsigned char>& pdf,
                                                  TimestampAuthority& tsa);

// Extends an already signed file (B-T) to B-LT or B-LTA (a DSS revision,
// then for B-LTA a document timestamp). `tsa` is needed for B-LTA.
std::vector<unsigned char> extend_pdf(const std::vector<unsigned char>& pdf, PadesLevel target,
                                      TimestampAuthority* tsa,
                                      const std::vector<std::string>& extra_certs_pem = {});

}  // namespace cesp::signing
