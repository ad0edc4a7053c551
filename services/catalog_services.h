// The gRPC service classes for the catalog workflow: ProviderService (compile
// and submit; apply for takedown, report remediation; changes, migrations,
// industry entries; annual plans and responsible persons), ReviewerService
// (formal review; takedown approvals, quality takedown; changes, migrations,
// industry entries, destruction; annual plan review and the city plan) and
// QueryService (reads). Each method translates the request into an engine
// command or query, runs it through ServiceRuntime, and translates the result
// back; no rule lives here. The inbox RPCs of ProviderService and
// ReviewerService are in notification_services.cc. Thread-safety: stateless
// beyond the shared runtime; safe for the sync server's concurrent handlers.
#ifndef OPENDATA_SERVICES_CATALOG_SERVICES_H_
#define OPENDATA_SERVICES_CATALOG_SERVICES_H_

#include "jining/opendata/v1/provider_service.grpc.pb.h"
#include "jining/opendata/v1/query_service.grpc.pb.h"
#include "jining/opendata/v1/reviewer_service.grpc.pb.h"
#include "services/service_runtime.h"

namespace opendata {

namespace pbv1 = ::jining::opendata::v1;

class ProviderServiceImpl final : public pbv1::ProviderService::Service {
 public:
  explicit ProviderServiceImpl(const ServiceRuntime* runtime)
      : runtime_(runtime) {}
  grpc::Status CreateCatalogEntry(
      grpc::ServerContext* context,
      const pbv1::CreateCatalogEntryRequest* request,
      pbv1::CreateCatalogEntryResponse* response) override;
  grpc::Status UpdateCatalogEntry(
      grpc::ServerContext* context,
      const pbv1::UpdateCatalogEntryRequest* request,
      pbv1::UpdateCatalogEntryResponse* response) override;
  grpc::Status SubmitCatalogEntry(
      grpc::ServerContext* context,
      const pbv1::SubmitCatalogEntryRequest* request,
      pbv1::SubmitCatalogEntryResponse* response) override;
  // Implemented in takedown_services.cc.
  grpc::Status RequestTakedown(
      grpc::ServerContext* context, const pbv1::RequestTakedownRequest* request,
      pbv1::RequestTakedownResponse* response) override;
  grpc::Status ReportRemediation(
      grpc::ServerContext* context,
      const pbv1::ReportRemediationRequest* request,
      pbv1::ReportRemediationResponse* response) override;
  // Implemented in plan_services.cc.
  grpc::Status SubmitAnnualPlan(
      grpc::ServerContext* context,
      const pbv1::SubmitAnnualPlanRequest* request,
      pbv1::SubmitAnnualPlanResponse* response) override;
  grpc::Status LinkPlanItem(grpc::ServerContext* context,
                            const pbv1::LinkPlanItemRequest* request,
                            pbv1::LinkPlanItemResponse* response) override;
  // Implemented in organization_services.cc.
  grpc::Status SetResponsiblePersons(
      grpc::ServerContext* context,
      const pbv1::SetResponsiblePersonsRequest* request,
      pbv1::SetResponsiblePersonsResponse* response) override;
  // Implemented in change_services.cc.
  grpc::Status ApplyForContentChange(
      grpc::ServerContext* context,
      const pbv1::ApplyForContentChangeRequest* request,
      pbv1::ApplyForContentChangeResponse* response) override;
  grpc::Status RequestMigration(
      grpc::ServerContext* context,
      const pbv1::RequestMigrationRequest* request,
      pbv1::RequestMigrationResponse* response) override;
  grpc::Status ConfirmMigration(
      grpc::ServerContext* context,
      const pbv1::ConfirmMigrationRequest* request,
      pbv1::ConfirmMigrationResponse* response) override;
  grpc::Status DeclineMigration(
      grpc::ServerContext* context,
      const pbv1::DeclineMigrationRequest* request,
      pbv1::DeclineMigrationResponse* response) override;
  grpc::Status ApplyForIndustryEntry(
      grpc::ServerContext* context,
      const pbv1::ApplyForIndustryEntryRequest* request,
      pbv1::ApplyForIndustryEntryResponse* response) override;
  grpc::Status WithdrawTakedown(
      grpc::ServerContext* context,
      const pbv1::WithdrawTakedownRequest* request,
      pbv1::WithdrawTakedownResponse* response) override;
  // Implemented in release_services.cc.
  grpc::Status RecordRelease(grpc::ServerContext* context,
                             const pbv1::RecordReleaseRequest* request,
                             pbv1::RecordReleaseResponse* response) override;

  // Implemented in application_services.cc.
  grpc::Status ApproveApplication(
      grpc::ServerContext* context,
      const pbv1::ApproveApplicationRequest* request,
      pbv1::ApproveApplicationResponse* response) override;
  grpc::Status RefuseApplication(
      grpc::ServerContext* context,
      const pbv1::RefuseApplicationRequest* request,
      pbv1::RefuseApplicationResponse* response) override;
  grpc::Status SignApplicationAgreement(
      grpc::ServerContext* context,
      const pbv1::SignApplicationAgreementRequest* request,
      pbv1::SignApplicationAgreementResponse* response) override;
  grpc::Status ApproveRenewal(grpc::ServerContext* context,
                              const pbv1::ApproveRenewalRequest* request,
                              pbv1::ApproveRenewalResponse* response) override;
  grpc::Status RefuseRenewal(grpc::ServerContext* context,
                             const pbv1::RefuseRenewalRequest* request,
                             pbv1::RefuseRenewalResponse* response) override;
  grpc::Status RevokeGrant(grpc::ServerContext* context,
                           const pbv1::RevokeGrantRequest* request,
                           pbv1::RevokeGrantResponse* response) override;
  grpc::Status ListNotifications(
      grpc::ServerContext* context,
      const pbv1::ListNotificationsRequest* request,
      pbv1::ListNotificationsResponse* response) override;
  grpc::Status WatchNotifications(
      grpc::ServerContext* context,
      const pbv1::WatchNotificationsRequest* request,
      grpc::ServerWriter<pbv1::WatchNotificationsResponse>* writer) override;
  // Objections (Art. 19), in objection_services.cc.
  grpc::Status AnswerObjection(
      grpc::ServerContext* context, const pbv1::AnswerObjectionRequest* request,
      pbv1::AnswerObjectionResponse* response) override;
  grpc::Status ListReceivedObjections(
      grpc::ServerContext* context,
      const pbv1::ListReceivedObjectionsRequest* request,
      pbv1::ListReceivedObjectionsResponse* response) override;

  // Unopened-data demands (demand_services.cc).
  grpc::Status AnswerDemand(grpc::ServerContext* context,
                            const pbv1::AnswerDemandRequest* request,
                            pbv1::AnswerDemandResponse* response) override;
  grpc::Status LinkDemandEntry(
      grpc::ServerContext* context, const pbv1::LinkDemandEntryRequest* request,
      pbv1::LinkDemandEntryResponse* response) override;
  grpc::Status ListForwardedDemands(
      grpc::ServerContext* context,
      const pbv1::ListForwardedDemandsRequest* request,
      pbv1::ListForwardedDemandsResponse* response) override;
  grpc::Status ListOpenItems(grpc::ServerContext* context,
                             const pbv1::ListOpenItemsRequest* request,
                             pbv1::ListOpenItemsResponse* response) override;

 private:
  const ServiceRuntime* runtime_;
};

class ReviewerServiceImpl final : public pbv1::ReviewerService::Service {
 public:
  explicit ReviewerServiceImpl(const ServiceRuntime* runtime)
      : runtime_(runtime) {}
  grpc::Status PublishCatalogEntry(
      grpc::ServerContext* context,
      const pbv1::PublishCatalogEntryRequest* request,
      pbv1::PublishCatalogEntryResponse* response) override;
  grpc::Status ReturnCatalogEntry(
      grpc::ServerContext* context,
      const pbv1::ReturnCatalogEntryRequest* request,
      pbv1::ReturnCatalogEntryResponse* response) override;
  // Implemented in takedown_services.cc.
  grpc::Status ApproveTakedown(
      grpc::ServerContext* context, const pbv1::ApproveTakedownRequest* request,
      pbv1::ApproveTakedownResponse* response) override;
  grpc::Status RefuseTakedown(grpc::ServerContext* context,
                              const pbv1::RefuseTakedownRequest* request,
                              pbv1::RefuseTakedownResponse* response) override;
  grpc::Status TakeDownForQuality(
      grpc::ServerContext* context,
      const pbv1::TakeDownForQualityRequest* request,
      pbv1::TakeDownForQualityResponse* response) override;
  grpc::Status AcceptRemediation(
      grpc::ServerContext* context,
      const pbv1::AcceptRemediationRequest* request,
      pbv1::AcceptRemediationResponse* response) override;
  // Implemented in plan_services.cc.
  grpc::Status OpenAnnualPlanYear(
      grpc::ServerContext* context,
      const pbv1::OpenAnnualPlanYearRequest* request,
      pbv1::OpenAnnualPlanYearResponse* response) override;
  grpc::Status ApproveAnnualPlan(
      grpc::ServerContext* context,
      const pbv1::ApproveAnnualPlanRequest* request,
      pbv1::ApproveAnnualPlanResponse* response) override;
  grpc::Status ReturnAnnualPlan(
      grpc::ServerContext* context,
      const pbv1::ReturnAnnualPlanRequest* request,
      pbv1::ReturnAnnualPlanResponse* response) override;
  grpc::Status PublishCityPlan(
      grpc::ServerContext* context, const pbv1::PublishCityPlanRequest* request,
      pbv1::PublishCityPlanResponse* response) override;
  // Implemented in change_services.cc.
  grpc::Status ApproveContentChange(
      grpc::ServerContext* context,
      const pbv1::ApproveContentChangeRequest* request,
      pbv1::ApproveContentChangeResponse* response) override;
  grpc::Status RefuseContentChange(
      grpc::ServerContext* context,
      const pbv1::RefuseContentChangeRequest* request,
      pbv1::RefuseContentChangeResponse* response) override;
  grpc::Status ApproveMigration(
      grpc::ServerContext* context,
      const pbv1::ApproveMigrationRequest* request,
      pbv1::ApproveMigrationResponse* response) override;
  grpc::Status RefuseMigration(
      grpc::ServerContext* context, const pbv1::RefuseMigrationRequest* request,
      pbv1::RefuseMigrationResponse* response) override;
  grpc::Status ApproveIndustryEntry(
      grpc::ServerContext* context,
      const pbv1::ApproveIndustryEntryRequest* request,
      pbv1::ApproveIndustryEntryResponse* response) override;
  grpc::Status RefuseIndustryEntry(
      grpc::ServerContext* context,
      const pbv1::RefuseIndustryEntryRequest* request,
      pbv1::RefuseIndustryEntryResponse* response) override;
  grpc::Status ReturnIndustryEntry(
      grpc::ServerContext* context,
      const pbv1::ReturnIndustryEntryRequest* request,
      pbv1::ReturnIndustryEntryResponse* response) override;
  grpc::Status DestroyOpenCopy(
      grpc::ServerContext* context, const pbv1::DestroyOpenCopyRequest* request,
      pbv1::DestroyOpenCopyResponse* response) override;
  // Implemented in release_services.cc.
  grpc::Status RecordQualityAssessment(
      grpc::ServerContext* context,
      const pbv1::RecordQualityAssessmentRequest* request,
      pbv1::RecordQualityAssessmentResponse* response) override;

  // Implemented in application_services.cc.
  grpc::Status PassApplicationFormalReview(
      grpc::ServerContext* context,
      const pbv1::PassApplicationFormalReviewRequest* request,
      pbv1::PassApplicationFormalReviewResponse* response) override;
  grpc::Status FailApplicationFormalReview(
      grpc::ServerContext* context,
      const pbv1::FailApplicationFormalReviewRequest* request,
      pbv1::FailApplicationFormalReviewResponse* response) override;
  grpc::Status RevokeAccessGrant(
      grpc::ServerContext* context,
      const pbv1::RevokeAccessGrantRequest* request,
      pbv1::RevokeAccessGrantResponse* response) override;
  grpc::Status ListNotifications(
      grpc::ServerContext* context,
      const pbv1::ListNotificationsRequest* request,
      pbv1::ListNotificationsResponse* response) override;
  grpc::Status WatchNotifications(
      grpc::ServerContext* context,
      const pbv1::WatchNotificationsRequest* request,
      grpc::ServerWriter<pbv1::WatchNotificationsResponse>* writer) override;
  // Data products (product_services.cc).
  grpc::Status ScreenProduct(grpc::ServerContext* context,
                             const pbv1::ScreenProductRequest* request,
                             pbv1::ScreenProductResponse* response) override;
  grpc::Status DelistProduct(grpc::ServerContext* context,
                             const pbv1::DelistProductRequest* request,
                             pbv1::DelistProductResponse* response) override;
  grpc::Status ListProductScreeningQueue(
      grpc::ServerContext* context,
      const pbv1::ListProductScreeningQueueRequest* request,
      pbv1::ListProductScreeningQueueResponse* response) override;
  // Objections (Art. 19), in objection_services.cc.
  grpc::Status VerifyObjection(
      grpc::ServerContext* context, const pbv1::VerifyObjectionRequest* request,
      pbv1::VerifyObjectionResponse* response) override;
  grpc::Status ListPendingObjections(
      grpc::ServerContext* context,
      const pbv1::ListPendingObjectionsRequest* request,
      pbv1::ListPendingObjectionsResponse* response) override;

  // Unopened-data demands and public calls (demand_services.cc).
  grpc::Status PassDemandFormalReview(
      grpc::ServerContext* context,
      const pbv1::PassDemandFormalReviewRequest* request,
      pbv1::PassDemandFormalReviewResponse* response) override;
  grpc::Status FailDemandFormalReview(
      grpc::ServerContext* context,
      const pbv1::FailDemandFormalReviewRequest* request,
      pbv1::FailDemandFormalReviewResponse* response) override;
  grpc::Status ForwardDemand(grpc::ServerContext* context,
                             const pbv1::ForwardDemandRequest* request,
                             pbv1::ForwardDemandResponse* response) override;
  grpc::Status ListDemandQueue(
      grpc::ServerContext* context, const pbv1::ListDemandQueueRequest* request,
      pbv1::ListDemandQueueResponse* response) override;
  grpc::Status OpenDemandCall(grpc::ServerContext* context,
                              const pbv1::OpenDemandCallRequest* request,
                              pbv1::OpenDemandCallResponse* response) override;
  grpc::Status CloseDemandCall(
      grpc::ServerContext* context, const pbv1::CloseDemandCallRequest* request,
      pbv1::CloseDemandCallResponse* response) override;
  // Implemented in work_queue_services.cc.
  grpc::Status ListWorkQueue(grpc::ServerContext* context,
                             const pbv1::ListWorkQueueRequest* request,
                             pbv1::ListWorkQueueResponse* response) override;

 private:
  const ServiceRuntime* runtime_;
};

class QueryServiceImpl final : public pbv1::QueryService::Service {
 public:
  explicit QueryServiceImpl(const ServiceRuntime* runtime)
      : runtime_(runtime) {}
  grpc::Status GetCatalogEntry(grpc::ServerContext* context,
                               const pbv1::GetCatalogEntryRequest* request,
                               pbv1::CatalogEntry* response) override;
  grpc::Status ListCatalogEntries(
      grpc::ServerContext* context,
      const pbv1::ListCatalogEntriesRequest* request,
      pbv1::ListCatalogEntriesResponse* response) override;
  grpc::Status ListPendingReviews(
      grpc::ServerContext* context,
      const pbv1::ListPendingReviewsRequest* request,
      pbv1::ListPendingReviewsResponse* response) override;
  // Implemented in query_deadlines.cc.
  grpc::Status ListDeadlines(grpc::ServerContext* context,
                             const pbv1::ListDeadlinesRequest* request,
                             pbv1::ListDeadlinesResponse* response) override;
  // Implemented in takedown_services.cc.
  grpc::Status ListTakedownNotices(
      grpc::ServerContext* context,
      const pbv1::ListTakedownNoticesRequest* request,
      pbv1::ListTakedownNoticesResponse* response) override;
  // Implemented in plan_services.cc.
  grpc::Status GetAnnualPlan(grpc::ServerContext* context,
                             const pbv1::GetAnnualPlanRequest* request,
                             pbv1::GetAnnualPlanResponse* response) override;
  grpc::Status ListAnnualPlans(
      grpc::ServerContext* context, const pbv1::ListAnnualPlansRequest* request,
      pbv1::ListAnnualPlansResponse* response) override;
  grpc::Status GetCityPlan(grpc::ServerContext* context,
                           const pbv1::GetCityPlanRequest* request,
                           pbv1::GetCityPlanResponse* response) override;
  // Implemented in organization_services.cc.
  grpc::Status GetOrganizationProfile(
      grpc::ServerContext* context,
      const pbv1::GetOrganizationProfileRequest* request,
      pbv1::OrganizationProfile* response) override;
  // Implemented in change_services.cc.
  grpc::Status ListPendingChanges(
      grpc::ServerContext* context,
      const pbv1::ListPendingChangesRequest* request,
      pbv1::ListPendingChangesResponse* response) override;
  // Implemented in release_services.cc.
  grpc::Status ListReleases(grpc::ServerContext* context,
                            const pbv1::ListReleasesRequest* request,
                            pbv1::ListReleasesResponse* response) override;
  grpc::Status ListQualityAssessments(
      grpc::ServerContext* context,
      const pbv1::ListQualityAssessmentsRequest* request,
      pbv1::ListQualityAssessmentsResponse* response) override;
  grpc::Status ListOpenList(grpc::ServerContext* context,
                            const pbv1::ListOpenListRequest* request,
                            pbv1::ListOpenListResponse* response) override;
  grpc::Status ExportOpenList(
      grpc::ServerContext* context, const pbv1::ExportOpenListRequest* request,
      grpc::ServerWriter<pbv1::ExportOpenListResponse>* writer) override;

  // Implemented in application_services.cc.
  grpc::Status GetApplication(grpc::ServerContext* context,
                              const pbv1::GetApplicationRequest* request,
                              pbv1::GetApplicationResponse* response) override;
  grpc::Status ListApplications(
      grpc::ServerContext* context,
      const pbv1::ListApplicationsRequest* request,
      pbv1::ListApplicationsResponse* response) override;
  // Data products (product_services.cc).
  grpc::Status ListProducts(grpc::ServerContext* context,
                            const pbv1::ListProductsRequest* request,
                            pbv1::ListProductsResponse* response) override;
  grpc::Status GetProduct(grpc::ServerContext* context,
                          const pbv1::GetProductRequest* request,
                          pbv1::GetProductResponse* response) override;

  // Public calls for demands (demand_services.cc).
  grpc::Status ListDemandCalls(
      grpc::ServerContext* context, const pbv1::ListDemandCallsRequest* request,
      pbv1::ListDemandCallsResponse* response) override;
  grpc::Status GetDemandCall(grpc::ServerContext* context,
                             const pbv1::GetDemandCallRequest* request,
                             pbv1::GetDemandCallResponse* response) override;
  // Implemented in query_supervision.cc.
  grpc::Status GetSupervisionStatistics(
      grpc::ServerContext* context,
      const pbv1::GetSupervisionStatisticsRequest* request,
      pbv1::GetSupervisionStatisticsResponse* response) override;
  grpc::Status ExportSupervisionStatistics(
      grpc::ServerContext* context,
      const pbv1::ExportSupervisionStatisticsRequest* request,
      pbv1::ExportSupervisionStatisticsResponse* response) override;
  // Implemented in search_services.cc.
  grpc::Status SearchCatalogEntries(
      grpc::ServerContext* context,
      const pbv1::SearchCatalogEntriesRequest* request,
      pbv1::SearchCatalogEntriesResponse* response) override;

 private:
  const ServiceRuntime* runtime_;
};

}  // namespace opendata

#endif  // OPENDATA_SERVICES_CATALOG_SERVICES_H_
