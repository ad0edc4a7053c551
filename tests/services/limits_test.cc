// Limits through a real server: an oversized request is RESOURCE_EXHAUSTED and
// records nothing; per-principal rate limits refuse with RATE_LIMITED,
// RetryInfo and QuotaFailure and refill with the (fake) clock; failed
// authentications throttle their peer; and calls racing tiny client deadlines
// leave each command whole or absent, with a retry of the same request id
// returning the original result when it did commit.
// Thread-safety: the deadline race calls from several threads; the fixture's
// RPC wrappers allow that.
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

// The details of a failed call.
google::rpc::Status DetailsOf(const grpc::Status& status) {
  google::rpc::Status rpc;
  REQUIRE(rpc.ParseFromString(status.error_details()));
  return rpc;
}

template <typename Detail>
bool FindDetail(const grpc::Status& status, Detail* out) {
  const google::rpc::Status details = DetailsOf(status);
  for (const auto& any : details.details()) {
    if (any.UnpackTo(out)) return true;
  }
  return false;
}

TEST_CASE("limits an oversized request is refused and records nothing",
          "[services][limits][message_size]") {
  FixtureOptions options;
  options.configure = [](PlatformServerConfig& config) {
    config.max_receive_message_bytes = 64 * 1024;
  };
  PlatformFixture f(options);
  const std::string provider = f.Bearer(kGajProvider);
  const uint64_t head = f.RecordedHead();
  pb::CreateCatalogEntryRequest create;
  create.set_request_id(f.FreshRequestId());
  create.set_catalog_entry_id("jn-gaj-big");
  *create.mutable_content() = ConditionalContent();
  create.mutable_content()->set_description(std::string(100 * 1024, 'x'));
  const grpc::Status big = f.Create(provider, create);
  INFO(Describe(big));
  CHECK(big.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  CHECK(f.RecordedHead() == head);
  CHECK(f.RecordedEvents("catalog-entry/jn-gaj-big").empty());
  // A request under the limit goes through.
  create.mutable_content()->set_description(std::string(1000, 'x'));
  const grpc::Status small = f.Create(provider, create);
  CHECK(small.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_CASE("limits requests per principal are rate limited",
          "[services][limits][rate]") {
  FixtureOptions options;
  options.configure = [](PlatformServerConfig& config) {
    config.principal_rate_limit = {/*per_second=*/1, /*burst=*/2,
                                   /*max_keys=*/100};
  };
  PlatformFixture f(options);
  const std::string provider = f.Bearer(kGajProvider);
  f.MustCreate(kGajProvider, "jn-gaj-001", ConditionalContent());
  pb::CatalogEntry entry;
  REQUIRE_OK(f.Get(provider, "jn-gaj-001", &entry));

  // The bucket (burst 2) is empty now: reads and writes are refused alike.
  const uint64_t head = f.RecordedHead();
  const grpc::Status read = f.Get(provider, "jn-gaj-001");
  INFO(Describe(read));
  CHECK(read.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  CHECK(DetailsMatchCode(read));
  CHECK(ErrorReason(read) == "RATE_LIMITED");
  google::rpc::RetryInfo retry;
  REQUIRE(FindDetail(read, &retry));
  CHECK(retry.retry_delay().seconds() == 1);
  CHECK(retry.retry_delay().nanos() == 0);
  google::rpc::QuotaFailure quota;
  REQUIRE(FindDetail(read, &quota));
  REQUIRE(quota.violations_size() == 1);
  CHECK(quota.violations(0).subject() == "principal:zhang.wei");

  pb::UpdateCatalogEntryRequest update;
  update.set_request_id(f.FreshRequestId());
  update.set_catalog_entry_id("jn-gaj-001");
  *update.mutable_content() = ConditionalContent();
  update.mutable_content()->set_name("改名");
  const grpc::Status write = f.Update(provider, update);
  CHECK(ErrorReason(write) == "RATE_LIMITED");
  CHECK(f.RecordedHead() == head);

  // Another principal has its own bucket.
  REQUIRE_OK(f.Get(f.Bearer(kCityReviewer), "jn-gaj-001"));

  // A second later one request is allowed again.
  f.clock().Advance(absl::Seconds(1));
  REQUIRE_OK(f.Get(provider, "jn-gaj-001"));
  CHECK(ErrorReason(f.Get(provider, "jn-gaj-001")) == "RATE_LIMITED");
}

TEST_CASE("limits failed authentications throttle their peer",
          "[services][limits][auth_failures]") {
  FixtureOptions options;
  options.configure = [](PlatformServerConfig& config) {
    config.auth_failure_rate_limit = {/*per_second=*/1, /*burst=*/3,
                                      /*max_keys=*/100};
  };
  PlatformFixture f(options);
  const std::string valid = f.Bearer(kGajProvider);
  // Valid calls cost nothing here.
  for (int i = 0; i < 5; ++i)
    CHECK(f.Get(valid, "jn-gaj-none").error_code() ==
          grpc::StatusCode::NOT_FOUND);
  for (int i = 0; i < 3; ++i) {
    INFO(i);
    const grpc::Status guess = f.Get("Bearer guess" + std::to_string(i), "x");
    CHECK(guess.error_code() == grpc::StatusCode::UNAUTHENTICATED);
  }
  // The host guessed too often: even a valid token waits.
  const grpc::Status throttled = f.Get(valid, "jn-gaj-none");
  INFO(Describe(throttled));
  CHECK(throttled.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
  CHECK(ErrorReason(throttled) == "RATE_LIMITED");
  google::rpc::QuotaFailure quota;
  REQUIRE(FindDetail(throttled, &quota));
  REQUIRE(quota.violations_size() == 1);
  CHECK_THAT(quota.violations(0).subject(), Catch::StartsWith("peer:ipv"));
  CHECK(ErrorReason(f.Get("", "x")) == "RATE_LIMITED");

  f.clock().Advance(absl::Seconds(1));
  const grpc::Status after = f.Get(valid, "jn-gaj-none");
  CHECK(after.error_code() == grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("limits a command cut off by its deadline is whole or absent",
          "[services][limits][deadline]") {
  PlatformFixture f;
  const std::string provider = f.Bearer(kGajProvider);
  constexpr int kEntries = 40;
  for (int i = 0; i < kEntries; ++i)
    f.MustCreate(kGajProvider, absl::StrCat("jn-gaj-d", i),
                 ConditionalContent());
  // What one submission records when it runs to the end.
  pb::SubmitCatalogEntryRequest control;
  control.set_request_id(f.FreshRequestId());
  control.set_catalog_entry_id("jn-gaj-d0");
  pb::SubmitCatalogEntryResponse control_response;
  REQUIRE_OK(f.Submit(provider, control, &control_response));
  const uint64_t events_per_submit =
      control_response.receipt().last_sequence() -
      control_response.receipt().first_sequence() + 1;
  REQUIRE(events_per_submit >= 2);
  const uint64_t before = f.RecordedHead();

  // Submit the others with deadlines from 0 to ~4 ms, from several threads,
  // straight through a stub so that the deadline is the test's.
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", f.port()),
                                     grpc::InsecureChannelCredentials());
  auto stub = pb::ProviderService::NewStub(channel);
  std::vector<grpc::StatusCode> codes(kEntries, grpc::StatusCode::OK);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 1 + t; i < kEntries; i += 4) {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() +
                             std::chrono::microseconds(100 * i));
        context.AddMetadata("authorization", provider);
        pb::SubmitCatalogEntryRequest submit;
        submit.set_request_id(absl::StrCat("deadline-race-", i));
        submit.set_catalog_entry_id(absl::StrCat("jn-gaj-d", i));
        pb::SubmitCatalogEntryResponse response;
        codes[i] =
            stub->SubmitCatalogEntry(&context, submit, &response).error_code();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  // A handler may still be running after its client gave up; a shutdown waits
  // for every one of them, so the log read below is final.
  stub.reset();
  channel.reset();
  f.StopServer();
  f.StartServer();
  for (int i = 1; i < kEntries; ++i) {
    INFO(i << " " << codes[i]);
    CHECK((codes[i] == grpc::StatusCode::OK ||
           codes[i] == grpc::StatusCode::DEADLINE_EXCEEDED ||
           codes[i] == grpc::StatusCode::CANCELLED));
  }
  // Every request id's events are all there or none of them is.
  std::map<std::string, std::vector<pb::EventEnvelope>> by_request;
  for (pb::EventEnvelope& e : f.RecordedEventsFrom(before + 1))
    by_request[e.request_id()].push_back(std::move(e));
  for (const auto& [request_id, events] : by_request) {
    INFO(request_id);
    CHECK(events.size() == events_per_submit);
  }
  // A retry with the same request id returns the original result if the
  // command committed, and commits it once if it did not.
  for (int i = 1; i < kEntries; ++i) {
    const std::string request_id = absl::StrCat("deadline-race-", i);
    INFO(request_id << " first " << codes[i]);
    pb::SubmitCatalogEntryRequest submit;
    submit.set_request_id(request_id);
    submit.set_catalog_entry_id(absl::StrCat("jn-gaj-d", i));
    pb::SubmitCatalogEntryResponse retried;
    REQUIRE_OK(f.Submit(provider, submit, &retried));
    auto committed = by_request.find(request_id);
    if (committed != by_request.end()) {
      CHECK(retried.receipt().replayed());
      CHECK(retried.receipt().first_sequence() ==
            committed->second.front().sequence());
    } else {
      CHECK_FALSE(retried.receipt().replayed());
      CHECK(codes[i] != grpc::StatusCode::OK);
    }
    CHECK(retried.catalog_entry().state() == pb::CATALOG_ENTRY_STATE_SUBMITTED);
  }
  // Each submission is in the log exactly once.
  std::map<std::string, int> counted;
  for (const pb::EventEnvelope& e : f.RecordedEventsFrom(before + 1))
    ++counted[e.request_id()];
  CHECK(counted.size() == kEntries - 1);
  for (const auto& [request_id, count] : counted) {
    INFO(request_id);
    CHECK(count == static_cast<int>(events_per_submit));
  }
}

}  // namespace
}  // namespace opendata::testing
