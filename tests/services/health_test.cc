// grpc.health.v1.Health over the real channel: every platform service and the
// server as a whole report SERVING, without a token; an unknown service is
// NOT_FOUND.
#include <catch2/catch.hpp>

#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

using grpc::health::v1::HealthCheckResponse;

TEST_CASE("health reports every service SERVING", "[services][health]") {
  PlatformFixture f;
  for (const char* service :
       {"jining.opendata.v1.ProviderService",
        "jining.opendata.v1.ReviewerService", "jining.opendata.v1.QueryService",
        "jining.opendata.v1.AdminService", "jining.opendata.v1.AuditService",
        ""}) {
    INFO("service '" << service << "'");
    HealthCheckResponse response;
    REQUIRE_OK(f.HealthCheck(service, &response));
    CHECK(response.status() == HealthCheckResponse::SERVING);
  }
  HealthCheckResponse response;
  const grpc::Status unknown =
      f.HealthCheck("jining.opendata.v1.NoSuchService", &response);
  CHECK(unknown.error_code() == grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace opendata::testing
