// Reading the signatures of a PDF (PoDoFo for the object graph; the
// /Contents bytes are read from the file between the ByteRange gaps).
#pragma once

#include <string>
#include <vector>

#include "openssl_util.h"

namespace cesp::signing::detail {

struct RawSignature {
  std::string field_name;
  std::string type;  // "Sig" or "DocTimeStamp"
  std::string filter, sub_filter;
  std::string claimed_time;  // /M as ISO 8601 UTC, "" when absent
  std::string reason, location, name;
  std::vector<long long> byte_range;  // as written
  Bytes contents;                     // the DER object inside /Contents (padding removed)
  bool contents_well_formed = false;  // "<hex>" exactly at the ByteRange gap
  bool padding_clean = true;          // only zeros after the DER object
  bool certification = false;         // /Reference with TransformMethod DocMDP
  int docmdp_permission = 0;
};

// Every signature dictionary reachable from the AcroForm fields, in file
// order of their ByteRange gap. Throws Error(pdf_unsupported) when the file
// cannot be parsed at all.
std::vector<RawSignature> read_signatures(const Bytes& pdf);

// Length of the DER TLV at the start of data (0 when not a valid header or
// longer than size).
std::size_t der_length(const unsigned char* data, std::size_t size);

// ISO 8601 UTC from a PDF date "D:YYYYMMDDHHmmSS+hh'mm'" ("" if invalid).
std::string iso_from_pdf_date(const std::string& pdf_date);

}  // namespace cesp::signing::detail
