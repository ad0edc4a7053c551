// Implementation of platform_fixture.h.
#include "tests/services/platform_fixture.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "services/auth/hs256_jwt.h"
#include "services/auth/key_file.h"
#include "storage/rocks_event_store.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

// Deadline of every call the fixture makes.
constexpr auto kCallTimeout = std::chrono::seconds(10);

std::unique_ptr<grpc::ClientContext> NewContext(
    const std::string& authorization) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  if (!authorization.empty()) {
    context->AddMetadata("authorization", authorization);
  }
  return context;
}

}  // namespace

absl::Time FakeStart() { return At("2026-02-13T10:00:00+08:00"); }

absl::Time At(const std::string& rfc3339) {
  absl::Time t;
  std::string error;
  INFO(rfc3339);
  REQUIRE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &error));
  return t;
}

absl::Time TimeOf(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

google::protobuf::Timestamp StampOf(absl::Time t) {
  const int64_t micros = absl::ToUnixMicros(t);
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  google::protobuf::Timestamp ts;
  ts.set_seconds(seconds);
  ts.set_nanos(static_cast<int32_t>(rest) * 1000);
  return ts;
}

std::string BearerSignedWith(const std::string& key, const Identity& who,
                             absl::Time now, absl::Duration ttl) {
  auth::TokenClaims claims;
  claims.subject = who.subject;
  claims.role = who.role;
  claims.organization = who.organization;
  claims.level = who.level;
  claims.region = who.region;
  claims.person_type = who.person_type;
  claims.real_name_verified = who.role == "USER" && !who.real_name_unverified;
  claims.issued_at = now;
  claims.not_before = now;
  claims.expires_at = now + ttl;
  absl::StatusOr<std::string> token = auth::MintHs256(
      claims, key, auth::kDefaultIssuer, auth::kDefaultAudience);
  INFO(token.status().ToString());
  REQUIRE(token.ok());
  return absl::StrCat("Bearer ", *token);
}

PlatformFixture::PlatformFixture(absl::Time start, FixtureTokens tokens)
    : PlatformFixture(
          FixtureOptions{start, nullptr, nullptr, std::move(tokens)}) {}

PlatformFixture::PlatformFixture(FixtureOptions options)
    : options_(std::move(options)), clock_(options_.start) {
  REQUIRE_FALSE(dir_.path().empty());
  key_file_ = dir_.File("keys/dev-hs256.key");
  const absl::Status generated =
      auth::GenerateKeyFile(key_file_, /*overwrite=*/false);
  INFO(generated.ToString());
  REQUIRE(generated.ok());
  absl::StatusOr<std::string> key = auth::ReadKeyFile(key_file_);
  REQUIRE(key.ok());
  key_ = *key;
  StartServer();
  startup_head_ = RecordedHead();
}

PlatformFixture::~PlatformFixture() { StopServer(); }

void PlatformFixture::StartServer() {
  REQUIRE(server_ == nullptr);
  PlatformServerConfig config;
  config.listen_address = "127.0.0.1:0";
  config.data_dir = data_dir();
  if (options_.tokens.hs256) config.hs256_key_file = key_file_;
  config.jwks_file = options_.tokens.jwks_file;
  config.calendar_dir = OPENDATA_CALENDAR_DATA_DIR;
  config.clock = &clock_;
  config.scheduler_interval = kFixtureSchedulerInterval;
  config.audit_heartbeat_interval = kFixtureAuditHeartbeat;
  // Checkpoints are made at start and on demand (receipts, CheckpointNow()),
  // never by the timer, so what a test records does not depend on its speed.
  config.checkpoint_interval = kFixtureSchedulerInterval;
  // The clock stands still, so a bucket would never refill.
  config.principal_rate_limit.per_second = 0;
  config.auth_failure_rate_limit.per_second = 0;
  if (options_.configure) options_.configure(config);
  absl::StatusOr<std::unique_ptr<PlatformServer>> server =
      PlatformServer::Start(config);
  INFO(server.status().ToString());
  REQUIRE(server.ok());
  server_ = *std::move(server);
  REQUIRE(server_->port() > 0);

  channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                 options_.channel_credentials != nullptr
                                     ? options_.channel_credentials
                                     : grpc::InsecureChannelCredentials());
  provider_ = pb::ProviderService::NewStub(channel_);
  reviewer_ = pb::ReviewerService::NewStub(channel_);
  query_ = pb::QueryService::NewStub(channel_);
  admin_ = pb::AdminService::NewStub(channel_);
  health_ = grpc::health::v1::Health::NewStub(channel_);
}

void PlatformFixture::StopServer() {
  // The stubs and channel go first, so that shutdown need not wait for them.
  provider_.reset();
  reviewer_.reset();
  query_.reset();
  admin_.reset();
  health_.reset();
  channel_.reset();
  if (server_ != nullptr) server_->Shutdown(absl::Seconds(2));
  server_.reset();
}

int PlatformFixture::RunSchedulerOnceUnchecked() {
  absl::StatusOr<int> fired = server_->RunSchedulerOnce();
  return fired.ok() ? *fired : -1;
}

std::string PlatformFixture::NextSecondaryDir() {
  return dir_.File(absl::StrCat("secondary-", next_secondary_++));
}

uint64_t PlatformFixture::RecordedHead() {
  auto store = RocksEventStore::OpenForAudit(data_dir(), NextSecondaryDir());
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return (*store)->LastSequence();
}

std::vector<pb::EventEnvelope> PlatformFixture::RecordedEvents(
    const std::string& stream_id) {
  auto store = RocksEventStore::OpenForAudit(data_dir(), NextSecondaryDir());
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  auto events = (*store)->ReadStream(stream_id, 1, 1 << 20);
  INFO(events.status().ToString());
  REQUIRE(events.ok());
  std::vector<pb::EventEnvelope> out;
  for (const RecordedEvent& e : *events) out.push_back(e.envelope);
  return out;
}

std::vector<pb::EventEnvelope> PlatformFixture::RecordedEventsFrom(
    uint64_t from_sequence) {
  auto store = RocksEventStore::OpenForAudit(data_dir(), NextSecondaryDir());
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  auto events = (*store)->ReadAll(from_sequence, 1 << 20);
  INFO(events.status().ToString());
  REQUIRE(events.ok());
  std::vector<pb::EventEnvelope> out;
  for (const RecordedEvent& e : *events) out.push_back(e.envelope);
  return out;
}

int PlatformFixture::RunSchedulerOnce() {
  REQUIRE(server_ != nullptr);
  absl::StatusOr<int> fired = server_->RunSchedulerOnce();
  INFO(fired.status().ToString());
  REQUIRE(fired.ok());
  return *fired;
}

std::string PlatformFixture::Bearer(const Identity& who,
                                    absl::Duration ttl) const {
  return BearerSignedWith(key_, who, clock_.Now(), ttl);
}

grpc::Status PlatformFixture::Create(
    const std::string& authorization,
    const pb::CreateCatalogEntryRequest& request,
    pb::CreateCatalogEntryResponse* out) {
  pb::CreateCatalogEntryResponse ignored;
  auto context = NewContext(authorization);
  return provider_->CreateCatalogEntry(context.get(), request,
                                       out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::Update(
    const std::string& authorization,
    const pb::UpdateCatalogEntryRequest& request,
    pb::UpdateCatalogEntryResponse* out) {
  pb::UpdateCatalogEntryResponse ignored;
  auto context = NewContext(authorization);
  return provider_->UpdateCatalogEntry(context.get(), request,
                                       out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::Submit(
    const std::string& authorization,
    const pb::SubmitCatalogEntryRequest& request,
    pb::SubmitCatalogEntryResponse* out) {
  pb::SubmitCatalogEntryResponse ignored;
  auto context = NewContext(authorization);
  return provider_->SubmitCatalogEntry(context.get(), request,
                                       out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::Publish(
    const std::string& authorization,
    const pb::PublishCatalogEntryRequest& request,
    pb::PublishCatalogEntryResponse* out) {
  pb::PublishCatalogEntryResponse ignored;
  auto context = NewContext(authorization);
  return reviewer_->PublishCatalogEntry(context.get(), request,
                                        out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::Return(
    const std::string& authorization,
    const pb::ReturnCatalogEntryRequest& request,
    pb::ReturnCatalogEntryResponse* out) {
  pb::ReturnCatalogEntryResponse ignored;
  auto context = NewContext(authorization);
  return reviewer_->ReturnCatalogEntry(context.get(), request,
                                       out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::Get(const std::string& authorization,
                                  const std::string& catalog_entry_id,
                                  pb::CatalogEntry* out) {
  pb::GetCatalogEntryRequest request;
  request.set_catalog_entry_id(catalog_entry_id);
  pb::CatalogEntry ignored;
  auto context = NewContext(authorization);
  return query_->GetCatalogEntry(context.get(), request,
                                 out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::List(const std::string& authorization,
                                   const pb::ListCatalogEntriesRequest& request,
                                   pb::ListCatalogEntriesResponse* out) {
  pb::ListCatalogEntriesResponse ignored;
  auto context = NewContext(authorization);
  return query_->ListCatalogEntries(context.get(), request,
                                    out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::Pending(
    const std::string& authorization,
    const pb::ListPendingReviewsRequest& request,
    pb::ListPendingReviewsResponse* out) {
  pb::ListPendingReviewsResponse ignored;
  auto context = NewContext(authorization);
  return query_->ListPendingReviews(context.get(), request,
                                    out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::Deadlines(const std::string& authorization,
                                        const pb::ListDeadlinesRequest& request,
                                        pb::ListDeadlinesResponse* out) {
  pb::ListDeadlinesResponse ignored;
  auto context = NewContext(authorization);
  return query_->ListDeadlines(context.get(), request,
                               out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::RequestTakedown(
    const std::string& authorization, const pb::RequestTakedownRequest& request,
    pb::RequestTakedownResponse* out) {
  pb::RequestTakedownResponse ignored;
  auto context = NewContext(authorization);
  return provider_->RequestTakedown(context.get(), request,
                                    out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::ApproveTakedown(
    const std::string& authorization, const pb::ApproveTakedownRequest& request,
    pb::ApproveTakedownResponse* out) {
  pb::ApproveTakedownResponse ignored;
  auto context = NewContext(authorization);
  return reviewer_->ApproveTakedown(context.get(), request,
                                    out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::RefuseTakedown(
    const std::string& authorization, const pb::RefuseTakedownRequest& request,
    pb::RefuseTakedownResponse* out) {
  pb::RefuseTakedownResponse ignored;
  auto context = NewContext(authorization);
  return reviewer_->RefuseTakedown(context.get(), request,
                                   out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::TakeDownForQuality(
    const std::string& authorization,
    const pb::TakeDownForQualityRequest& request,
    pb::TakeDownForQualityResponse* out) {
  pb::TakeDownForQualityResponse ignored;
  auto context = NewContext(authorization);
  return reviewer_->TakeDownForQuality(context.get(), request,
                                       out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::ReportRemediation(
    const std::string& authorization,
    const pb::ReportRemediationRequest& request,
    pb::ReportRemediationResponse* out) {
  pb::ReportRemediationResponse ignored;
  auto context = NewContext(authorization);
  return provider_->ReportRemediation(context.get(), request,
                                      out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::AcceptRemediation(
    const std::string& authorization,
    const pb::AcceptRemediationRequest& request,
    pb::AcceptRemediationResponse* out) {
  pb::AcceptRemediationResponse ignored;
  auto context = NewContext(authorization);
  return reviewer_->AcceptRemediation(context.get(), request,
                                      out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::ListTakedownNotices(
    const std::string& authorization,
    const pb::ListTakedownNoticesRequest& request,
    pb::ListTakedownNoticesResponse* out) {
  pb::ListTakedownNoticesResponse ignored;
  auto context = NewContext(authorization);
  return query_->ListTakedownNotices(context.get(), request,
                                     out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::LoadCalendarYear(
    const std::string& authorization,
    const pb::LoadCalendarYearRequest& request,
    pb::LoadCalendarYearResponse* out) {
  pb::LoadCalendarYearResponse ignored;
  auto context = NewContext(authorization);
  return admin_->LoadCalendarYear(context.get(), request,
                                  out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::ListCalendarYears(
    const std::string& authorization, pb::ListCalendarYearsResponse* out) {
  pb::ListCalendarYearsResponse ignored;
  auto context = NewContext(authorization);
  return admin_->ListCalendarYears(context.get(), {},
                                   out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::AddWorkingDays(
    const std::string& authorization, const pb::AddWorkingDaysRequest& request,
    pb::AddWorkingDaysResponse* out) {
  pb::AddWorkingDaysResponse ignored;
  auto context = NewContext(authorization);
  return admin_->AddWorkingDays(context.get(), request,
                                out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::CountWorkingDays(
    const std::string& authorization,
    const pb::CountWorkingDaysRequest& request,
    pb::CountWorkingDaysResponse* out) {
  pb::CountWorkingDaysResponse ignored;
  auto context = NewContext(authorization);
  return admin_->CountWorkingDays(context.get(), request,
                                  out != nullptr ? out : &ignored);
}

grpc::Status PlatformFixture::HealthCheck(
    const std::string& service, grpc::health::v1::HealthCheckResponse* out) {
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  auto context = NewContext("");
  return health_->Check(context.get(), request, out);
}

std::string PlatformFixture::FreshRequestId() {
  return absl::StrCat("fixture-", next_request_.fetch_add(1));
}

pb::CatalogEntry PlatformFixture::MustCreate(
    const Identity& who, const std::string& id,
    const pb::CatalogEntryContent& content) {
  pb::CreateCatalogEntryRequest request;
  request.set_request_id(FreshRequestId());
  request.set_catalog_entry_id(id);
  *request.mutable_content() = content;
  pb::CreateCatalogEntryResponse response;
  INFO("create " << id << " as " << who.subject);
  REQUIRE_OK(Create(Bearer(who), request, &response));
  return response.catalog_entry();
}

pb::CatalogEntry PlatformFixture::MustUpdate(
    const Identity& who, const std::string& id,
    const pb::CatalogEntryContent& content) {
  pb::UpdateCatalogEntryRequest request;
  request.set_request_id(FreshRequestId());
  request.set_catalog_entry_id(id);
  *request.mutable_content() = content;
  pb::UpdateCatalogEntryResponse response;
  INFO("update " << id << " as " << who.subject);
  REQUIRE_OK(Update(Bearer(who), request, &response));
  return response.catalog_entry();
}

pb::CatalogEntry PlatformFixture::MustSubmit(const Identity& who,
                                             const std::string& id) {
  pb::SubmitCatalogEntryRequest request;
  request.set_request_id(FreshRequestId());
  request.set_catalog_entry_id(id);
  pb::SubmitCatalogEntryResponse response;
  INFO("submit " << id << " as " << who.subject);
  REQUIRE_OK(Submit(Bearer(who), request, &response));
  return response.catalog_entry();
}

pb::CatalogEntry PlatformFixture::MustPublish(const Identity& who,
                                              const std::string& id) {
  pb::PublishCatalogEntryRequest request;
  request.set_request_id(FreshRequestId());
  request.set_catalog_entry_id(id);
  pb::PublishCatalogEntryResponse response;
  INFO("publish " << id << " as " << who.subject);
  REQUIRE_OK(Publish(Bearer(who), request, &response));
  return response.catalog_entry();
}

pb::CatalogEntry PlatformFixture::MustReturn(const Identity& who,
                                             const std::string& id,
                                             const std::string& field) {
  pb::ReturnCatalogEntryRequest request;
  request.set_request_id(FreshRequestId());
  request.set_catalog_entry_id(id);
  auto* defect = request.add_defects();
  defect->set_field(field);
  defect->set_reason("请补充说明");
  pb::ReturnCatalogEntryResponse response;
  INFO("return " << id << " as " << who.subject);
  REQUIRE_OK(Return(Bearer(who), request, &response));
  return response.catalog_entry();
}

pb::CatalogEntry PlatformFixture::MustGet(const Identity& who,
                                          const std::string& id) {
  pb::CatalogEntry entry;
  INFO("get " << id << " as " << who.subject);
  REQUIRE_OK(Get(Bearer(who), id, &entry));
  return entry;
}

std::vector<pb::DeadlineStatus> PlatformFixture::MustListDeadlines(
    const Identity& who, pb::ListDeadlinesRequest request) {
  std::vector<pb::DeadlineStatus> all;
  const std::string bearer = Bearer(who);
  // More pages than deadlines means the tokens do not advance.
  for (int page = 0; page < 100; ++page) {
    pb::ListDeadlinesResponse response;
    INFO("list deadlines as " << who.subject << ", page " << page);
    REQUIRE_OK(Deadlines(bearer, request, &response));
    for (const auto& d : response.deadlines()) all.push_back(d);
    if (response.next_page_token().empty()) return all;
    request.set_page_token(response.next_page_token());
  }
  FAIL("ListDeadlines page tokens never ended");
  return all;
}

pb::DeadlineStatus PlatformFixture::MustGetDeadline(
    const std::string& deadline_id) {
  for (const pb::DeadlineStatus& d : MustListDeadlines(kOperator)) {
    if (d.deadline().deadline_id() == deadline_id) return d;
  }
  FAIL("no deadline " << deadline_id);
  return {};
}

uint64_t PlatformFixture::ProbeSequence() {
  pb::CreateCatalogEntryRequest request;
  request.set_request_id(FreshRequestId());
  request.set_catalog_entry_id(
      absl::StrCat("probe-", next_probe_.fetch_add(1)));
  *request.mutable_content() = UnconditionalContent();
  pb::CreateCatalogEntryResponse response;
  REQUIRE_OK(Create(Bearer(kGajProvider), request, &response));
  REQUIRE(response.receipt().first_sequence() ==
          response.receipt().last_sequence());
  return response.receipt().first_sequence();
}

}  // namespace opendata::testing
