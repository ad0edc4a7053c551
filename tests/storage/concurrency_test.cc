// Many concurrent callers through the group-commit writer: every acknowledged
// event is stored exactly once at its acknowledged sequence, sequences are
// contiguous, the chain verifies, and concurrent retries of one idempotency key
// commit once.
// The store is shared by the test threads; test bookkeeping is under a mutex.
#include <atomic>
#include <limits>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "catch2/catch.hpp"
#include "common/errors.h"
#include "storage/rocks_event_store.h"
#include "tests/storage/storage_test_util.h"

namespace opendata {
namespace {

using testing::OneStream;
using testing::OpenOrDie;
using testing::TempDir;

constexpr uint64_t kAll = std::numeric_limits<uint64_t>::max();
constexpr int kThreads = 16;
constexpr int kAppendsPerThread = 200;

struct Ack {
  std::string stream_id;
  int64_t version;
};

// Appends to `stream` at its current version until the append is not a
// conflict.
absl::StatusOr<AppendOutcome> AppendWithRetry(RocksEventStore& store,
                                              const std::string& stream,
                                              const std::string& key) {
  while (true) {
    absl::StatusOr<int64_t> version = store.StreamVersion(stream);
    if (!version.ok()) return version.status();
    auto outcome = store.Append(OneStream(stream, *version, 1, key, key));
    if (outcome.status().code() != absl::StatusCode::kAborted) return outcome;
  }
}

TEST_CASE("concurrent appends are each stored once in one chain",
          "[concurrency]") {
  TempDir dir;
  RocksEventStoreOptions options;
  options.max_batch_events = 64;
  auto store = OpenOrDie(dir.path(), options);
  std::mutex mu;
  std::map<uint64_t, Ack> acked;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string own = "own-" + std::to_string(t);
      int64_t own_version = 0;
      for (int i = 0; i < kAppendsPerThread; ++i) {
        const std::string key = own + "/" + std::to_string(i);
        absl::StatusOr<AppendOutcome> outcome =
            i % 2 == 0 ? store->Append(OneStream(own, own_version, 1, key, key))
                       : AppendWithRetry(*store, "shared", key);
        if (!outcome.ok() || outcome->replayed) {
          ++failures;
          continue;
        }
        const auto& result = outcome->result;
        if (i % 2 == 0) own_version = result.streams(0).last_version();
        std::lock_guard<std::mutex> lock(mu);
        acked[result.first_sequence()] = {result.streams(0).stream_id(),
                                          result.streams(0).last_version()};
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures.load() == 0);
  const uint64_t total = kThreads * kAppendsPerThread;
  REQUIRE(acked.size() == total);
  CHECK(store->LastSequence() == total);
  auto events = store->ReadAll(1, total + 10);
  REQUIRE(events.ok());
  REQUIRE(events->size() == total);
  for (uint64_t i = 0; i < total; ++i) {
    const EventEnvelope& envelope = (*events)[i].envelope;
    REQUIRE(envelope.sequence() == i + 1);
    const Ack& ack = acked.at(i + 1);
    CHECK(envelope.stream_id() == ack.stream_id);
    CHECK(envelope.stream_version() == ack.version);
  }
  CHECK(*store->StreamVersion("shared") == kThreads * kAppendsPerThread / 2);
  auto shared = store->ReadStream("shared", 1, total);
  REQUIRE(shared.ok());
  CHECK(shared->size() == total / 2);
  CHECK(store->VerifyChain(1, kAll).ok());
  store.reset();
  CHECK(OpenOrDie(dir.path())->VerifyChain(1, kAll).ok());
}

TEST_CASE("concurrent retries of one request commit it once", "[concurrency]") {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  std::vector<absl::StatusOr<AppendOutcome>> outcomes(8);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < outcomes.size(); ++t) {
    threads.emplace_back([&, t] {
      outcomes[t] = store->Append(OneStream("a", kNoStream, 2, "key", "fp"));
    });
  }
  for (auto& thread : threads) thread.join();
  int fresh = 0;
  for (const auto& outcome : outcomes) {
    REQUIRE(outcome.ok());
    if (!outcome->replayed) ++fresh;
    CHECK(outcome->result.first_sequence() == 1);
    CHECK(outcome->result.last_sequence() == 2);
  }
  CHECK(fresh == 1);
  CHECK(store->LastSequence() == 2);
}

}  // namespace
}  // namespace opendata
