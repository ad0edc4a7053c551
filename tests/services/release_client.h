// ReleaseClient: the RPCs of releases, quality assessments and the open list
// (Art. 8, 12) over a real channel to a PlatformFixture's server, with the
// same conventions as the fixture's wrappers (whole "Bearer ..." value, 10 s
// deadline, `out` may be null). Header-only; one client per test thread.
#ifndef OPENDATA_TESTS_SERVICES_RELEASE_CLIENT_H_
#define OPENDATA_TESTS_SERVICES_RELEASE_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "tests/services/platform_fixture.h"

namespace opendata::testing {

class ReleaseClient {
 public:
  explicit ReleaseClient(const PlatformFixture& f)
      : channel_(grpc::CreateChannel(absl::StrCat("127.0.0.1:", f.port()),
                                     grpc::InsecureChannelCredentials())),
        provider_(pb::ProviderService::NewStub(channel_)),
        reviewer_(pb::ReviewerService::NewStub(channel_)),
        query_(pb::QueryService::NewStub(channel_)) {}

  grpc::Status RecordRelease(const std::string& authorization,
                             const pb::RecordReleaseRequest& request,
                             pb::RecordReleaseResponse* out = nullptr) {
    pb::RecordReleaseResponse ignored;
    auto context = Context(authorization);
    return provider_->RecordRelease(context.get(), request,
                                    out != nullptr ? out : &ignored);
  }

  grpc::Status RecordQualityAssessment(
      const std::string& authorization,
      const pb::RecordQualityAssessmentRequest& request,
      pb::RecordQualityAssessmentResponse* out = nullptr) {
    pb::RecordQualityAssessmentResponse ignored;
    auto context = Context(authorization);
    return reviewer_->RecordQualityAssessment(context.get(), request,
                                              out != nullptr ? out : &ignored);
  }

  grpc::Status ListReleases(const std::string& authorization,
                            const pb::ListReleasesRequest& request,
                            pb::ListReleasesResponse* out = nullptr) {
    pb::ListReleasesResponse ignored;
    auto context = Context(authorization);
    return query_->ListReleases(context.get(), request,
                                out != nullptr ? out : &ignored);
  }

  grpc::Status ListQualityAssessments(
      const std::string& authorization,
      const pb::ListQualityAssessmentsRequest& request,
      pb::ListQualityAssessmentsResponse* out = nullptr) {
    pb::ListQualityAssessmentsResponse ignored;
    auto context = Context(authorization);
    return query_->ListQualityAssessments(context.get(), request,
                                          out != nullptr ? out : &ignored);
  }

  grpc::Status ListOpenList(const std::string& authorization,
                            const pb::ListOpenListRequest& request,
                            pb::ListOpenListResponse* out = nullptr) {
    pb::ListOpenListResponse ignored;
    auto context = Context(authorization);
    return query_->ListOpenList(context.get(), request,
                                out != nullptr ? out : &ignored);
  }

  // Reads the whole export stream into `chunks`.
  grpc::Status ExportOpenList(const std::string& authorization,
                              const pb::ExportOpenListRequest& request,
                              std::vector<pb::ExportOpenListResponse>* chunks) {
    auto context = Context(authorization);
    auto reader = query_->ExportOpenList(context.get(), request);
    pb::ExportOpenListResponse chunk;
    while (reader->Read(&chunk)) chunks->push_back(chunk);
    return reader->Finish();
  }

 private:
  static std::unique_ptr<grpc::ClientContext> Context(
      const std::string& authorization) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    if (!authorization.empty()) {
      context->AddMetadata("authorization", authorization);
    }
    return context;
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<pb::ProviderService::Stub> provider_;
  std::unique_ptr<pb::ReviewerService::Stub> reviewer_;
  std::unique_ptr<pb::QueryService::Stub> query_;
};

}  // namespace opendata::testing

#endif  // OPENDATA_TESTS_SERVICES_RELEASE_CLIENT_H_
