// GET /openapi.json: docs/openapi.yaml as JSON, converted at build time (tools/openapi_to_json.py
// writes the generated openapi_json.h). Public like /health: it is documentation.
#include "openapi_json.h"
#include "server/route_context.h"

namespace clearhost::server {

void AddOpenApiRoute(httplib::Server& http) {
  http.Get("/openapi.json", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(kOpenApiJson.data(), kOpenApiJson.size(), "application/json");
  });
}

}  // namespace clearhost::server
