// CAdES-style detached CMS for PAdES baseline signatures. OpenSSL's
// CMS_final/CMS_SignerInfo_sign always add signing-time, which PAdES forbids,
// so the signed attributes are encoded and signed here.
#pragma once

#include <array>
#include <string>

#include "cesp/signing/signer_key.h"
#include "cesp/signing/timestamp.h"

#include "openssl_util.h"

namespace cesp::signing::detail {

struct CmsSignature {
  Bytes der;                   // ContentInfo(SignedData)
  std::string timestamp_time;  // genTime of the signature timestamp, "" for B-B
};

// One SignerInfo over content_digest (SHA-256 of the ByteRange): signed
// attributes content-type, message-digest, signing-certificate-v2; signer
// certificate and chain included. With `tsa`, adds an RFC 3161 token over the
// signature value as the unsigned attribute id-aa-signatureTimeStampToken.
CmsSignature build_cades_signature(const SignerKey& key, const std::array<unsigned char, 32>& content_digest,
                                   TimestampAuthority* tsa);

// The SignerInfo's signature value of a DER CMS, or empty when unparsable.
Bytes signature_value_of(const Bytes& cms_der);

}  // namespace cesp::signing::detail
