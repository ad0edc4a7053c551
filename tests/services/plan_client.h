// PlanClient: stubs of ProviderService, ReviewerService and QueryService over
// a real loopback channel to a PlatformFixture's server, for the annual plan
// and organisation profile RPCs, each call sending `who`'s bearer token with a
// 10 s deadline. Header-only; the stubs are thread-safe, the fixture's token
// minting is used from the test's thread.
#ifndef OPENDATA_TESTS_SERVICES_PLAN_CLIENT_H_
#define OPENDATA_TESTS_SERVICES_PLAN_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "jining/opendata/v1/provider_service.grpc.pb.h"
#include "jining/opendata/v1/query_service.grpc.pb.h"
#include "jining/opendata/v1/reviewer_service.grpc.pb.h"
#include "tests/services/platform_fixture.h"

namespace opendata::testing {

class PlanClient {
 public:
  explicit PlanClient(PlatformFixture& f)
      : f_(f),
        channel_(grpc::CreateChannel(absl::StrCat("127.0.0.1:", f.port()),
                                     grpc::InsecureChannelCredentials())),
        provider_(pb::ProviderService::NewStub(channel_)),
        reviewer_(pb::ReviewerService::NewStub(channel_)),
        query_(pb::QueryService::NewStub(channel_)) {}

  // A client context carrying `who`'s token.
  std::unique_ptr<grpc::ClientContext> As(const Identity& who) const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    context->AddMetadata("authorization", f_.Bearer(who));
    return context;
  }

  pb::ProviderService::Stub& provider() { return *provider_; }
  pb::ReviewerService::Stub& reviewer() { return *reviewer_; }
  pb::QueryService::Stub& query() { return *query_; }

 private:
  PlatformFixture& f_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<pb::ProviderService::Stub> provider_;
  std::unique_ptr<pb::ReviewerService::Stub> reviewer_;
  std::unique_ptr<pb::QueryService::Stub> query_;
};

}  // namespace opendata::testing

#endif  // OPENDATA_TESTS_SERVICES_PLAN_CLIENT_H_
