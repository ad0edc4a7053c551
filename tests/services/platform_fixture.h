// PlatformFixture: one real opendata::PlatformServer per test, in-process on
// 127.0.0.1:0 with a fresh temp data dir, a generated HS256 key file, the
// shipped calendar and a FakeClock standing at 2026-02-13T10:00:00+08:00 (the
// Friday before the 2026 Spring Festival) unless told otherwise, plus stubs
// over a real channel, bearer tokens for the test identities, one-line
// wrappers for every RPC, the deadline scheduler on demand, a stop / restart
// on the same data dir, and a read-only look at the recorded log (a RocksDB
// secondary instance beside the server). The server's background scheduler
// runs every kFixtureSchedulerInterval (real time), so in a test it only makes
// its start-up pass; tests fire due deadlines with RunSchedulerOnce(). The
// checkpointer likewise signs at start and on demand only.
// Construction REQUIREs that the server started. Thread-safety: one fixture per
// test case; the RPC wrappers may be called from several threads, Stop/Start
// and the log readers from the test's thread only.
#ifndef OPENDATA_TESTS_SERVICES_PLATFORM_FIXTURE_H_
#define OPENDATA_TESTS_SERVICES_PLATFORM_FIXTURE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"  // common/clock.h uses absl::Now() without including it.
#include "absl/time/time.h"
#include "common/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/security/credentials.h"
#include "jining/opendata/v1/admin_service.grpc.pb.h"
#include "jining/opendata/v1/events.pb.h"
#include "jining/opendata/v1/provider_service.grpc.pb.h"
#include "jining/opendata/v1/query_service.grpc.pb.h"
#include "jining/opendata/v1/reviewer_service.grpc.pb.h"
#include "services/platform_server.h"
#include "tests/services/temp_dir.h"

namespace opendata::testing {

namespace pb = ::jining::opendata::v1;

// Who a token speaks for (the JWT claims of services/auth/token_claims.h).
struct Identity {
  std::string subject;
  std::string role;
  std::string organization;
  std::string level;
  std::string region;
  std::string person_type;  // USER only.
  // USER only: the token says the real name is NOT verified (claim rnv false).
  bool real_name_unverified = false;
};

// A provider at the city public security bureau (市公安局).
inline const Identity kGajProvider{"zhang.wei", "PROVIDER", "jn-gaj",
                                   "CITY",      "3708",     ""};
// A provider at the city transport bureau (市交通运输局).
inline const Identity kJtjProvider{"wang.fang", "PROVIDER", "jn-jtj",
                                   "CITY",      "3708",     ""};
// A provider at the public security bureau of 任城区 (370811).
inline const Identity kRenchengProvider{"zhao.lei", "PROVIDER", "rc-gaj",
                                        "COUNTY",   "370811",   ""};
// The city big-data bureau's reviewer (市大数据局).
inline const Identity kCityReviewer{"li.na", "REVIEWER", "jn-dsjj",
                                    "CITY",  "3708",     ""};
// The big-data department of 任城区 (370811).
inline const Identity kRenchengReviewer{"sun.li", "REVIEWER", "rc-dsjj",
                                        "COUNTY", "370811",   ""};
// The big-data department of 邹城市 (370883).
inline const Identity kZouchengReviewer{"zhou.min", "REVIEWER", "zc-dsjj",
                                        "COUNTY",   "370883",   ""};
// A citizen using data.
inline const Identity kCitizen{"citizen.1", "USER", "person",
                               "CITY",      "3708", "NATURAL"};
// A platform operator at the city big-data bureau (calendar administration).
inline const Identity kOperator{"chen.jie", "OPERATOR", "jn-dsjj-ops",
                                "CITY",     "3708",     ""};
// An auditor with read-only oversight.
inline const Identity kAuditor{"gao.yan", "AUDITOR", "jn-sjj",
                               "CITY",    "3708",    ""};

// How often the fixture's server runs its background deadline scheduler: long
// enough that within a test it only makes its start-up pass.
inline constexpr absl::Duration kFixtureSchedulerInterval = absl::Hours(1);

// How often the fixture's server sends AuditService.SubscribeLog heartbeats:
// short, so that a test sees several in a second.
inline constexpr absl::Duration kFixtureAuditHeartbeat =
    absl::Milliseconds(300);

// 2026-02-13T10:00:00+08:00, where every fixture's clock starts.
absl::Time FakeStart();

// The instant `rfc3339` (e.g. "2026-02-24T23:59:59+08:00"); fails the test if
// it does not parse.
absl::Time At(const std::string& rfc3339);

// Converts a Timestamp to absl::Time.
absl::Time TimeOf(const google::protobuf::Timestamp& ts);

// Converts absl::Time (whole microseconds) to a Timestamp.
google::protobuf::Timestamp StampOf(absl::Time t);

// "Bearer <jwt>" for `who`, signed HS256 with `key`, valid from `now` for
// `ttl`.
std::string BearerSignedWith(const std::string& key, const Identity& who,
                             absl::Time now, absl::Duration ttl);

// Which bearer-token keys the fixture's server accepts.
struct FixtureTokens {
  // JWKS file for RS256/ES256 tokens (PlatformServerConfig::jwks_file); empty:
  // none.
  std::string jwks_file;
  // Whether the generated HS256 key is configured (Bearer() signs with it).
  bool hs256 = true;
};

// How a fixture's server and channel differ from the defaults (plaintext on
// 127.0.0.1, default message sizes, rate limits off so that the suite, whose
// clock stands still, is never throttled).
struct FixtureOptions {
  // Where the fake clock starts.
  absl::Time start = FakeStart();
  // Changes the server configuration before every start (TLS, limits).
  std::function<void(PlatformServerConfig&)> configure;
  // Credentials of the fixture's own channel (to 127.0.0.1:port); nullptr:
  // plaintext.
  std::shared_ptr<grpc::ChannelCredentials> channel_credentials;
  // Which bearer-token keys the server accepts.
  FixtureTokens tokens;
};

class PlatformFixture {
 public:
  // Starts the server with the fake clock at `start`, accepting HS256 tokens
  // signed with a generated key (and RS256/ES256 tokens of tokens.jwks_file).
  explicit PlatformFixture(absl::Time start = FakeStart(),
                           FixtureTokens tokens = {});
  // Starts the server as `options` say.
  explicit PlatformFixture(FixtureOptions options);
  ~PlatformFixture();
  PlatformFixture(const PlatformFixture&) = delete;
  PlatformFixture& operator=(const PlatformFixture&) = delete;

  FakeClock& clock() { return clock_; }
  int port() const { return server_->port(); }
  // The fresh data dir the server keeps its store in.
  std::string data_dir() const { return dir_.File("data"); }

  // Shuts the server down (in-flight calls finish); the data dir stays. RPC
  // wrappers must not be called until StartServer().
  void StopServer();
  // Starts a new server on the same data dir, key and clock (REQUIREs success).
  void StartServer();

  // Re-reads the JWKS file (PlatformServer::ReloadJwks).
  absl::Status ReloadJwks() { return server_->ReloadJwks(); }

  // Sequence of the last event in the log once the first server had started:
  // what the platform recorded on its own (the shipped calendar years).
  uint64_t startup_head() const { return startup_head_; }
  // Sequence of the last event in the log now, read from disk.
  uint64_t RecordedHead();
  // Every recorded event of `stream_id`, in order, read from disk.
  std::vector<pb::EventEnvelope> RecordedEvents(const std::string& stream_id);
  // Every recorded event with sequence >= `from_sequence`, read from disk.
  std::vector<pb::EventEnvelope> RecordedEventsFrom(uint64_t from_sequence);

  // Runs the deadline scheduler once at the fake clock's now; REQUIREs success
  // and returns how many deadlines it newly recorded overdue.
  int RunSchedulerOnce();
  // The same without Catch2 assertions, for other threads: -1 on error.
  int RunSchedulerOnceUnchecked();

  // "Bearer <jwt>" for `who`, signed with the server's key, issued at the fake
  // clock's now.
  std::string Bearer(const Identity& who,
                     absl::Duration ttl = absl::Hours(24 * 30)) const;

  // The RPCs. `authorization` is the whole metadata value ("Bearer ..."); empty
  // sends no authorization header. Every call has a 10 s deadline. `out` may be
  // null.
  grpc::Status Create(const std::string& authorization,
                      const pb::CreateCatalogEntryRequest& request,
                      pb::CreateCatalogEntryResponse* out = nullptr);
  grpc::Status Update(const std::string& authorization,
                      const pb::UpdateCatalogEntryRequest& request,
                      pb::UpdateCatalogEntryResponse* out = nullptr);
  grpc::Status Submit(const std::string& authorization,
                      const pb::SubmitCatalogEntryRequest& request,
                      pb::SubmitCatalogEntryResponse* out = nullptr);
  grpc::Status Publish(const std::string& authorization,
                       const pb::PublishCatalogEntryRequest& request,
                       pb::PublishCatalogEntryResponse* out = nullptr);
  grpc::Status Return(const std::string& authorization,
                      const pb::ReturnCatalogEntryRequest& request,
                      pb::ReturnCatalogEntryResponse* out = nullptr);
  grpc::Status Get(const std::string& authorization,
                   const std::string& catalog_entry_id,
                   pb::CatalogEntry* out = nullptr);
  grpc::Status List(const std::string& authorization,
                    const pb::ListCatalogEntriesRequest& request,
                    pb::ListCatalogEntriesResponse* out = nullptr);
  grpc::Status Pending(const std::string& authorization,
                       const pb::ListPendingReviewsRequest& request,
                       pb::ListPendingReviewsResponse* out = nullptr);
  grpc::Status Deadlines(const std::string& authorization,
                         const pb::ListDeadlinesRequest& request,
                         pb::ListDeadlinesResponse* out = nullptr);
  // The takedown workflow (Art. 14).
  grpc::Status RequestTakedown(const std::string& authorization,
                               const pb::RequestTakedownRequest& request,
                               pb::RequestTakedownResponse* out = nullptr);
  grpc::Status ApproveTakedown(const std::string& authorization,
                               const pb::ApproveTakedownRequest& request,
                               pb::ApproveTakedownResponse* out = nullptr);
  grpc::Status RefuseTakedown(const std::string& authorization,
                              const pb::RefuseTakedownRequest& request,
                              pb::RefuseTakedownResponse* out = nullptr);
  grpc::Status TakeDownForQuality(
      const std::string& authorization,
      const pb::TakeDownForQualityRequest& request,
      pb::TakeDownForQualityResponse* out = nullptr);
  grpc::Status ReportRemediation(const std::string& authorization,
                                 const pb::ReportRemediationRequest& request,
                                 pb::ReportRemediationResponse* out = nullptr);
  grpc::Status AcceptRemediation(const std::string& authorization,
                                 const pb::AcceptRemediationRequest& request,
                                 pb::AcceptRemediationResponse* out = nullptr);
  grpc::Status ListTakedownNotices(
      const std::string& authorization,
      const pb::ListTakedownNoticesRequest& request,
      pb::ListTakedownNoticesResponse* out = nullptr);
  grpc::Status LoadCalendarYear(const std::string& authorization,
                                const pb::LoadCalendarYearRequest& request,
                                pb::LoadCalendarYearResponse* out = nullptr);
  grpc::Status ListCalendarYears(const std::string& authorization,
                                 pb::ListCalendarYearsResponse* out = nullptr);
  grpc::Status AddWorkingDays(const std::string& authorization,
                              const pb::AddWorkingDaysRequest& request,
                              pb::AddWorkingDaysResponse* out = nullptr);
  grpc::Status CountWorkingDays(const std::string& authorization,
                                const pb::CountWorkingDaysRequest& request,
                                pb::CountWorkingDaysResponse* out = nullptr);
  grpc::Status HealthCheck(const std::string& service,
                           grpc::health::v1::HealthCheckResponse* out);

  // Shortcuts that REQUIRE success, with fresh request ids.
  pb::CatalogEntry MustCreate(const Identity& who, const std::string& id,
                              const pb::CatalogEntryContent& content);
  pb::CatalogEntry MustUpdate(const Identity& who, const std::string& id,
                              const pb::CatalogEntryContent& content);
  pb::CatalogEntry MustSubmit(const Identity& who, const std::string& id);
  pb::CatalogEntry MustPublish(const Identity& who, const std::string& id);
  pb::CatalogEntry MustReturn(const Identity& who, const std::string& id,
                              const std::string& field);
  pb::CatalogEntry MustGet(const Identity& who, const std::string& id);
  // Every deadline `who` sees through ListDeadlines with `request` (all pages).
  std::vector<pb::DeadlineStatus> MustListDeadlines(
      const Identity& who, pb::ListDeadlinesRequest request = {});
  // The one deadline with `deadline_id` as an operator sees it (REQUIREs it).
  pb::DeadlineStatus MustGetDeadline(const std::string& deadline_id);

  // Creates a fresh entry and returns the sequence its event got. Every event
  // recorded before has a lower sequence, so comparing two probes shows how
  // many events were recorded between them.
  uint64_t ProbeSequence();

  // A request id not used before in this fixture.
  std::string FreshRequestId();

 private:
  // A fresh scratch dir for one RocksDB secondary instance.
  std::string NextSecondaryDir();

  FixtureOptions options_;
  TempDir dir_;
  FakeClock clock_;
  std::string key_file_;
  std::string key_;
  std::unique_ptr<PlatformServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<pb::ProviderService::Stub> provider_;
  std::unique_ptr<pb::ReviewerService::Stub> reviewer_;
  std::unique_ptr<pb::QueryService::Stub> query_;
  std::unique_ptr<pb::AdminService::Stub> admin_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
  uint64_t startup_head_ = 0;
  std::atomic<int> next_request_ = 0;
  std::atomic<int> next_probe_ = 0;
  int next_secondary_ = 0;
};

}  // namespace opendata::testing

#endif  // OPENDATA_TESTS_SERVICES_PLATFORM_FIXTURE_H_
