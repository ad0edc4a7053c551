// Unit tests of services/rate_limiter.h with a FakeClock: the burst, the
// refusal with RATE_LIMITED, RetryInfo and QuotaFailure, the refill, Check
// taking nothing, the bound on memory and the "off" setting.
// Thread-safety: single-threaded tests.
#include "services/rate_limiter.h"

#include <catch2/catch.hpp>

#include "common/errors.h"
#include "google/rpc/error_details.pb.h"
#include "tests/services/platform_fixture.h"

namespace opendata::testing {
namespace {

absl::Duration RetryDelayOf(const absl::Status& status) {
  auto payload = status.GetPayload("type.googleapis.com/google.rpc.RetryInfo");
  REQUIRE(payload.has_value());
  google::rpc::RetryInfo retry;
  REQUIRE(retry.ParseFromString(std::string(*payload)));
  return absl::Seconds(retry.retry_delay().seconds()) +
         absl::Nanoseconds(retry.retry_delay().nanos());
}

google::rpc::QuotaFailure QuotaOf(const absl::Status& status) {
  auto payload =
      status.GetPayload("type.googleapis.com/google.rpc.QuotaFailure");
  REQUIRE(payload.has_value());
  google::rpc::QuotaFailure quota;
  REQUIRE(quota.ParseFromString(std::string(*payload)));
  return quota;
}

TEST_CASE("rate limiter admits a burst then refuses with retry info",
          "[services][limits][rate_limiter]") {
  FakeClock clock(FakeStart());
  RateLimiter limiter({/*per_second=*/2, /*burst=*/3, /*max_keys=*/10}, &clock,
                      "requests per principal");
  for (int i = 0; i < 3; ++i) {
    INFO(i);
    CHECK(limiter.Admit("principal:a").ok());
  }
  const absl::Status refused = limiter.Admit("principal:a");
  CHECK(refused.code() == absl::StatusCode::kResourceExhausted);
  CHECK(ErrorReason(refused) == "RATE_LIMITED");
  CHECK(RetryDelayOf(refused) == absl::Milliseconds(500));
  const google::rpc::QuotaFailure quota = QuotaOf(refused);
  REQUIRE(quota.violations_size() == 1);
  CHECK(quota.violations(0).subject() == "principal:a");
  CHECK(quota.violations(0).description() ==
        "requests per principal: 2 per second, burst 3");
  // Other keys have their own buckets.
  CHECK(limiter.Admit("principal:b").ok());

  // Half a second later one token is back, and only one.
  clock.Advance(absl::Milliseconds(500));
  CHECK(limiter.Check("principal:a").ok());
  CHECK(limiter.Check("principal:a").ok());  // Check takes nothing.
  CHECK(limiter.Admit("principal:a").ok());
  CHECK(limiter.Admit("principal:a").code() ==
        absl::StatusCode::kResourceExhausted);
  // A long quiet spell refills up to the burst, not beyond.
  clock.Advance(absl::Hours(1));
  for (int i = 0; i < 3; ++i) CHECK(limiter.Admit("principal:a").ok());
  CHECK_FALSE(limiter.Admit("principal:a").ok());
}

TEST_CASE("rate limiter memory stays bounded",
          "[services][limits][rate_limiter]") {
  FakeClock clock(FakeStart());
  RateLimiter limiter({/*per_second=*/1, /*burst=*/2, /*max_keys=*/4}, &clock,
                      "failed authentications per peer");
  // Keys that are busy (their buckets not full) still make room for new ones.
  for (int i = 0; i < 20; ++i) {
    INFO(i);
    CHECK(limiter.Admit("peer:" + std::to_string(i)).ok());
    CHECK(limiter.size() <= 4);
  }
  // Idle (refilled) buckets are dropped first.
  clock.Advance(absl::Seconds(10));
  CHECK(limiter.Admit("peer:new").ok());
  CHECK(limiter.size() == 1);
  // Check never creates a bucket.
  CHECK(limiter.Check("peer:unseen").ok());
  CHECK(limiter.size() == 1);
}

TEST_CASE("rate limiter with rate 0 is off",
          "[services][limits][rate_limiter]") {
  FakeClock clock(FakeStart());
  RateLimiter limiter({/*per_second=*/0, /*burst=*/1, /*max_keys=*/1}, &clock,
                      "requests per principal");
  CHECK_FALSE(limiter.enabled());
  for (int i = 0; i < 100; ++i) CHECK(limiter.Admit("principal:a").ok());
  CHECK(limiter.size() == 0);
}

}  // namespace
}  // namespace opendata::testing
