// Reading document data fields while collecting every problem, so that one
// error can list all missing and invalid fields. Private to templates/.
#pragma once

#include <Poco/JSON/Object.h>
#include <kainjow/mustache.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "cesp/core/date.h"
#include "cesp/core/error.h"
#include "cesp/templates/template.h"

namespace cesp::templates {

using Object = Poco::JSON::Object::Ptr;

constexpr std::size_t kMaxTextLength = 300;

// Walks the JSON, remembering every problem instead of stopping at the first.
class Fields {
 public:
  Object object(const Object& parent, const std::string& path) {
    if (!parent) return nullptr;
    const std::string key = leaf(path);
    if (!parent->has(key) || parent->isNull(key)) {
      missing_.push_back(path);
      return nullptr;
    }
    if (!parent->isObject(key)) {
      invalid(path, "objet attendu");
      return nullptr;
    }
    return parent->getObject(key);
  }

  std::optional<std::string> text(const Object& parent, const std::string& path, bool required = true) {
    if (!parent) return std::nullopt;
    const std::string key = leaf(path);
    if (!parent->has(key) || parent->isNull(key)) {
      if (required) missing_.push_back(path);
      return std::nullopt;
    }
    const Poco::Dynamic::Var v = parent->get(key);
    if (!v.isString()) {
      invalid(path, "texte attendu");
      return std::nullopt;
    }
    std::string s = v.extract<std::string>();
    while (!s.empty() && s.back() == ' ') s.pop_back();
    while (!s.empty() && s.front() == ' ') s.erase(0, 1);
    if (s.empty()) {
      if (required) missing_.push_back(path);
      return std::nullopt;
    }
    if (s.size() > kMaxTextLength) return invalid(path, "texte trop long"), std::nullopt;
    for (unsigned char c : s) {
      if (c < 0x20 || c == 0x7F) return invalid(path, "caractère de contrôle"), std::nullopt;
    }
    return s;
  }

  std::optional<Date> date(const Object& parent, const std::string& path) {
    auto s = text(parent, path);
    if (!s) return std::nullopt;
    try {
      return Date::parse_iso(*s);
    } catch (const Error&) {
      return invalid(path, "date AAAA-MM-JJ attendue"), std::nullopt;
    }
  }

  std::optional<double> number(const Object& parent, const std::string& path, double min, double max) {
    if (!parent) return std::nullopt;
    const std::string key = leaf(path);
    if (!parent->has(key) || parent->isNull(key)) return missing_.push_back(path), std::nullopt;
    const Poco::Dynamic::Var v = parent->get(key);
    if (!v.isNumeric()) return invalid(path, "nombre attendu"), std::nullopt;
    const double d = v.convert<double>();
    if (!(d >= min && d <= max)) {
      return invalid(path, "hors des bornes " + std::to_string(int(min)) + ".." + std::to_string(int(max))),
             std::nullopt;
    }
    return d;
  }

  std::optional<int> integer(const Object& parent, const std::string& path, int min, int max) {
    auto d = number(parent, path, min, max);
    if (!d) return std::nullopt;
    if (std::floor(*d) != *d) return invalid(path, "nombre entier attendu"), std::nullopt;
    return int(*d);
  }

  template <typename T, typename F>
  std::optional<T> parsed(const Object& parent, const std::string& path, F parse) {
    auto s = text(parent, path);
    if (!s) return std::nullopt;
    try {
      return parse(*s);
    } catch (const Error&) {
      return invalid(path, "valeur inconnue « " + *s + " »"), std::nullopt;
    }
  }

  void invalid(const std::string& path, const std::string& why) {
    invalid_.push_back(path + " (" + why + ")");
  }

  void throw_if_any() const {
    if (missing_.empty() && invalid_.empty()) return;
    std::string fr = "Données du document incomplètes ou invalides.";
    std::string en = "Document data incomplete or invalid.";
    std::string context;
    if (!missing_.empty()) {
      fr += " Champs manquants : " + join(missing_) + ".";
      en += " Missing fields: " + join(missing_) + ".";
      context = "missing: " + join(missing_);
    }
    if (!invalid_.empty()) {
      fr += " Champs invalides : " + join(invalid_) + ".";
      en += " Invalid fields: " + join(invalid_) + ".";
      context += std::string(context.empty() ? "" : "; ") + "invalid: " + join(invalid_);
    }
    throw Error(missing_.empty() ? ErrorCode::invalid_argument : ErrorCode::missing_field, fr, en, context);
  }

 private:
  static std::string leaf(const std::string& path) {
    const auto dot = path.rfind('.');
    return dot == std::string::npos ? path : path.substr(dot + 1);
  }
  static std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  }
  std::vector<std::string> missing_;
  std::vector<std::string> invalid_;
};

// The "avenant" and "installation" objects (document_view_parts.cpp).
// `reference` receives the avenant's own reference.
kainjow::mustache::data avenant_view(Fields& f, const Object& root, const TemplateInfo& info,
                                     int engagement_months, std::string& reference);
kainjow::mustache::data installation_view(Fields& f, const Object& root, int engagement_months);

}  // namespace cesp::templates
