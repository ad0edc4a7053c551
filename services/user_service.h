// UserServiceImpl: the gRPC face of data users (role USER): identity,
// conditional applications and agreements (Art. 16-17, annex 5), grants and
// the access decision; the user's notifications (notification_services.cc).
// Asks the credit registry when an application is submitted and puts the answer
// into the command. Translates and delegates; the rules live in the engine.
// Also RunApplicationCommand, which the provider and reviewer application RPCs
// (application_services.cc) share. Thread-safety: stateless beyond the shared
// runtime and registry; safe for concurrent handlers.
#ifndef OPENDATA_SERVICES_USER_SERVICE_H_
#define OPENDATA_SERVICES_USER_SERVICE_H_

#include <string>

#include "jining/opendata/v1/user_service.grpc.pb.h"
#include "services/credit_registry.h"
#include "services/service_runtime.h"

namespace opendata {

// Runs a command on one application and fills a response with application
// (as the actor now sees it) and receipt.
template <typename Response>
absl::Status RunApplicationCommand(const ServiceRuntime& runtime,
                                   const jining::opendata::v1::Actor& actor,
                                   const jining::opendata::v1::Command& command,
                                   const std::string& request_id,
                                   const std::string& application_id,
                                   Response* response) {
  absl::StatusOr<CommandOutcome> outcome =
      runtime.Execute(command, actor, request_id);
  if (!outcome.ok()) return outcome.status();
  absl::StatusOr<jining::opendata::v1::Application> app =
      runtime.application_queries().Get(actor, application_id);
  if (!app.ok()) return app.status();
  *response->mutable_application() = *std::move(app);
  *response->mutable_receipt() = ServiceRuntime::Receipt(*outcome);
  return absl::OkStatus();
}

class UserServiceImpl final
    : public jining::opendata::v1::UserService::Service {
 public:
  // `runtime` and `credit` must outlive the service.
  UserServiceImpl(const ServiceRuntime* runtime, const CreditRegistry* credit)
      : runtime_(runtime), credit_(credit) {}

  grpc::Status GetIdentity(
      grpc::ServerContext* context,
      const jining::opendata::v1::GetIdentityRequest* request,
      jining::opendata::v1::GetIdentityResponse* response) override;
  grpc::Status SubmitApplication(
      grpc::ServerContext* context,
      const jining::opendata::v1::SubmitApplicationRequest* request,
      jining::opendata::v1::SubmitApplicationResponse* response) override;
  grpc::Status WithdrawApplication(
      grpc::ServerContext* context,
      const jining::opendata::v1::WithdrawApplicationRequest* request,
      jining::opendata::v1::WithdrawApplicationResponse* response) override;
  grpc::Status SignAgreement(
      grpc::ServerContext* context,
      const jining::opendata::v1::SignAgreementRequest* request,
      jining::opendata::v1::SignAgreementResponse* response) override;
  grpc::Status ApplyForRenewal(
      grpc::ServerContext* context,
      const jining::opendata::v1::ApplyForRenewalRequest* request,
      jining::opendata::v1::ApplyForRenewalResponse* response) override;
  grpc::Status AttestDestruction(
      grpc::ServerContext* context,
      const jining::opendata::v1::AttestDestructionRequest* request,
      jining::opendata::v1::AttestDestructionResponse* response) override;
  grpc::Status FileUsageReport(
      grpc::ServerContext* context,
      const jining::opendata::v1::FileUsageReportRequest* request,
      jining::opendata::v1::FileUsageReportResponse* response) override;
  grpc::Status FileResultReport(
      grpc::ServerContext* context,
      const jining::opendata::v1::FileResultReportRequest* request,
      jining::opendata::v1::FileResultReportResponse* response) override;
  grpc::Status ListGrants(
      grpc::ServerContext* context,
      const jining::opendata::v1::ListGrantsRequest* request,
      jining::opendata::v1::ListGrantsResponse* response) override;
  grpc::Status CheckAccess(
      grpc::ServerContext* context,
      const jining::opendata::v1::CheckAccessRequest* request,
      jining::opendata::v1::CheckAccessResponse* response) override;
  grpc::Status ListNotifications(
      grpc::ServerContext* context,
      const jining::opendata::v1::ListNotificationsRequest* request,
      jining::opendata::v1::ListNotificationsResponse* response) override;
  grpc::Status ListMyItems(
      grpc::ServerContext* context,
      const jining::opendata::v1::ListMyItemsRequest* request,
      jining::opendata::v1::ListMyItemsResponse* response) override;
  grpc::Status WatchNotifications(
      grpc::ServerContext* context,
      const jining::opendata::v1::WatchNotificationsRequest* request,
      grpc::ServerWriter<jining::opendata::v1::WatchNotificationsResponse>*
          writer) override;
  // Data products (product_services.cc).
  grpc::Status SubmitProduct(
      grpc::ServerContext* context,
      const jining::opendata::v1::SubmitProductRequest* request,
      jining::opendata::v1::SubmitProductResponse* response) override;
  grpc::Status ReviseProduct(
      grpc::ServerContext* context,
      const jining::opendata::v1::ReviseProductRequest* request,
      jining::opendata::v1::ReviseProductResponse* response) override;
  grpc::Status WithdrawProduct(
      grpc::ServerContext* context,
      const jining::opendata::v1::WithdrawProductRequest* request,
      jining::opendata::v1::WithdrawProductResponse* response) override;
  grpc::Status UnlistProduct(
      grpc::ServerContext* context,
      const jining::opendata::v1::UnlistProductRequest* request,
      jining::opendata::v1::UnlistProductResponse* response) override;
  grpc::Status ListMyProducts(
      grpc::ServerContext* context,
      const jining::opendata::v1::ListMyProductsRequest* request,
      jining::opendata::v1::ListMyProductsResponse* response) override;
  // Objections (Art. 19), in objection_services.cc.
  grpc::Status FileObjection(
      grpc::ServerContext* context,
      const jining::opendata::v1::FileObjectionRequest* request,
      jining::opendata::v1::FileObjectionResponse* response) override;
  grpc::Status WithdrawObjection(
      grpc::ServerContext* context,
      const jining::opendata::v1::WithdrawObjectionRequest* request,
      jining::opendata::v1::WithdrawObjectionResponse* response) override;
  grpc::Status ListMyObjections(
      grpc::ServerContext* context,
      const jining::opendata::v1::ListMyObjectionsRequest* request,
      jining::opendata::v1::ListMyObjectionsResponse* response) override;

  // Unopened-data demands (demand_services.cc).
  grpc::Status SubmitDemand(
      grpc::ServerContext* context,
      const jining::opendata::v1::SubmitDemandRequest* request,
      jining::opendata::v1::SubmitDemandResponse* response) override;
  grpc::Status WithdrawDemand(
      grpc::ServerContext* context,
      const jining::opendata::v1::WithdrawDemandRequest* request,
      jining::opendata::v1::WithdrawDemandResponse* response) override;
  grpc::Status GetDemand(
      grpc::ServerContext* context,
      const jining::opendata::v1::GetDemandRequest* request,
      jining::opendata::v1::GetDemandResponse* response) override;
  grpc::Status ListDemands(
      grpc::ServerContext* context,
      const jining::opendata::v1::ListDemandsRequest* request,
      jining::opendata::v1::ListDemandsResponse* response) override;

 private:
  const ServiceRuntime* runtime_;
  const CreditRegistry* credit_;
};

}  // namespace opendata

#endif  // OPENDATA_SERVICES_USER_SERVICE_H_
