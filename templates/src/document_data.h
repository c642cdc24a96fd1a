// Document data (JSON, schema in templates/README.md) checked against the
// domain and turned into the Mustache view the templates read. Every missing
// or invalid field is collected first, then reported in one error.
#pragma once

#include <kainjow/mustache.hpp>

#include <set>
#include <string>
#include <string_view>

#include "cesp/templates/template.h"

namespace cesp::templates {

struct DocumentView {
  kainjow::mustache::data data;
  std::string reference;  // the document's own reference (avenant's, else the contract's)
  // Names whose value may legitimately be empty (grammatical agreement:
  // candidate.e is "e" for F, "" for M, "(e)" for X); any other empty or
  // absent name used by a template is an error.
  std::set<std::string> may_be_empty;
};

// Throws Error(invalid_json) for text that is not a JSON object,
// Error(missing_field) when any required field is absent (the message and the
// context list every missing and every invalid field), Error(invalid_argument)
// when all are present but some are invalid.
DocumentView build_view(std::string_view json, const TemplateInfo& info);

}  // namespace cesp::templates
