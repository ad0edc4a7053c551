// Implementation of platform_server.h.
#include "services/platform_server.h"

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/calendar/calendar_file.h"
#include "engine/calendar_records.h"
#include "engine/deadlines/deadline_scheduler.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server_builder.h"
#include "jining/opendata/v1/audit_service.pb.h"
#include "services/admin_service.h"
#include "services/audit_service.h"
#include "services/auth/client_certificates.h"
#include "services/auth/jwks.h"
#include "services/auth/jwt_verifier.h"
#include "services/auth/key_file.h"
#include "services/catalog_services.h"
#include "services/credit_registry.h"
#include "services/rate_limiter.h"
#include "services/subject_key_cipher.h"
#include "services/transport_security.h"
#include "services/user_service.h"
#include "spdlog/spdlog.h"
#include "storage/checkpointer.h"
#include "storage/rocks_event_store.h"

namespace opendata {

struct PlatformServer::Parts {
  SystemClock system_clock;
  const Clock* clock = nullptr;
  std::unique_ptr<RocksEventStore> store;
  std::unique_ptr<SubjectKeyCipher> cipher;
  std::unique_ptr<CalendarSource> calendar;
  std::unique_ptr<CommandPipeline> pipeline;
  std::unique_ptr<CatalogQueries> queries;
  std::unique_ptr<DeadlineQueries> deadline_queries;
  std::unique_ptr<SupervisionQueries> supervision_queries;
  std::unique_ptr<PlanQueries> plan_queries;
  std::unique_ptr<OrganizationQueries> organization_queries;
  std::unique_ptr<OpenListQueries> open_list_queries;
  std::unique_ptr<ApplicationQueries> application_queries;
  std::unique_ptr<NotificationQueries> notification_queries;
  std::unique_ptr<ProductQueries> product_queries;
  std::unique_ptr<ObjectionQueries> objection_queries;
  std::unique_ptr<DemandQueries> demand_queries;
  std::unique_ptr<AccessQueries> access_queries;
  std::unique_ptr<WorkQueueQueries> work_queue_queries;
  std::unique_ptr<LocalCreditRegistry> credit_registry;
  std::unique_ptr<DeadlineScheduler> scheduler;
  std::string jwks_file;
  std::unique_ptr<auth::JwtVerifier> verifier;
  std::unique_ptr<Authenticator> authenticator;
  std::unique_ptr<auth::ClientCertificateMap> client_certificates;
  std::unique_ptr<RateLimiter> principal_limiter;
  std::unique_ptr<RateLimiter> auth_failure_limiter;
  std::unique_ptr<ServiceRuntime> runtime;
  std::unique_ptr<ProviderServiceImpl> provider;
  std::unique_ptr<ReviewerServiceImpl> reviewer;
  std::unique_ptr<QueryServiceImpl> query;
  std::unique_ptr<AdminServiceImpl> admin;
  std::unique_ptr<UserServiceImpl> user;
  std::unique_ptr<Checkpointer> checkpointer;
  std::unique_ptr<AuditServiceImpl> audit;
  // The scheduler thread and how it is stopped.
  std::thread scheduler_thread;
  std::mutex scheduler_mu;
  std::condition_variable scheduler_cv;
  bool stopping = false;
  std::unique_ptr<grpc::Server> server;
  int port = 0;
  bool shut_down = false;
};

namespace {

// The token verifier of the configuration: the JWKS's keys and, only when a
// key file is configured, the development HS256 key.
absl::StatusOr<std::unique_ptr<auth::JwtVerifier>> MakeVerifier(
    const PlatformServerConfig& config) {
  if (config.jwks_file.empty() && config.hs256_key_file.empty()) {
    return absl::FailedPreconditionError(
        "no bearer-token keys configured: give the identity provider's JWKS "
        "(--jwks-file) or, for local development, an HS256 key "
        "(--dev-hs256-key-file)");
  }
  auth::JwtVerifierOptions options;
  options.issuer = config.jwt_issuer;
  options.audience = config.jwt_audience;
  options.clock_skew = config.jwt_clock_skew;
  if (!config.hs256_key_file.empty()) {
    ASSIGN_OR_RETURN(options.hs256_key,
                     auth::ReadKeyFile(config.hs256_key_file));
    spdlog::warn("HS256 development tokens are accepted (key file {})",
                 config.hs256_key_file);
  }
  auth::Jwks jwks;
  if (!config.jwks_file.empty()) {
    ASSIGN_OR_RETURN(jwks, auth::ReadJwksFile(config.jwks_file));
    spdlog::info("JWKS {}: {} key(s)", config.jwks_file, jwks.keys.size());
  }
  return auth::JwtVerifier::Create(std::move(options), std::move(jwks));
}

// Services whose serving status the health service reports.
constexpr const char* kServiceNames[] = {
    "jining.opendata.v1.ProviderService", "jining.opendata.v1.ReviewerService",
    "jining.opendata.v1.QueryService",    "jining.opendata.v1.AdminService",
    "jining.opendata.v1.UserService",     "jining.opendata.v1.AuditService"};

// Builds the calendar in force from the log, then records the shipped years the
// log does not hold yet.
absl::Status InitCalendar(PlatformServer::Parts& parts,
                          const std::string& shipped_dir) {
  ASSIGN_OR_RETURN(
      std::vector<jining::opendata::v1::CalendarYearRecord> records,
      ReadCalendarRecords(*parts.store));
  ASSIGN_OR_RETURN(WorkingCalendar calendar, CalendarFromRecords(records));
  parts.calendar->Replace(std::move(calendar));
  ASSIGN_OR_RETURN(std::vector<jining::opendata::v1::CalendarYear> shipped,
                   ReadCalendarDir(shipped_dir));
  ASSIGN_OR_RETURN(
      SeedReport seeded,
      SeedCalendar(*parts.pipeline, *parts.store, shipped, parts.clock->Now()));
  if (!seeded.recorded.empty()) {
    spdlog::info("recorded shipped calendar years {}",
                 absl::StrJoin(seeded.recorded, ", "));
  }
  if (!seeded.differing.empty()) {
    spdlog::warn(
        "shipped calendar years {} differ from the recorded ones; the recorded "
        "ones stay in force "
        "(correct them with AdminService.LoadCalendarYear)",
        absl::StrJoin(seeded.differing, ", "));
  }
  return absl::OkStatus();
}

// The checkpoint signing key: the configured file, or the data dir's own key,
// created on first start.
absl::StatusOr<Ed25519Signer> LoadCheckpointKey(
    const PlatformServerConfig& config) {
  if (!config.checkpoint_key_file.empty())
    return LoadEd25519KeyFile(config.checkpoint_key_file,
                              /*create_if_missing=*/false);
  const std::string path = (std::filesystem::path(config.data_dir) / "keys" /
                            "checkpoint-ed25519.pem")
                               .string();
  return LoadEd25519KeyFile(path, /*create_if_missing=*/true);
}

// The master key of personal information: OPENDATA_MASTER_KEY, the
// configured file, or the data dir's own key, created on first start.
absl::StatusOr<std::string> LoadServerMasterKey(
    const PlatformServerConfig& config) {
  if (!config.master_key_file.empty())
    return LoadMasterKey(config.master_key_file, /*create_if_missing=*/false);
  return LoadMasterKey(
      (std::filesystem::path(config.data_dir) / "keys" / "master.key").string(),
      /*create_if_missing=*/true);
}

// Logs the outcome of a start-up or shutdown checkpoint; a failure does not
// stop the server (the audit reports what a missing checkpoint leaves open).
void LogCheckpointResult(
    const char* when,
    const absl::StatusOr<std::optional<jining::opendata::v1::SignedCheckpoint>>&
        made) {
  if (!made.ok()) {
    spdlog::error("{} checkpoint: {}", when, made.status().ToString());
  } else if (made->has_value()) {
    spdlog::info("{} checkpoint signed at tree size {}", when,
                 (*made)->tree_size());
  }
}

void SchedulerLoop(PlatformServer::Parts* parts, absl::Duration interval) {
  std::unique_lock<std::mutex> lock(parts->scheduler_mu);
  while (!parts->stopping) {
    lock.unlock();
    absl::StatusOr<int> fired = parts->scheduler->RunOnce();
    if (!fired.ok())
      spdlog::error("deadline scheduler: {}", fired.status().ToString());
    if (fired.ok() && *fired > 0)
      spdlog::info("deadline scheduler: {} deadline(s) recorded overdue",
                   *fired);
    lock.lock();
    parts->scheduler_cv.wait_for(lock, absl::ToChronoMilliseconds(interval),
                                 [&] { return parts->stopping; });
  }
}

absl::Status CheckLimits(const PlatformServerConfig& config) {
  auto bad = [](absl::string_view message) {
    return MakeError(absl::StatusCode::kInvalidArgument, "LIMITS_INVALID",
                     message);
  };
  if (config.max_receive_message_bytes <= 0 ||
      config.max_send_message_bytes <= 0)
    return bad("message size limits must be positive");
  for (const RateLimit* limit :
       {&config.principal_rate_limit, &config.auth_failure_rate_limit}) {
    if (limit->per_second < 0 || (limit->per_second > 0 && limit->burst < 1) ||
        limit->max_keys == 0)
      return bad(
          "a rate limit needs per_second >= 0, burst >= 1 and max_keys >= 1");
  }
  return absl::OkStatus();
}

// The client certificate map when client certificates are asked for.
absl::StatusOr<std::unique_ptr<auth::ClientCertificateMap>> LoadCertificateMap(
    const PlatformServerConfig& config) {
  if (config.tls_client_ca_file.empty()) {
    if (!config.client_cert_map_file.empty()) {
      return MakeError(absl::StatusCode::kInvalidArgument, "TLS_CONFIG_INVALID",
                       "--client-cert-map needs --tls-client-ca");
    }
    return nullptr;
  }
  if (config.client_cert_map_file.empty())
    return std::make_unique<auth::ClientCertificateMap>();
  ASSIGN_OR_RETURN(
      auth::ClientCertificateMap map,
      auth::ClientCertificateMap::Load(config.client_cert_map_file));
  spdlog::info("client certificate map {}: {} subject(s)",
               config.client_cert_map_file, map.size());
  return std::make_unique<auth::ClientCertificateMap>(std::move(map));
}

}  // namespace

absl::StatusOr<std::unique_ptr<PlatformServer>> PlatformServer::Start(
    const PlatformServerConfig& config) {
  auto parts = std::make_unique<Parts>();
  parts->clock = config.clock != nullptr ? config.clock : &parts->system_clock;
  // The transport and limits first, so that a bad configuration touches
  // nothing.
  RETURN_IF_ERROR(CheckLimits(config));
  TlsFiles tls;
  tls.cert_file = config.tls_cert_file;
  tls.key_file = config.tls_key_file;
  tls.client_ca_file = config.tls_client_ca_file;
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                   ServerCredentialsFor(tls, config.listen_address,
                                        config.allow_insecure_plaintext));
  ASSIGN_OR_RETURN(parts->client_certificates, LoadCertificateMap(config));
  parts->principal_limiter = std::make_unique<RateLimiter>(
      config.principal_rate_limit, parts->clock, "requests per principal");
  parts->auth_failure_limiter = std::make_unique<RateLimiter>(
      config.auth_failure_rate_limit, parts->clock,
      "failed authentications per peer");
  ASSIGN_OR_RETURN(parts->verifier, MakeVerifier(config));
  parts->jwks_file = config.jwks_file;
  RocksEventStoreOptions store_options;
  store_options.clock = parts->clock;
  ASSIGN_OR_RETURN(parts->store,
                   RocksEventStore::Open(config.data_dir, store_options));
  ASSIGN_OR_RETURN(std::string master_key, LoadServerMasterKey(config));
  parts->cipher = std::make_unique<SubjectKeyCipher>(
      parts->store.get(), std::move(master_key), parts->clock);
  parts->calendar = std::make_unique<CalendarSource>(WorkingCalendar());
  parts->pipeline = std::make_unique<CommandPipeline>(
      parts->store.get(), parts->calendar.get(), parts->cipher.get());
  RETURN_IF_ERROR(InitCalendar(*parts, config.calendar_dir));
  parts->queries = std::make_unique<CatalogQueries>(parts->store.get());
  parts->deadline_queries =
      std::make_unique<DeadlineQueries>(parts->store.get());
  parts->plan_queries = std::make_unique<PlanQueries>(parts->store.get());
  parts->organization_queries =
      std::make_unique<OrganizationQueries>(parts->store.get());
  parts->open_list_queries =
      std::make_unique<OpenListQueries>(parts->store.get());
  parts->application_queries = std::make_unique<ApplicationQueries>(
      parts->store.get(), parts->cipher.get());
  parts->notification_queries =
      std::make_unique<NotificationQueries>(parts->store.get());
  parts->product_queries = std::make_unique<ProductQueries>(parts->store.get());
  parts->access_queries = std::make_unique<AccessQueries>(parts->store.get());
  parts->objection_queries = std::make_unique<ObjectionQueries>(
      parts->store.get(), parts->cipher.get());
  parts->demand_queries =
      std::make_unique<DemandQueries>(parts->store.get(), parts->cipher.get());
  parts->supervision_queries =
      std::make_unique<SupervisionQueries>(parts->store.get());
  parts->work_queue_queries =
      std::make_unique<WorkQueueQueries>(parts->store.get());
  parts->credit_registry =
      std::make_unique<LocalCreditRegistry>(parts->store.get());
  parts->scheduler = std::make_unique<DeadlineScheduler>(
      parts->store.get(), parts->pipeline.get(), parts->clock);
  parts->authenticator =
      std::make_unique<Authenticator>(parts->verifier.get(), parts->clock);
  ServiceRuntime::Parts runtime_parts;
  runtime_parts.authenticator = parts->authenticator.get();
  runtime_parts.pipeline = parts->pipeline.get();
  runtime_parts.queries = parts->queries.get();
  runtime_parts.deadline_queries = parts->deadline_queries.get();
  runtime_parts.supervision_queries = parts->supervision_queries.get();
  runtime_parts.plan_queries = parts->plan_queries.get();
  runtime_parts.organization_queries = parts->organization_queries.get();
  runtime_parts.open_list_queries = parts->open_list_queries.get();
  runtime_parts.application_queries = parts->application_queries.get();
  runtime_parts.notification_queries = parts->notification_queries.get();
  runtime_parts.product_queries = parts->product_queries.get();
  runtime_parts.access_queries = parts->access_queries.get();
  runtime_parts.objection_queries = parts->objection_queries.get();
  runtime_parts.demand_queries = parts->demand_queries.get();
  runtime_parts.work_queue_queries = parts->work_queue_queries.get();
  runtime_parts.calendar = parts->calendar.get();
  runtime_parts.clock = parts->clock;
  runtime_parts.client_certificates = parts->client_certificates.get();
  if (parts->principal_limiter->enabled())
    runtime_parts.principal_limiter = parts->principal_limiter.get();
  if (parts->auth_failure_limiter->enabled())
    runtime_parts.auth_failure_limiter = parts->auth_failure_limiter.get();
  parts->runtime = std::make_unique<ServiceRuntime>(runtime_parts);
  parts->provider = std::make_unique<ProviderServiceImpl>(parts->runtime.get());
  parts->reviewer = std::make_unique<ReviewerServiceImpl>(parts->runtime.get());
  parts->query = std::make_unique<QueryServiceImpl>(parts->runtime.get());
  parts->admin = std::make_unique<AdminServiceImpl>(parts->runtime.get(),
                                                    parts->store.get());
  parts->user = std::make_unique<UserServiceImpl>(parts->runtime.get(),
                                                  parts->credit_registry.get());
  ASSIGN_OR_RETURN(Ed25519Signer checkpoint_key, LoadCheckpointKey(config));
  parts->checkpointer = std::make_unique<Checkpointer>(
      parts->store.get(), std::move(checkpoint_key), parts->clock);
  parts->audit = std::make_unique<AuditServiceImpl>(
      parts->runtime.get(), parts->store.get(), parts->checkpointer.get(),
      config.audit_heartbeat_interval);

  // Link the generated health descriptors so that reflection can describe
  // grpc.health.v1.Health.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.listen_address, credentials, &parts->port);
  builder.SetMaxReceiveMessageSize(config.max_receive_message_bytes);
  builder.SetMaxSendMessageSize(config.max_send_message_bytes);
  builder.RegisterService(parts->provider.get());
  builder.RegisterService(parts->reviewer.get());
  builder.RegisterService(parts->query.get());
  builder.RegisterService(parts->admin.get());
  builder.RegisterService(parts->user.get());
  builder.RegisterService(parts->audit.get());
  parts->server = builder.BuildAndStart();
  if (parts->server == nullptr || parts->port == 0) {
    return MakeError(absl::StatusCode::kUnavailable, "LISTEN_FAILED",
                     absl::StrCat("cannot listen on ", config.listen_address));
  }
  auto* health = parts->server->GetHealthCheckService();
  for (const char* name : kServiceNames) health->SetServingStatus(name, true);
  health->SetServingStatus(true);
  Parts* raw = parts.get();
  raw->scheduler_thread =
      std::thread(SchedulerLoop, raw, config.scheduler_interval);
  // Pin the log as found at start before the timer takes over.
  LogCheckpointResult("start-up", raw->checkpointer->CheckpointNow());
  raw->checkpointer->Start(
      config.checkpoint_interval, [](const absl::Status& status) {
        spdlog::error("checkpointer: {}", status.ToString());
      });
  return std::unique_ptr<PlatformServer>(new PlatformServer(std::move(parts)));
}

PlatformServer::PlatformServer(std::unique_ptr<Parts> parts)
    : parts_(std::move(parts)) {}

PlatformServer::~PlatformServer() { Shutdown(); }

int PlatformServer::port() const { return parts_->port; }

void PlatformServer::Shutdown(absl::Duration grace) {
  if (parts_->shut_down) return;
  parts_->shut_down = true;
  {
    std::lock_guard<std::mutex> lock(parts_->scheduler_mu);
    parts_->stopping = true;
  }
  parts_->scheduler_cv.notify_all();
  if (parts_->scheduler_thread.joinable()) parts_->scheduler_thread.join();
  parts_->checkpointer->Stop();
  // Open watches end on their next wake-up rather than run out the grace.
  parts_->runtime->BeginShutdown();
  parts_->server->GetHealthCheckService()->Shutdown();
  parts_->server->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  parts_->server->Wait();
  // Nothing commits any more: pin the final head, so that events cut from the
  // tail while the server is down are found by the audit.
  LogCheckpointResult("shutdown", parts_->checkpointer->CheckpointNow());
  parts_->store.reset();
}

void PlatformServer::Wait() { parts_->server->Wait(); }

absl::Status PlatformServer::ReloadJwks() {
  if (parts_->jwks_file.empty()) {
    return absl::FailedPreconditionError("no JWKS file is configured");
  }
  ASSIGN_OR_RETURN(auth::Jwks jwks, auth::ReadJwksFile(parts_->jwks_file));
  const size_t count = jwks.keys.size();
  RETURN_IF_ERROR(parts_->verifier->ReplaceKeys(std::move(jwks)));
  spdlog::info("JWKS {} reloaded: {} key(s)", parts_->jwks_file, count);
  return absl::OkStatus();
}

absl::StatusOr<int> PlatformServer::RunSchedulerOnce() {
  return parts_->scheduler->RunOnce();
}

absl::StatusOr<std::optional<jining::opendata::v1::SignedCheckpoint>>
PlatformServer::CheckpointNow() {
  return parts_->checkpointer->CheckpointNow();
}

}  // namespace opendata
