// GET /healthz, GET /metrics, GET /api/v1/openapi.json: public, read-only.
#include "cesp/core/version.h"

#include "api/api_context.h"
#include "embedded/openapi_json.h"
#include "http/exchange.h"

namespace cesp::server {

void register_system_routes(ApiContext& context) {
  context.router.add({"GET", "/healthz",
                      [](Exchange& e) {
                        Poco::JSON::Object body;
                        body.set("status", "ok");
                        body.set("version", std::string(kVersion));
                        e.send_json(200, body);
                      },
                      true});
  context.router.add({"GET", "/metrics",
                      [&](Exchange& e) {
                        e.send_bytes(200, "text/plain; version=0.0.4; charset=utf-8",
                                     context.metrics.prometheus_text());
                      },
                      true});
  context.router.add({"GET", "/api/v1/openapi.json",
                      [](Exchange& e) {
                        e.send_bytes(200, "application/json; charset=utf-8",
                                     std::string(embedded::openapi_json()));
                      },
                      true});
}

}  // namespace cesp::server
