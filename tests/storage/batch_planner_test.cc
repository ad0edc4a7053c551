// BatchPlanner decides the requests of one group commit against each other:
// versions and idempotency keys staged by earlier requests of the same batch
// count, and a refused request stages nothing.
// Single-threaded, like the writer thread that owns a planner.
#include "storage/batch_planner.h"

#include <memory>

#include "absl/time/time.h"
#include "catch2/catch.hpp"
#include "common/errors.h"
#include "storage/keys.h"
#include "storage/stored_event.h"
#include "storage/stream_versions.h"
#include "tests/storage/storage_test_util.h"

namespace opendata {
namespace {

using testing::OneStream;
using testing::TempDir;

class PlannerFixture {
 public:
  PlannerFixture()
      : raw_(dir_.path()),
        versions_(raw_.db(), raw_.families().streams, 16),
        planner_(raw_.db(), raw_.families(), &versions_) {
    planner_.Reset(0, GenesisHash(), absl::FromUnixSeconds(1700000000));
  }

  BatchPlanner& planner() { return planner_; }
  testing::RawDb& raw() { return raw_; }

 private:
  TempDir dir_;
  testing::RawDb raw_;
  StreamVersionCache versions_;
  BatchPlanner planner_;
};

TEST_CASE("requests in one batch see each other", "[planner]") {
  PlannerFixture f;
  AppendRequest first = OneStream("a", kNoStream, 2, "key-1", "fp-1");
  auto one = f.planner().Add(&first);
  REQUIRE(one.ok());
  CHECK(one->result.last_sequence() == 2);

  AppendRequest stale = OneStream("a", kNoStream, 1, "key-2", "fp-2");
  stale.projection.push_back({"row", "value"});
  auto conflict = f.planner().Add(&stale);
  REQUIRE(conflict.status().code() == absl::StatusCode::kAborted);
  CHECK(ErrorMetadata(conflict.status())["actual_version"] == "2");

  AppendRequest same_key = OneStream("b", kNoStream, 1, "key-1", "fp-1");
  auto replay = f.planner().Add(&same_key);
  REQUIRE(replay.ok());
  CHECK(replay->replayed);
  CHECK(replay->result.last_sequence() == 2);

  AppendRequest reused = OneStream("b", kNoStream, 1, "key-1", "fp-other");
  CHECK(ErrorReason(f.planner().Add(&reused).status()) == "REQUEST_ID_REUSED");

  AppendRequest next = OneStream("a", 2, 1, "key-3", "fp-3");
  auto three = f.planner().Add(&next);
  REQUIRE(three.ok());
  CHECK(three->result.first_sequence() == 3);
  CHECK(three->result.streams(0).first_version() == 3);
  CHECK(next.streams[0].events[0].sequence() == 3);
  CHECK(f.planner().last_sequence() == 3);

  // Nothing of the refused requests is in the batch: 3 events, index entries
  // and heads, 2 idempotency records, the chain head; no projection row, no
  // key-2.
  rocksdb::WriteBatch* batch = f.planner().Finish();
  REQUIRE(f.raw().db()->Write(rocksdb::WriteOptions(), batch).ok());
  f.planner().Publish();
  std::string value;
  CHECK(f.raw()
            .db()
            ->Get(rocksdb::ReadOptions(), f.raw().families().projections, "row",
                  &value)
            .IsNotFound());
  CHECK(f.raw()
            .db()
            ->Get(rocksdb::ReadOptions(), f.raw().families().idempotency,
                  "key-2", &value)
            .IsNotFound());
  CHECK(f.raw()
            .db()
            ->Get(rocksdb::ReadOptions(), f.raw().families().idempotency,
                  "key-1", &value)
            .ok());
  CHECK(batch->Count() == 3 + 3 + 2 + 2 + 1);
}

TEST_CASE("a new batch starts from the committed state", "[planner]") {
  PlannerFixture f;
  AppendRequest first = OneStream("a", kNoStream, 1);
  REQUIRE(f.planner().Add(&first).ok());
  REQUIRE(
      f.raw().db()->Write(rocksdb::WriteOptions(), f.planner().Finish()).ok());
  f.planner().Publish();
  const std::string head = f.planner().head_hash();

  f.planner().Reset(1, head, absl::FromUnixSeconds(1700000001));
  CHECK_FALSE(f.planner().has_writes());
  AppendRequest stale = OneStream("a", kNoStream, 1);
  CHECK(f.planner().Add(&stale).status().code() == absl::StatusCode::kAborted);
  CHECK_FALSE(f.planner().has_writes());
  AppendRequest next = OneStream("a", 1, 1);
  REQUIRE(f.planner().Add(&next).ok());
  CHECK(next.streams[0].events[0].prev_hash() == head);
  CHECK(f.planner().has_writes());
}

}  // namespace
}  // namespace opendata
