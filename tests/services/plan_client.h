// PlanClient: the ProviderService, ReviewerService and QueryService stubs of
// ServiceClients (a real loopback channel to a PlatformFixture's server) as
// the annual plan and organisation profile tests name them, each call sending
// `who`'s bearer token with a 10 s deadline. Header-only; the stubs are
// thread-safe, the fixture's token minting is used from the test's thread.
#ifndef OPENDATA_TESTS_SERVICES_PLAN_CLIENT_H_
#define OPENDATA_TESTS_SERVICES_PLAN_CLIENT_H_

#include <memory>
#include <string>

#include "grpcpp/client_context.h"
#include "jining/opendata/v1/provider_service.grpc.pb.h"
#include "jining/opendata/v1/query_service.grpc.pb.h"
#include "jining/opendata/v1/reviewer_service.grpc.pb.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/service_clients.h"

namespace opendata::testing {

class PlanClient {
 public:
  explicit PlanClient(PlatformFixture& f) : clients_(f) {}

  // A client context carrying `who`'s token.
  std::unique_ptr<grpc::ClientContext> As(const Identity& who) const {
    return clients_.As(who);
  }

  pb::ProviderService::Stub& provider() { return *clients_.provider; }
  pb::ReviewerService::Stub& reviewer() { return *clients_.reviewer; }
  pb::QueryService::Stub& query() { return *clients_.query; }

 private:
  ServiceClients clients_;
};

}  // namespace opendata::testing

#endif  // OPENDATA_TESTS_SERVICES_PLAN_CLIENT_H_
