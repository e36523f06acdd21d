// HMA's hashing routes: GET /h/hash?url=... (off unless --hash-url-allow names the host) and
// POST /h/hash (a multipart/form-data upload whose field name is the content type).
#include "server/hma_media.h"
#include "server/hma_routes.h"
#include "server/http_json.h"

namespace clearhost::server::hma {

void AddHashingRoutes(httplib::Server& http, const RouteContext& context) {
  const std::vector<std::string>& allowed_hosts = context.options.hash_url_allow;
  http.Get("/h/hash",
           WrapHma(context, kMatchRoles,
                   [&allowed_hosts](const httplib::Request& request, httplib::Response& response,
                                    const Caller&, store::SqlConnection&) -> Status {
                     CLEARHOST_ASSIGN_OR_RETURN(const std::vector<MediaSignal> signals,
                                                HashUrl(request, allowed_hosts));
                     ReplyJson(response, 200, SignalsJson(signals));
                     return Status();
                   }));
  http.Post("/h/hash", WrapHma(context, kMatchRoles,
                               [](const httplib::Request& request, httplib::Response& response,
                                  const Caller&, store::SqlConnection&) -> Status {
                                 CLEARHOST_ASSIGN_OR_RETURN(const std::vector<MediaSignal> signals,
                                                            HashUpload(request));
                                 ReplyJson(response, 200, SignalsJson(signals));
                                 return Status();
                               }));
}

}  // namespace clearhost::server::hma
