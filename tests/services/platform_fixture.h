// PlatformFixture: one real opendata::PlatformServer per test, in-process on
// 127.0.0.1:0 with a fresh temp data dir, a generated HS256 key file, the
// shipped calendar and a FakeClock standing at 2026-02-13T10:00:00+08:00 (the
// Friday before the 2026 Spring Festival), plus stubs over a real channel,
// bearer tokens for the test identities, and one-line wrappers for every RPC.
// Construction REQUIREs that the server started. Thread-safety: one fixture per
// test case; the RPC wrappers may be called from several threads.
#ifndef OPENDATA_TESTS_SERVICES_PLATFORM_FIXTURE_H_
#define OPENDATA_TESTS_SERVICES_PLATFORM_FIXTURE_H_

#include <atomic>
#include <memory>
#include <string>

#include "absl/time/clock.h"  // common/clock.h uses absl::Now() without including it.
#include "absl/time/time.h"
#include "common/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/channel.h"
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

// 2026-02-13T10:00:00+08:00, where every fixture's clock starts.
absl::Time FakeStart();

// The instant `rfc3339` (e.g. "2026-02-24T23:59:59+08:00"); fails the test if
// it does not parse.
absl::Time At(const std::string& rfc3339);

// Converts a Timestamp to absl::Time.
absl::Time TimeOf(const google::protobuf::Timestamp& ts);

// "Bearer <jwt>" for `who`, signed HS256 with `key`, valid from `now` for
// `ttl`.
std::string BearerSignedWith(const std::string& key, const Identity& who,
                             absl::Time now, absl::Duration ttl);

class PlatformFixture {
 public:
  PlatformFixture();
  ~PlatformFixture();
  PlatformFixture(const PlatformFixture&) = delete;
  PlatformFixture& operator=(const PlatformFixture&) = delete;

  FakeClock& clock() { return clock_; }
  int port() const { return server_->port(); }

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

  // Creates a fresh entry and returns the sequence its event got. Every event
  // recorded before has a lower sequence, so comparing two probes shows how
  // many events were recorded between them.
  uint64_t ProbeSequence();

  // A request id not used before in this fixture.
  std::string FreshRequestId();

 private:
  TempDir dir_;
  FakeClock clock_;
  std::string key_;
  std::unique_ptr<PlatformServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<pb::ProviderService::Stub> provider_;
  std::unique_ptr<pb::ReviewerService::Stub> reviewer_;
  std::unique_ptr<pb::QueryService::Stub> query_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
  std::atomic<int> next_request_ = 0;
  std::atomic<int> next_probe_ = 0;
};

}  // namespace opendata::testing

#endif  // OPENDATA_TESTS_SERVICES_PLATFORM_FIXTURE_H_
