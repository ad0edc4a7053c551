// Implementation of platform_server.h.
#include "services/platform_server.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/calendar/calendar_file.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server_builder.h"
#include "services/auth/key_file.h"
#include "services/catalog_services.h"
#include "storage/rocks_event_store.h"

namespace opendata {

struct PlatformServer::Parts {
  SystemClock system_clock;
  const Clock* clock = nullptr;
  std::unique_ptr<RocksEventStore> store;
  std::unique_ptr<CalendarSource> calendar;
  std::unique_ptr<CommandPipeline> pipeline;
  std::unique_ptr<CatalogQueries> queries;
  std::unique_ptr<Authenticator> authenticator;
  std::unique_ptr<ServiceRuntime> runtime;
  std::unique_ptr<ProviderServiceImpl> provider;
  std::unique_ptr<ReviewerServiceImpl> reviewer;
  std::unique_ptr<QueryServiceImpl> query;
  std::unique_ptr<grpc::Server> server;
  int port = 0;
  bool shut_down = false;
};

namespace {

// Services whose serving status the health service reports.
constexpr const char* kServiceNames[] = {"jining.opendata.v1.ProviderService",
                                         "jining.opendata.v1.ReviewerService",
                                         "jining.opendata.v1.QueryService"};

absl::StatusOr<WorkingCalendar> LoadCalendar(const std::string& dir) {
  ASSIGN_OR_RETURN(std::vector<jining::opendata::v1::CalendarYear> years, ReadCalendarDir(dir));
  WorkingCalendar calendar;
  for (const auto& year : years) RETURN_IF_ERROR(calendar.AddYear(year));
  return calendar;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PlatformServer>> PlatformServer::Start(const PlatformServerConfig& config) {
  auto parts = std::make_unique<Parts>();
  parts->clock = config.clock != nullptr ? config.clock : &parts->system_clock;
  ASSIGN_OR_RETURN(std::string key, auth::ReadKeyFile(config.key_file));
  ASSIGN_OR_RETURN(WorkingCalendar calendar, LoadCalendar(config.calendar_dir));
  RocksEventStoreOptions store_options;
  store_options.clock = parts->clock;
  ASSIGN_OR_RETURN(parts->store, RocksEventStore::Open(config.data_dir, store_options));
  parts->calendar = std::make_unique<CalendarSource>(std::move(calendar));
  parts->pipeline = std::make_unique<CommandPipeline>(parts->store.get(), parts->calendar.get());
  parts->queries = std::make_unique<CatalogQueries>(parts->store.get());
  parts->authenticator = std::make_unique<Authenticator>(auth::Hs256JwtVerifier(key), parts->clock);
  parts->runtime = std::make_unique<ServiceRuntime>(parts->authenticator.get(), parts->pipeline.get(),
                                                    parts->queries.get(), parts->clock);
  parts->provider = std::make_unique<ProviderServiceImpl>(parts->runtime.get());
  parts->reviewer = std::make_unique<ReviewerServiceImpl>(parts->runtime.get());
  parts->query = std::make_unique<QueryServiceImpl>(parts->runtime.get());

  // Link the generated health descriptors so that reflection can describe grpc.health.v1.Health.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.listen_address, grpc::InsecureServerCredentials(), &parts->port);
  builder.RegisterService(parts->provider.get());
  builder.RegisterService(parts->reviewer.get());
  builder.RegisterService(parts->query.get());
  parts->server = builder.BuildAndStart();
  if (parts->server == nullptr || parts->port == 0) {
    return MakeError(absl::StatusCode::kUnavailable, "LISTEN_FAILED",
                     absl::StrCat("cannot listen on ", config.listen_address));
  }
  auto* health = parts->server->GetHealthCheckService();
  for (const char* name : kServiceNames) health->SetServingStatus(name, true);
  health->SetServingStatus(true);
  return std::unique_ptr<PlatformServer>(new PlatformServer(std::move(parts)));
}

PlatformServer::PlatformServer(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

PlatformServer::~PlatformServer() { Shutdown(); }

int PlatformServer::port() const { return parts_->port; }

void PlatformServer::Shutdown(absl::Duration grace) {
  if (parts_->shut_down) return;
  parts_->shut_down = true;
  parts_->server->GetHealthCheckService()->Shutdown();
  parts_->server->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  parts_->server->Wait();
  parts_->store.reset();
}

void PlatformServer::Wait() { parts_->server->Wait(); }

}  // namespace opendata
