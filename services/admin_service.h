// AdminServiceImpl: the gRPC face of calendar administration, the
// working-day calculators, the local credit registry, the online projection
// rebuild and crypto-shredding of personal information. Translates and
// delegates; the rules (who may load a calendar, validation, deadline
// revisions) live in the engine. Thread-safety: stateless beyond the shared
// runtime; safe for concurrent handlers.
#ifndef OPENDATA_SERVICES_ADMIN_SERVICE_H_
#define OPENDATA_SERVICES_ADMIN_SERVICE_H_

#include "jining/opendata/v1/admin_service.grpc.pb.h"
#include "services/credit_registry.h"
#include "services/service_runtime.h"

namespace opendata {

class AdminServiceImpl final
    : public jining::opendata::v1::AdminService::Service {
 public:
  explicit AdminServiceImpl(const ServiceRuntime* runtime, EventStore* store)
      : runtime_(runtime), store_(store) {}
  grpc::Status LoadCalendarYear(
      grpc::ServerContext* context,
      const jining::opendata::v1::LoadCalendarYearRequest* request,
      jining::opendata::v1::LoadCalendarYearResponse* response) override;
  grpc::Status ListCalendarYears(
      grpc::ServerContext* context,
      const jining::opendata::v1::ListCalendarYearsRequest* request,
      jining::opendata::v1::ListCalendarYearsResponse* response) override;
  grpc::Status AddWorkingDays(
      grpc::ServerContext* context,
      const jining::opendata::v1::AddWorkingDaysRequest* request,
      jining::opendata::v1::AddWorkingDaysResponse* response) override;
  grpc::Status CountWorkingDays(
      grpc::ServerContext* context,
      const jining::opendata::v1::CountWorkingDaysRequest* request,
      jining::opendata::v1::CountWorkingDaysResponse* response) override;
  // The local credit registry; implemented in credit_registry.cc.
  grpc::Status SetCreditListing(
      grpc::ServerContext* context,
      const jining::opendata::v1::SetCreditListingRequest* request,
      jining::opendata::v1::SetCreditListingResponse* response) override;
  grpc::Status ClearCreditListing(
      grpc::ServerContext* context,
      const jining::opendata::v1::ClearCreditListingRequest* request,
      jining::opendata::v1::ClearCreditListingResponse* response) override;
  grpc::Status GetCreditListing(
      grpc::ServerContext* context,
      const jining::opendata::v1::GetCreditListingRequest* request,
      jining::opendata::v1::GetCreditListingResponse* response) override;
  // Online projection rebuild; implemented in projection_rebuild_service.cc.
  grpc::Status RebuildProjection(
      grpc::ServerContext* context,
      const jining::opendata::v1::RebuildProjectionRequest* request,
      jining::opendata::v1::RebuildProjectionResponse* response) override;
  // Crypto-shredding; implemented in personal_info_service.cc.
  grpc::Status ShredSubjectKey(
      grpc::ServerContext* context,
      const jining::opendata::v1::ShredSubjectKeyRequest* request,
      jining::opendata::v1::ShredSubjectKeyResponse* response) override;

 private:
  const ServiceRuntime* runtime_;
  EventStore* store_;
};

}  // namespace opendata

#endif  // OPENDATA_SERVICES_ADMIN_SERVICE_H_
