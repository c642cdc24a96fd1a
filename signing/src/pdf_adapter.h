// The PoDoFo 0.9.8 adapter: the only place (with pdf_reader.cpp) that
// includes PoDoFo. It appends incremental revisions (signature fields,
// signature dictionaries with a placeholder, the DSS) and never rewrites the
// original bytes, except in normalize_pdf.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "cesp/signing/pades.h"

namespace cesp::signing::detail {

using Bytes = std::vector<unsigned char>;

struct PdfFacts {
  bool encrypted = false;
  bool uses_streams = false;  // cross-reference streams or object streams
  int signature_count = 0;    // signature dictionaries with a /ByteRange
  int page_count = 0;         // only filled when the file was parsed
};
// Cheap for classic files (text scan); files with xref/object streams are
// parsed. Throws Error(pdf_unsupported) when PoDoFo cannot parse the file.
PdfFacts inspect_pdf(const Bytes& pdf);

// Rewrites the whole file with a classic xref table and no object streams.
Bytes normalize_pdf(const Bytes& pdf);

struct SignatureSlot {
  bool document_timestamp = false;  // /Type /DocTimeStamp, SubFilter ETSI.RFC3161
  std::string field_name;           // "" -> Signature<N> / DocumentTimestamp<N>
  std::string reason, location, signer_name;
  long long signing_time = 0;  // for /M (ignored for document timestamps)
  bool certify = false;
  std::optional<VisibleBox> visible;
  std::vector<std::string> appearance_lines;
  std::size_t reserve_bytes = 0;  // binary size reserved for the CMS / token
};

struct PreparedRevision {
  Bytes pdf;                                // the whole file with the new revision
  std::array<std::size_t, 4> byte_range{};  // offsets into pdf
  std::size_t contents_hex_offset = 0;      // first hex digit inside < >
  std::size_t contents_hex_length = 0;      // 2 * reserve_bytes
  std::string field_name;
};

// Appends a revision with the signature field and dictionary; /ByteRange is
// final, /Contents is all zeros. Throws Error(signature_field_invalid) for a
// named field that is not an empty signature field, Error(pdf_unsupported)
// for PoDoFo failures.
PreparedRevision prepare_signature_revision(const Bytes& pdf, const SignatureSlot& slot);

// SHA-256 over the two byte ranges.
std::array<unsigned char, 32> byte_range_digest(const PreparedRevision& revision);

// Writes `contents` hex-encoded into the placeholder (zero padded). Throws
// Error(signature_too_large) when it does not fit.
void embed_contents(PreparedRevision& revision, const Bytes& contents);

struct DssEntry {
  std::string vri_key;  // upper-case hex SHA-1 of the signature's CMS / token
  std::vector<Bytes> certs, ocsps, crls;
};
// Appends a revision adding (or extending) the catalog's /DSS.
Bytes append_dss_revision(const Bytes& pdf, const std::vector<DssEntry>& entries);

}  // namespace cesp::signing::detail
