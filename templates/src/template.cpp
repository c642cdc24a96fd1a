#include "cesp/templates/template.h"

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "cesp/core/error.h"

#include "sha256.h"

namespace cesp::templates {
namespace {

constexpr std::size_t kMaxTemplateBytes = 1u << 20;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

[[noreturn]] void bad(const std::string& origin, const std::string& what) {
  throw Error(ErrorCode::invalid_argument, "Modèle de document invalide : " + what,
              "Invalid document template: " + what, origin);
}

TemplateKind parse_kind(std::string_view text, const std::string& origin) {
  if (text == "contract") return TemplateKind::contract;
  if (text == "avenant") return TemplateKind::avenant;
  if (text == "installation") return TemplateKind::installation;
  bad(origin, "unknown kind '" + std::string(text) + "'");
}

}  // namespace

std::string_view to_string(TemplateKind kind) {
  switch (kind) {
    case TemplateKind::contract: return "contract";
    case TemplateKind::avenant: return "avenant";
    case TemplateKind::installation: return "installation";
  }
  return "contract";
}

Template Template::parse(std::string text, std::string origin) {
  if (text.size() > kMaxTemplateBytes) throw Error(ErrorCode::too_large, origin);
  Template t;
  t.info_.origin = origin;
  t.info_.sha256 = sha256_hex(text);
  std::size_t at = 0;
  bool closed = false;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string_view line = trim(std::string_view(text).substr(at, end - at));
    at = end + 1;
    if (line == "---") {
      closed = true;
      break;
    }
    if (line.empty() || line.front() == '%') continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) bad(origin, "header line without ':'");
    const std::string_view key = trim(line.substr(0, colon)), value = trim(line.substr(colon + 1));
    if (key == "id")
      t.info_.id = value;
    else if (key == "version") {
      try {
        t.info_.version = std::stoi(std::string(value));
      } catch (const std::exception&) {
        bad(origin, "version is not a number");
      }
    } else if (key == "title")
      t.info_.title = value;
    else if (key == "kind")
      t.info_.kind = parse_kind(value, origin);
    else if (key == "discipline")
      t.info_.discipline = value;
    else if (key == "avenant")
      t.info_.avenant_kind = value;
    else
      bad(origin, "unknown header key '" + std::string(key) + "'");
  }
  if (!closed) bad(origin, "no '---' line after the header");
  std::vector<std::string> missing;
  if (t.info_.id.empty()) missing.push_back("id");
  if (t.info_.version <= 0) missing.push_back("version");
  if (t.info_.title.empty()) missing.push_back("title");
  if (t.info_.kind == TemplateKind::avenant && t.info_.avenant_kind.empty()) missing.push_back("avenant");
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    bad(origin, "header lacks " + list);
  }
  t.body_ = text.substr(std::min(at, text.size()));
  // Unescaped tags would let data create markup (headings, signature fields).
  if (t.body_.find("{{{") != std::string::npos || t.body_.find("{{&") != std::string::npos) {
    bad(origin, "unescaped Mustache tags ({{{ }}} or {{& }}) are not allowed");
  }
  kainjow::mustache::mustache check(t.body_);
  if (!check.is_valid()) bad(origin, "Mustache: " + check.error_message());
  return t;
}

Template Template::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::io_error, "cannot read template " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse(std::move(text), path);
}

std::vector<Template> load_template_directory(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::directory_iterator it(directory, ec);
  if (ec) throw Error(ErrorCode::io_error, "cannot list templates in " + directory + ": " + ec.message());
  std::vector<std::string> paths;
  for (const auto& entry : it) {
    if (entry.is_regular_file() && entry.path().extension() == ".tmpl")
      paths.push_back(entry.path().string());
  }
  std::vector<Template> out;
  for (const auto& p : paths) out.push_back(Template::load(p));
  std::sort(out.begin(), out.end(), [](const Template& a, const Template& b) {
    return std::tie(a.info().id, a.info().version) < std::tie(b.info().id, b.info().version);
  });
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i].info().id == out[i - 1].info().id && out[i].info().version == out[i - 1].info().version) {
      throw Error(ErrorCode::already_exists, "template " + out[i].info().id + " version " +
                                                 std::to_string(out[i].info().version) + " defined twice");
    }
  }
  return out;
}

Template resolve_template(const std::string& reference, const std::string& directory) {
  const bool is_file = reference.find('/') != std::string::npos ||
                       (reference.size() > 5 && reference.substr(reference.size() - 5) == ".tmpl");
  if (is_file) return Template::load(reference);
  std::string id = reference;
  int version = 0;
  if (const auto at = reference.find('@'); at != std::string::npos) {
    id = reference.substr(0, at);
    try {
      version = std::stoi(reference.substr(at + 1));
    } catch (const std::exception&) {
      throw Error(ErrorCode::invalid_argument, "bad template version in " + reference);
    }
  }
  std::vector<Template> all = load_template_directory(directory);
  const Template* best = nullptr;
  for (const Template& t : all) {
    if (t.info().id != id) continue;
    if (version != 0 ? t.info().version == version : (!best || t.info().version > best->info().version))
      best = &t;
  }
  if (!best) {
    throw Error(ErrorCode::not_found, "Modèle de document introuvable.", "Template not found.", reference);
  }
  return *best;
}

std::string default_template_directory() { return CESP_TEMPLATES_DIR; }
std::string default_sample_data_directory() { return CESP_SAMPLE_DATA_DIR; }

}  // namespace cesp::templates
