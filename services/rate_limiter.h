// RateLimiter: a token bucket per key (an authenticated subject, or the peer
// address of failed authentications), refilled at a configured rate up to a
// burst, with time from the injectable Clock. Memory is bounded: when the
// table holds max_keys buckets, full (idle) buckets are dropped, which loses
// nothing since a new bucket starts full; if none is full the least recently
// used one goes. Thread-safety: all methods are thread-safe (one mutex).
#ifndef OPENDATA_SERVICES_RATE_LIMITER_H_
#define OPENDATA_SERVICES_RATE_LIMITER_H_

#include <cstddef>
#include <mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/clock.h"

namespace opendata {

struct RateLimit {
  // Tokens added per second. 0 turns the limit off (every request admitted).
  double per_second = 0;
  // Bucket size: how many requests may come at once after a quiet spell.
  // Must be >= 1 when per_second > 0.
  double burst = 1;
  // Most buckets kept at once.
  size_t max_keys = 100000;
};

class RateLimiter {
 public:
  // `clock` must outlive this object. `name` says which limit this is in error
  // messages and QuotaFailure descriptions (e.g. "requests per principal").
  RateLimiter(const RateLimit& limit, const Clock* clock, std::string name)
      : limit_(limit), clock_(clock), name_(std::move(name)) {}

  bool enabled() const { return limit_.per_second > 0; }

  // Takes one token from `key`'s bucket. RESOURCE_EXHAUSTED with reason
  // RATE_LIMITED, a RetryInfo (when the next token is due) and a QuotaFailure
  // (subject `key`) if the bucket is empty; nothing is taken then.
  absl::Status Admit(const std::string& key);

  // The same check as Admit without taking a token.
  absl::Status Check(const std::string& key);

  // How many buckets are held now.
  size_t size() const;

 private:
  struct Bucket {
    double tokens = 0;
    absl::Time refilled;
  };
  absl::Status Take(const std::string& key, bool consume);
  // Makes room for one more bucket. Called with mu_ held.
  void Evict(absl::Time now);
  // Refills `bucket` up to now.
  void Refill(Bucket& bucket, absl::Time now) const;

  const RateLimit limit_;
  const Clock* clock_;
  const std::string name_;
  mutable std::mutex mu_;
  // Guarded by mu_.
  absl::flat_hash_map<std::string, Bucket> buckets_;
};

}  // namespace opendata

#endif  // OPENDATA_SERVICES_RATE_LIMITER_H_
