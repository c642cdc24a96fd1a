#include "cesp/ocr/verdict.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <cstdio>

#include "cesp/core/error.h"
#include "cesp/core/json_text.h"

namespace cesp::ocr {
namespace {

std::string number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", std::isfinite(value) ? value : 0.0);
  return buf;
}

std::string milliseconds(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", std::isfinite(value) ? value : 0.0);
  return buf;
}

}  // namespace

void Verdict::set_field(const std::string& key, std::string value) {
  for (auto& [k, v] : fields)
    if (k == key) {
      v = std::move(value);
      return;
    }
  fields.emplace_back(key, std::move(value));
}

std::optional<std::string> Verdict::field(const std::string& key) const {
  for (const auto& [k, v] : fields)
    if (k == key) return v;
  return std::nullopt;
}

bool Verdict::has_reason(const std::string& code) const {
  for (const auto& r : reasons)
    if (r.code == code) return true;
  return false;
}

void Verdict::reject(std::string code, std::string message) {
  verdict = "rejected";
  if (!has_reason(code)) reasons.push_back({std::move(code), std::move(message)});
}

void Verdict::needs_review(std::string code, std::string message) {
  if (verdict != "rejected") verdict = "review";
  if (!has_reason(code)) reasons.push_back({std::move(code), std::move(message)});
}

std::string to_json(const Verdict& v) {
  std::string out = "{\"file\":" + json_quote(v.file) + ",\"kind\":" + json_quote(v.kind) +
                    ",\"verdict\":" + json_quote(v.verdict);
  out += ",\"reasons\":[";
  for (std::size_t i = 0; i < v.reasons.size(); ++i)
    out += std::string(i ? "," : "") + "{\"code\":" + json_quote(v.reasons[i].code) +
           ",\"message\":" + json_quote(v.reasons[i].message) + "}";
  out += "],\"fields\":{";
  bool first = true;
  for (const auto& [key, value] : v.fields) {
    out += std::string(first ? "" : ",") + json_quote(key) + ":" + json_quote(value);
    first = false;
  }
  if (!v.mrz.empty()) {
    out += std::string(first ? "" : ",") + "\"mrz\":[";
    for (std::size_t i = 0; i < v.mrz.size(); ++i) out += std::string(i ? "," : "") + json_quote(v.mrz[i]);
    out += "]";
  }
  out += "},\"confidence\":" + number(v.confidence) + ",\"timings_ms\":{";
  for (std::size_t i = 0; i < v.timings_ms.size(); ++i)
    out += std::string(i ? "," : "") + json_quote(v.timings_ms[i].first) + ":" +
           milliseconds(v.timings_ms[i].second);
  return out + "}}";
}

Verdict verdict_from_json(const std::string& json) {
  try {
    Poco::JSON::Parser parser;
    auto root = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    Verdict v;
    v.file = root->optValue<std::string>("file", "");
    v.kind = root->optValue<std::string>("kind", "unknown");
    v.verdict = root->optValue<std::string>("verdict", "review");
    if (auto reasons = root->getArray("reasons"))
      for (std::size_t i = 0; i < reasons->size(); ++i) {
        auto r = reasons->getObject(static_cast<unsigned>(i));
        v.reasons.push_back({r->optValue<std::string>("code", ""), r->optValue<std::string>("message", "")});
      }
    if (auto fields = root->getObject("fields")) {
      for (const auto& name : fields->getNames()) {
        if (name == "mrz") {
          auto lines = fields->getArray("mrz");
          for (std::size_t i = 0; lines && i < lines->size(); ++i)
            v.mrz.push_back(lines->getElement<std::string>(static_cast<unsigned>(i)));
        } else {
          v.fields.emplace_back(name, fields->getValue<std::string>(name));
        }
      }
    }
    v.confidence = root->optValue<double>("confidence", 0.0);
    if (auto timings = root->getObject("timings_ms"))
      for (const auto& name : timings->getNames())
        v.timings_ms.emplace_back(name, timings->getValue<double>(name));
    return v;
  } catch (const Poco::Exception& e) {
    throw Error(ErrorCode::invalid_json, e.displayText());
  } catch (const std::exception& e) {
    throw Error(ErrorCode::invalid_json, e.what());
  }
}

}  // namespace cesp::ocr
