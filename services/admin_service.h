// AdminServiceImpl: the gRPC face of calendar administration and the
// working-day calculators. Translates and delegates; the rules (who may load a
// calendar, validation, deadline revisions) live in the engine. Thread-safety:
// stateless beyond the shared runtime; safe for concurrent handlers.
#ifndef OPENDATA_SERVICES_ADMIN_SERVICE_H_
#define OPENDATA_SERVICES_ADMIN_SERVICE_H_

#include "jining/opendata/v1/admin_service.grpc.pb.h"
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

 private:
  const ServiceRuntime* runtime_;
  EventStore* store_;
};

}  // namespace opendata

#endif  // OPENDATA_SERVICES_ADMIN_SERVICE_H_
