// Implementation of rate_limiter.h.
// Thread-safety: see the header.
#include "services/rate_limiter.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors.h"
#include "google/rpc/error_details.pb.h"

namespace opendata {
namespace {

// RESOURCE_EXHAUSTED with reason RATE_LIMITED, a RetryInfo and a QuotaFailure
// (common/errors.cc passes both on to the gRPC edge).
absl::Status RateLimited(const std::string& message, absl::Duration retry,
                         const std::string& key, const std::string& limit) {
  absl::Status status =
      MakeError(absl::StatusCode::kResourceExhausted, "RATE_LIMITED", message);
  google::rpc::RetryInfo retry_info;
  retry_info.mutable_retry_delay()->set_seconds(
      absl::ToInt64Seconds(absl::Trunc(retry, absl::Seconds(1))));
  retry_info.mutable_retry_delay()->set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(retry % absl::Seconds(1))));
  status.SetPayload("type.googleapis.com/google.rpc.RetryInfo",
                    absl::Cord(retry_info.SerializeAsString()));
  google::rpc::QuotaFailure quota;
  auto* violation = quota.add_violations();
  violation->set_subject(key);
  violation->set_description(limit);
  status.SetPayload("type.googleapis.com/google.rpc.QuotaFailure",
                    absl::Cord(quota.SerializeAsString()));
  return status;
}

}  // namespace

void RateLimiter::Refill(Bucket& bucket, absl::Time now) const {
  if (now <= bucket.refilled) return;
  const double elapsed = absl::ToDoubleSeconds(now - bucket.refilled);
  bucket.tokens =
      std::min(limit_.burst, bucket.tokens + elapsed * limit_.per_second);
  bucket.refilled = now;
}

void RateLimiter::Evict(absl::Time now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    Refill(it->second, now);
    if (it->second.tokens >= limit_.burst) {
      buckets_.erase(it++);
    } else {
      ++it;
    }
  }
  if (buckets_.size() < limit_.max_keys || buckets_.empty()) return;
  auto oldest = buckets_.begin();
  for (auto it = buckets_.begin(); it != buckets_.end(); ++it) {
    if (it->second.refilled < oldest->second.refilled) oldest = it;
  }
  buckets_.erase(oldest);
}

absl::Status RateLimiter::Take(const std::string& key, bool consume) {
  if (!enabled()) return absl::OkStatus();
  const absl::Time now = clock_->Now();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (!consume) return absl::OkStatus();
    if (buckets_.size() >= limit_.max_keys) Evict(now);
    it = buckets_.emplace(key, Bucket{limit_.burst, now}).first;
  }
  Bucket& bucket = it->second;
  Refill(bucket, now);
  if (bucket.tokens >= 1) {
    if (consume) bucket.tokens -= 1;
    return absl::OkStatus();
  }
  // Whole milliseconds, rounded up, so that a retry after the delay succeeds.
  const absl::Duration retry = absl::Milliseconds(
      std::ceil((1 - bucket.tokens) / limit_.per_second * 1000));
  const std::string limit = absl::StrFormat(
      "%s: %g per second, burst %g", name_, limit_.per_second, limit_.burst);
  return RateLimited(
      absl::StrCat("too many requests for ", key, " (", limit,
                   "); retry after ", absl::FormatDuration(retry)),
      retry, key, limit);
}

absl::Status RateLimiter::Admit(const std::string& key) {
  return Take(key, /*consume=*/true);
}

absl::Status RateLimiter::Check(const std::string& key) {
  return Take(key, /*consume=*/false);
}

size_t RateLimiter::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

}  // namespace opendata
