// JSON request bodies as the routes read them: Exchange::json_body's parse
// (Poco::JSON::Parser, an object required), then the members read by the
// campaign and session routes through required_string and core's parsers.
// Client errors (cesp::Error, Poco exceptions) are expected outcomes.
#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <string>

#include "cesp/core/candidate.h"
#include "cesp/core/date.h"
#include "cesp/core/error.h"

#include "fuzz_entry.h"
#include "http/exchange.h"

namespace {

void read_like_routes(const Poco::JSON::Object::Ptr& body) {
  try {
    (void)cesp::server::required_string(body, "login");
    (void)cesp::server::required_string(body, "password");
  } catch (const cesp::Error&) {
  }
  try {
    (void)cesp::Date::parse_iso(cesp::server::required_string(body, "date"));
  } catch (const cesp::Error&) {
  }
  (void)cesp::AcademicYear::parse(cesp::server::required_string(body, "academic_year"));
  auto quotas = body->getArray("quotas");
  if (!quotas) return;
  for (std::size_t i = 0; i < quotas->size() && i < 64; ++i) {
    auto q = quotas->getObject(static_cast<unsigned>(i));
    if (!q) continue;
    (void)cesp::server::required_string(q, "ufr");
    (void)cesp::parse_discipline(cesp::server::required_string(q, "discipline"));
    (void)q->getValue<int>("contracts");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto parsed = Poco::JSON::Parser().parse(text);
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) return 0;
    read_like_routes(parsed.extract<Poco::JSON::Object::Ptr>());
  } catch (const cesp::Error&) {
  } catch (const Poco::Exception&) {
  }
  return 0;
}
