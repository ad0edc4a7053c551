// Helpers shared by the gRPC service tests: ServiceClients, stubs of every
// service over one real loopback channel to a PlatformFixture, each call made
// with a given identity's token; and SampleApplicationForm, a complete
// conditional application form (annex 3) for the fixture's CONDITIONAL entry.
// Thread-safety: a ServiceClients may be used from several threads (gRPC
// stubs are thread-safe); SampleApplicationForm is pure.
#ifndef OPENDATA_TESTS_SERVICES_SERVICE_CLIENTS_H_
#define OPENDATA_TESTS_SERVICES_SERVICE_CLIENTS_H_

#include <chrono>
#include <memory>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "jining/opendata/v1/admin_service.grpc.pb.h"
#include "jining/opendata/v1/provider_service.grpc.pb.h"
#include "jining/opendata/v1/query_service.grpc.pb.h"
#include "jining/opendata/v1/reviewer_service.grpc.pb.h"
#include "jining/opendata/v1/user_service.grpc.pb.h"
#include "tests/services/platform_fixture.h"

namespace opendata::testing {

class ServiceClients {
 public:
  explicit ServiceClients(PlatformFixture& f)
      : f_(f),
        channel_(grpc::CreateChannel(absl::StrCat("127.0.0.1:", f.port()),
                                     grpc::InsecureChannelCredentials())),
        user(pb::UserService::NewStub(channel_)),
        provider(pb::ProviderService::NewStub(channel_)),
        reviewer(pb::ReviewerService::NewStub(channel_)),
        query(pb::QueryService::NewStub(channel_)),
        admin(pb::AdminService::NewStub(channel_)) {}

  // A context for one call as `who`, with a deadline `seconds` from now.
  std::unique_ptr<grpc::ClientContext> As(const Identity& who,
                                          int seconds = 10) const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(seconds));
    context->AddMetadata("authorization", f_.Bearer(who));
    return context;
  }

 private:
  PlatformFixture& f_;
  std::shared_ptr<grpc::Channel> channel_;

 public:
  std::unique_ptr<pb::UserService::Stub> user;
  std::unique_ptr<pb::ProviderService::Stub> provider;
  std::unique_ptr<pb::ReviewerService::Stub> reviewer;
  std::unique_ptr<pb::QueryService::Stub> query;
  std::unique_ptr<pb::AdminService::Stub> admin;
};

// A complete API-mode application form by a natural person of 任城区, use
// period 2026-03-10 to 2026-04-30, answering the entry's condition 0.
inline pb::ApplicationForm SampleApplicationForm() {
  pb::ApplicationForm f;
  f.set_service_mode(pb::SERVICE_MODE_API);
  f.mutable_coverage()->set_region_scope("任城区");
  auto* a = f.mutable_applicant();
  a->set_name("李四");
  a->set_contact("李四");
  a->set_id_number("370811199202021234");
  a->set_phone("13800000000");
  a->set_address("济宁市任城区");
  f.set_service_name("社区人口服务");
  f.set_service_domain("社区治理");
  f.set_use_start_date("2026-03-10");
  f.set_use_end_date("2026-04-30");
  f.add_scenarios("社区服务人口规模估算");
  auto* s = f.mutable_standards();
  s->set_service_scope("任城区各社区");
  s->set_user_count(100);
  s->set_concurrency(5);
  s->set_response_time_ms(1000);
  f.set_expected_benefits("提升社区服务精准度");
  f.set_security_commitment_acknowledged(true);
  auto* answer = f.add_condition_answers();
  answer->set_condition_index(0);
  answer->set_answer("仅用于社区服务人口规模估算");
  return f;
}

}  // namespace opendata::testing

#endif  // OPENDATA_TESTS_SERVICES_SERVICE_CLIENTS_H_
