// Clock: the only source of "now" in the platform, injectable so that tests
// control time. Thread-safety: every implementation here is safe to call from
// any thread.
#ifndef OPENDATA_COMMON_CLOCK_H_
#define OPENDATA_COMMON_CLOCK_H_

#include <atomic>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace opendata {

// Source of the current time.
class Clock {
 public:
  virtual ~Clock() = default;
  // Current time.
  virtual absl::Time Now() const = 0;
};

// The system's real-time clock.
class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

// A clock that stands still until told to move. For tests and benchmarks.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start) : micros_(absl::ToUnixMicros(start)) {}
  absl::Time Now() const override {
    return absl::FromUnixMicros(micros_.load());
  }
  // Moves the clock to `t`.
  void Set(absl::Time t) { micros_.store(absl::ToUnixMicros(t)); }
  // Moves the clock forward by `d`.
  void Advance(absl::Duration d) {
    micros_.fetch_add(absl::ToInt64Microseconds(d));
  }

 private:
  std::atomic<int64_t> micros_;
};

}  // namespace opendata

#endif  // OPENDATA_COMMON_CLOCK_H_
