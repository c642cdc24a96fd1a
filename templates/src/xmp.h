// The XMP packet of a rendered document, kept in step with the Info
// dictionary as PDF/A asks, with our own properties declared in a PDF/A
// extension schema.
#pragma once

#include <string>

namespace cesp::templates {

struct XmpFields {
  std::string title;
  std::string description;
  std::string keywords;
  std::string creator_tool;
  std::string producer;
  std::string date;  // ISO 8601 with offset, e.g. 2026-11-22T10:30:00+00:00
  std::string reference;
  std::string template_id;
  std::string template_version;
  std::string template_sha256;
  std::string content_sha256;
};

std::string xmp_packet(const XmpFields& fields);

}  // namespace cesp::templates
