// End-to-end tests of GET /openapi.json on the real `clearhost serve` (SQLite): served without a
// token as JSON, it names every route the other e2e tests use with its methods, every operation
// it names answers on the server (401 without a token, public ones 200), and every $ref in it
// resolves inside the document.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "support/server_process.h"
#include "support/sql_backends.h"
#include "support/test_support.h"

namespace clearhost::testing {
namespace {

namespace fs = std::filesystem;

// The paths the server answers in the e2e tests, and their methods (lowercase, as in OpenAPI).
const std::map<std::string, std::set<std::string>> kRoutes = {
    {"/v1/notices", {"post"}},
    {"/v1/cases", {"get"}},
    {"/v1/cases/{id}", {"get"}},
    {"/v1/cases/{id}/events", {"get"}},
    {"/v1/cases/{id}/transitions", {"post"}},
    {"/v1/deadlines", {"get"}},
    {"/v1/cases/{id}/statement", {"get"}},
    {"/v1/reports/transparency", {"get"}},
    {"/v1/audit/verify", {"get"}},
    {"/v1/whoami", {"get"}},
    {"/v1/match", {"get", "post"}},
    {"/v1/hash", {"post"}},
    {"/v1/index", {"get"}},
    {"/v1/index/reload", {"post"}},
    {"/v1/banks", {"get", "post"}},
    {"/v1/banks/{name}", {"get", "patch", "delete"}},
    {"/v1/banks/{name}/signals", {"post"}},
    {"/v1/entries/{id}", {"get"}},
    {"/v1/entries/{id}/status", {"post"}},
    {"/health", {"get"}},
    {"/ready", {"get"}},
    {"/metrics", {"get"}},
    {"/openapi.json", {"get"}},
};

const std::set<std::string> kPublicPaths = {"/health", "/ready", "/openapi.json"};
const std::set<std::string> kMethods = {"get", "post", "patch", "delete"};

// Every "$ref" string anywhere in `node`.
void CollectRefs(const nlohmann::json& node, std::vector<std::string>& refs) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string()) refs.push_back(value.get<std::string>());
      CollectRefs(value, refs);
    }
  } else if (node.is_array()) {
    for (const nlohmann::json& item : node) CollectRefs(item, refs);
  }
}

// `path` with its placeholders filled in with values the route patterns accept.
std::string Concrete(std::string path) {
  for (const auto& [placeholder, value] :
       {std::pair<std::string, std::string>{"{id}", "1"}, {"{name}", "no-such-bank"}}) {
    if (const size_t at = path.find(placeholder); at != std::string::npos) {
      path.replace(at, placeholder.size(), value);
    }
  }
  return path;
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::string> url = FreshDatabaseUrl("sqlite", dir_.path());
    ASSERT_TRUE(url.ok()) << url.status();
    server_.emplace(*url, log_);
    ASSERT_TRUE(server_->started()) << ReadText(log_);
    httplib::Client client("127.0.0.1", server_->port());
    const httplib::Result reply = client.Get("/openapi.json");
    ASSERT_TRUE(reply) << "no answer";
    ASSERT_EQ(reply->status, 200) << reply->body;
    content_type_ = reply->get_header_value("Content-Type");
    spec_ = nlohmann::json::parse(reply->body, nullptr, false);
    ASSERT_TRUE(spec_.is_object()) << reply->body.substr(0, 200);
  }

  ScratchDir dir_;
  fs::path log_ = dir_.path() / "serve.log";
  std::optional<ServerProcess> server_;
  std::string content_type_;
  nlohmann::json spec_;
};

TEST_F(OpenApiTest, ServedWithoutTokenAsOpenApiJson) {
  EXPECT_EQ(content_type_, "application/json");
  EXPECT_EQ(spec_["openapi"], "3.0.3");
  EXPECT_TRUE(spec_["info"].contains("title"));
  EXPECT_TRUE(spec_["info"]["description"].get<std::string>().find("docs/hma.md") !=
              std::string::npos);
  EXPECT_EQ(spec_["components"]["securitySchemes"]["bearerToken"]["scheme"], "bearer");
  EXPECT_TRUE(spec_["components"]["schemas"].contains("Error"));
}

TEST_F(OpenApiTest, DescribesEveryRouteWithItsMethodsAndRoles) {
  const nlohmann::json& paths = spec_["paths"];
  for (const auto& [path, methods] : kRoutes) {
    ASSERT_TRUE(paths.contains(path)) << path;
    std::set<std::string> described;
    for (const auto& [key, operation] : paths[path].items()) {
      if (!kMethods.contains(key)) continue;
      described.insert(key);
      EXPECT_TRUE(operation.contains("x-roles")) << key << " " << path;
      EXPECT_TRUE(operation.contains("responses")) << key << " " << path;
      // Public routes say so; every other one inherits the bearer token requirement.
      EXPECT_EQ(operation.contains("security"), kPublicPaths.contains(path)) << key << " " << path;
    }
    EXPECT_EQ(described, methods) << path;
  }
  EXPECT_EQ(paths.size(), kRoutes.size()) << "a path the test does not list: " << paths.dump();
}

TEST_F(OpenApiTest, EveryDescribedOperationAnswersOnTheServer) {
  // Without a token, a registered route answers 401 (public ones 200); an unknown one 404.
  httplib::Client client("127.0.0.1", server_->port());
  for (const auto& [path, item] : spec_["paths"].items()) {
    const std::string concrete = Concrete(path);
    for (const auto& [method, operation] : item.items()) {
      if (!kMethods.contains(method)) continue;
      httplib::Result reply = method == "get"     ? client.Get(concrete)
                              : method == "post"  ? client.Post(concrete, "{}", "application/json")
                              : method == "patch" ? client.Patch(concrete, "{}", "application/json")
                                                  : client.Delete(concrete);
      ASSERT_TRUE(reply) << method << " " << concrete;
      EXPECT_EQ(reply->status, kPublicPaths.contains(path) ? 200 : 401)
          << method << " " << concrete << ": " << reply->body;
    }
  }
}

TEST_F(OpenApiTest, EveryRefResolvesInsideTheDocument) {
  std::vector<std::string> refs;
  CollectRefs(spec_, refs);
  ASSERT_FALSE(refs.empty());
  for (const std::string& ref : refs) {
    ASSERT_TRUE(ref.starts_with("#/")) << ref << ": only local references";
    EXPECT_TRUE(spec_.contains(nlohmann::json::json_pointer(ref.substr(1)))) << ref;
  }
}

}  // namespace
}  // namespace clearhost::testing
