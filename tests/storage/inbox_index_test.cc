// The store's inbox index (storage/README.md, "The inbox index"): for every
// committed event and every recipient in its envelope, one projection row
// inbox/<recipient>/BE64(sequence) -> event type, written in the same batch
// as the event (a refused request writes none, a replay writes none again),
// sorted by sequence per recipient; and the commit signal
// WaitForSequenceAbove, woken by a commit from another thread.
#include <thread>

#include "absl/time/clock.h"
#include "catch2/catch.hpp"
#include "common/errors.h"
#include "storage/rocks_event_store.h"
#include "tests/storage/storage_test_util.h"

namespace opendata {
namespace {

using testing::OneStream;
using testing::OpenOrDie;
using testing::TempDir;

// A request of one event on `stream` addressed to `recipients`.
AppendRequest Addressed(const std::string& stream, int64_t expected,
                        std::vector<std::string> recipients,
                        const std::string& key = "") {
  AppendRequest request = OneStream(stream, expected, 1, key, "fp-" + key);
  for (const std::string& r : recipients) {
    request.streams[0].events[0].add_recipients(r);
  }
  return request;
}

std::vector<std::pair<std::string, std::string>> Rows(
    RocksEventStore& store, const std::string& recipient) {
  auto rows = store.ScanProjection(InboxRowPrefix(recipient), "", 100);
  INFO(rows.status().ToString());
  REQUIRE(rows.ok());
  return *std::move(rows);
}

TEST_CASE("inbox index: one row per recipient in the commit of the event",
          "[store][inbox]") {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  REQUIRE(store->Append(Addressed("a", kNoStream, {"org/x", "user/u"})).ok());
  REQUIRE(store->Append(Addressed("b", kNoStream, {"org/xy"})).ok());
  REQUIRE(store->Append(Addressed("c", kNoStream, {})).ok());
  REQUIRE(store->Append(Addressed("a", 1, {"org/x"}, "k")).ok());

  const auto x = Rows(*store, "org/x");
  REQUIRE(x.size() == 2);
  CHECK(x[0].first == InboxRowKey("org/x", 1));
  CHECK(x[1].first == InboxRowKey("org/x", 4));
  CHECK(x[0].second == "catalog_entry_published");
  CHECK(InboxRowSequence(x[1].first) == 4);
  CHECK(Rows(*store, "user/u").size() == 1);
  // One address's rows never include another's ("org/x" and "org/xy").
  CHECK(Rows(*store, "org/xy").size() == 1);

  // A refused request (version conflict) writes no row; a replay of a
  // committed key writes nothing again.
  auto conflict = store->Append(Addressed("a", 1, {"org/y"}));
  CHECK(ErrorReason(conflict.status()) == "VERSION_CONFLICT");
  CHECK(Rows(*store, "org/y").empty());
  auto replay = store->Append(Addressed("a", 1, {"org/x"}, "k"));
  REQUIRE(replay.ok());
  CHECK(replay->replayed);
  CHECK(Rows(*store, "org/x").size() == 2);

  // Big-endian sequences sort numerically past 255.
  for (int64_t v = 2; v <= 300; ++v) {
    REQUIRE(store->Append(Addressed("a", v, {"region/3708"})).ok());
  }
  auto rows = store->ScanProjection(InboxRowPrefix("region/3708"), "", 1000);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 299);
  for (size_t i = 1; i < rows->size(); ++i) {
    CHECK(InboxRowSequence((*rows)[i].first) >
          InboxRowSequence((*rows)[i - 1].first));
  }
}

TEST_CASE("inbox index: a waiter wakes when another thread commits",
          "[store][inbox]") {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  REQUIRE(store->Append(OneStream("a", kNoStream)).ok());
  CHECK_FALSE(store->WaitForSequenceAbove(1, absl::InfinitePast()));
  bool appended = false;
  std::thread writer([&] { appended = store->Append(OneStream("a", 1)).ok(); });
  // No deadline: returns only once the commit was published.
  CHECK(store->WaitForSequenceAbove(1, absl::InfiniteFuture()));
  writer.join();
  CHECK(appended);
  CHECK(store->LastSequence() == 2);
}

}  // namespace
}  // namespace opendata
