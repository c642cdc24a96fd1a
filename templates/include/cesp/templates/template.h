// Document templates: versioned text files holding a small header and a body
// written in Mustache over our document markup (see templates/README.md).
//
//   id: contrat-cesp-medecine
//   version: 1
//   title: Contrat d'engagement de service public (médecine)
//   kind: contract            contract | avenant | installation
//   discipline: medecine      optional: the data's discipline must match
//   avenant: suspension       for kind avenant: which change it records
//   ---
//   body...
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cesp::templates {

enum class TemplateKind { contract, avenant, installation };
std::string_view to_string(TemplateKind kind);

struct TemplateInfo {
  std::string id;
  int version = 0;
  std::string title;
  TemplateKind kind = TemplateKind::contract;
  std::string discipline;    // "medecine", "odontologie" or empty (any)
  std::string avenant_kind;  // "postponed_installation", "suspension", "bank_details_change", "termination"
  std::string sha256;        // of the whole file, lower-case hex
  std::string origin;        // file path (or a label for in-memory templates)
};

class Template {
 public:
  // Parses template text. Throws Error(invalid_argument) naming the origin and
  // the problem when the header is incomplete or the body is not valid Mustache.
  static Template parse(std::string text, std::string origin);
  // Reads a template file. Throws Error(io_error) when unreadable, and as parse.
  static Template load(const std::string& path);

  const TemplateInfo& info() const { return info_; }
  const std::string& body() const { return body_; }

 private:
  TemplateInfo info_;
  std::string body_;
};

// Every template (*.tmpl) in a directory, sorted by id then version.
// Throws Error(io_error) when the directory cannot be read, and as
// Template::load for a bad file, and Error(already_exists) for a duplicate
// id and version.
std::vector<Template> load_template_directory(const std::string& directory);

// `reference` is a file path (contains '/' or ends in ".tmpl") or a template
// id, optionally "id@version"; an id alone takes the highest version in
// `directory`. Throws Error(not_found) when nothing matches.
Template resolve_template(const std::string& reference, const std::string& directory);

// Built-in locations (the source tree's samples/): the template directory and
// the example data sets, one per template, named <template id>.json.
std::string default_template_directory();
std::string default_sample_data_directory();

}  // namespace cesp::templates
