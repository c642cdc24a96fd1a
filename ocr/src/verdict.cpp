#include "cesp/ocr/verdict.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <cstdio>

#include "cesp/core/error.h"

namespace cesp::ocr {
namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

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
  std::string out =
      "{\"file\":" + quoted(v.file) + ",\"kind\":" + quoted(v.kind) + ",\"verdict\":" + quoted(v.verdict);
  out += ",\"reasons\":[";
  for (std::size_t i = 0; i < v.reasons.size(); ++i)
    out += std::string(i ? "," : "") + "{\"code\":" + quoted(v.reasons[i].code) +
           ",\"message\":" + quoted(v.reasons[i].message) + "}";
  out += "],\"fields\":{";
  bool first = true;
  for (const auto& [key, value] : v.fields) {
    out += std::string(first ? "" : ",") + quoted(key) + ":" + quoted(value);
    first = false;
  }
  if (!v.mrz.empty()) {
    out += std::string(first ? "" : ",") + "\"mrz\":[";
    for (std::size_t i = 0; i < v.mrz.size(); ++i) out += std::string(i ? "," : "") + quoted(v.mrz[i]);
    out += "]";
  }
  out += "},\"confidence\":" + number(v.confidence) + ",\"timings_ms\":{";
  for (std::size_t i = 0; i < v.timings_ms.size(); ++i)
    out += std::string(i ? "," : "") + quoted(v.timings_ms[i].first) + ":" +
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
