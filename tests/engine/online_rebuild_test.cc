// Projection families and the online rebuild (issue 6, part 5) over a real
// RocksEventStore: every row a rich log's projections and inbox write falls
// under exactly one family; rebuilding each family online finds nothing to
// repair (rebuilt == incremental); rows damaged on disk are repaired; a
// rebuild racing a thread that keeps submitting commands loses nothing; a
// rebuild that goes straight to the writer-side catch-up finishes while several
// threads commit as fast as they can; the store's replacement refuses a stale
// head without a catch-up, hands a catch-up exactly the events committed since,
// and refuses rows outside its prefixes; and only operators may rebuild.
#include "engine/replay/online_rebuild.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/projections/projection_families.h"
#include "engine/replay/rebuild.h"
#include "storage/db_layout.h"
#include "tests/engine/rich_log.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

ProjectionRows MustRebuild(RocksEventStore& store) {
  absl::StatusOr<ProjectionRows> rows = RebuildProjections(store);
  INFO(rows.status().ToString());
  REQUIRE(rows.ok());
  return *std::move(rows);
}

FamilyRebuildReport MustRebuildFamily(OnlineRebuild& rebuild,
                                      const std::string& name) {
  const ProjectionFamily* family = FindProjectionFamily(name);
  REQUIRE(family != nullptr);
  absl::StatusOr<FamilyRebuildReport> report = rebuild.Rebuild(*family);
  INFO(report.status().ToString());
  REQUIRE(report.ok());
  return *std::move(report);
}

int OwnersOf(const std::string& key) {
  int owners = 0;
  for (const ProjectionFamily& family : ProjectionFamilies()) {
    owners += FamilyOwns(family, key) ? 1 : 0;
  }
  return owners;
}

// Raw writes to a closed store's projection rows (the damage a bug or a bad
// disk could do).
class RawProjections {
 public:
  explicit RawProjections(const std::string& dir) {
    rocksdb::DB* db = nullptr;
    const rocksdb::Status status = rocksdb::DB::Open(
        rocksdb::DBOptions(), dir, ColumnFamilyDescriptors(), &handles_, &db);
    INFO(status.ToString());
    REQUIRE(status.ok());
    db_.reset(db);
    families_ = AssignColumnFamilies(handles_);
  }
  ~RawProjections() {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      db_->DestroyColumnFamilyHandle(handle);
    }
    db_->Close();
  }
  void Put(const std::string& key, const std::string& value) {
    REQUIRE(db_->Put(rocksdb::WriteOptions(), families_.projections, key, value)
                .ok());
  }
  void Delete(const std::string& key) {
    REQUIRE(
        db_->Delete(rocksdb::WriteOptions(), families_.projections, key).ok());
  }

 private:
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
  ColumnFamilies families_;
};

TEST_CASE("rebuild: every row of a rich log falls under exactly one family",
          "[rebuild]") {
  DeadlineHarness h(RichLogStart());
  RecordRichLog(h);
  const ProjectionRows rebuilt = MustRebuild(h.store());
  CHECK(rebuilt == AllRows(h.store()));
  for (const auto& [key, value] : rebuilt) {
    INFO(key);
    CHECK(OwnersOf(key) == 1);
  }
  // The log is rich: every family has rows.
  for (const ProjectionFamily& family : ProjectionFamilies()) {
    INFO(family.name);
    CHECK_FALSE(FamilyRows(rebuilt, family).empty());
  }
  // No prefix of one family is a prefix of another family's.
  for (const ProjectionFamily& a : ProjectionFamilies()) {
    for (const std::string& prefix : a.prefixes) {
      INFO(a.name << " " << prefix);
      CHECK(OwnersOf(prefix) == 1);
    }
  }
}

TEST_CASE(
    "rebuild: online rebuild of every family finds rebuilt == incremental",
    "[rebuild]") {
  DeadlineHarness h(RichLogStart());
  RecordRichLog(h);
  const ProjectionRows before = AllRows(h.store());
  OnlineRebuild rebuild(&h.store());
  for (const ProjectionFamily& family : ProjectionFamilies()) {
    const FamilyRebuildReport report = MustRebuildFamily(rebuild, family.name);
    INFO(family.name);
    CHECK(report.replacement.applied);
    CHECK(report.replacement.scanned ==
          static_cast<int64_t>(FamilyRows(before, family).size()));
    CHECK(report.replacement.missing == 0);
    CHECK(report.replacement.extra == 0);
    CHECK(report.replacement.different == 0);
    CHECK(report.as_of_sequence == h.store().LastSequence());
    CHECK(report.retries == 0);
  }
  CHECK(AllRows(h.store()) == before);
}

TEST_CASE("rebuild: damaged rows are repaired online", "[rebuild]") {
  DeadlineHarness h(RichLogStart());
  RecordRichLog(h);
  const ProjectionRows good = AllRows(h.store());
  const std::string entry_row = "catalog/entry/jn-gaj-open-001";
  REQUIRE(good.count(entry_row) == 1);
  const auto inbox_row = good.lower_bound(kInboxRowPrefix);
  REQUIRE(inbox_row != good.end());
  const std::string inbox_key = inbox_row->first;
  h.Close();
  {
    RawProjections raw(h.dir() + "/db");
    raw.Put(entry_row, "garbage");
    raw.Put("catalog/by-state/ZZZ/ghost", "");
    raw.Delete(inbox_key);
  }
  h.Open();
  REQUIRE(AllRows(h.store()) != good);

  OnlineRebuild rebuild(&h.store());
  const FamilyRebuildReport catalog = MustRebuildFamily(rebuild, "catalog");
  CHECK(catalog.replacement.different == 1);
  CHECK(catalog.replacement.extra == 1);
  CHECK(catalog.replacement.missing == 0);
  const FamilyRebuildReport inbox = MustRebuildFamily(rebuild, "inbox");
  CHECK(inbox.replacement.missing == 1);
  CHECK(inbox.replacement.extra == 0);
  CHECK(inbox.replacement.different == 0);
  CHECK(AllRows(h.store()) == good);
  CHECK(AllRows(h.store()) == MustRebuild(h.store()));
}

TEST_CASE("rebuild: rebuilding while commands keep coming loses nothing",
          "[rebuild]") {
  DeadlineHarness h(RichLogStart());
  RecordRichLog(h);
  const absl::Time now = h.clock().Now();
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::atomic<int> committed{0};
  // The writer races the rebuilds for at least 20 and at most kMaxCommands
  // commands: bounded, so that on a slow build (ASan) the log stops growing and
  // an optimistic rebuild is not starved for good.
  constexpr int kMaxCommands = 60;
  std::thread writer([&] {
    for (int i = 0; i < kMaxCommands && (!stop.load() || i < 20); ++i) {
      const std::string id = absl::StrCat("jn-gaj-busy-", i);
      const pb::Command create = CreateCommand(id, ValidContent());
      const pb::Command submit = SubmitCommand(id);
      const bool ok =
          h.pipeline()
              .Execute(create, Context(CityProvider(), now, "c-" + id))
              .ok() &&
          h.pipeline()
              .Execute(submit, Context(CityProvider(), now, "s-" + id))
              .ok();
      if (!ok) failures.fetch_add(1);
      committed.fetch_add(1);
    }
  });
  int rounds = 0;
  while (committed.load() < 20 || rounds < 3) {
    OnlineRebuild rebuild(&h.store());
    for (const ProjectionFamily& family : ProjectionFamilies()) {
      absl::StatusOr<FamilyRebuildReport> report = rebuild.Rebuild(family);
      INFO(report.status().ToString());
      REQUIRE(report.ok());
      CHECK(report->replacement.applied);
    }
    ++rounds;
  }
  stop.store(true);
  writer.join();
  CHECK(failures.load() == 0);
  CHECK(h.Stream("catalog-entry/jn-gaj-busy-19").size() >= 2);
  CHECK(AllRows(h.store()) == MustRebuild(h.store()));
}

TEST_CASE("rebuild: the writer catch-up finishes while several threads commit",
          "[rebuild]") {
  DeadlineHarness h(RichLogStart());
  RecordRichLog(h);
  const absl::Time now = h.clock().Now();
  constexpr int kThreads = 3;
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; !stop.load(); ++i) {
        const std::string id = absl::StrCat("jn-gaj-hot-", t, "-", i);
        const bool ok = h.pipeline()
                            .Execute(CreateCommand(id, ValidContent()),
                                     Context(CityProvider(), now, "c-" + id))
                            .ok() &&
                        h.pipeline()
                            .Execute(SubmitCommand(id),
                                     Context(CityProvider(), now, "s-" + id))
                            .ok();
        if (!ok) failures.fetch_add(1);
      }
    });
  }
  // No optimistic attempt: every replacement goes through the writer's
  // catch-up. Rounds go on until the catch-up has folded events committed
  // after a fold, so the path is exercised under load.
  int64_t folded_in_writer = 0;
  int rounds = 0;
  while (folded_in_writer == 0 || rounds < 3) {
    OnlineRebuild rebuild(&h.store(),
                          OnlineRebuildOptions{.max_optimistic_attempts = 0});
    for (const ProjectionFamily& family : ProjectionFamilies()) {
      absl::StatusOr<FamilyRebuildReport> report = rebuild.Rebuild(family);
      INFO(report.status().ToString());
      REQUIRE(report.ok());
      CHECK(report->replacement.applied);
      CHECK(report->retries == 0);
      CHECK(report->folded_in_writer == report->replacement.caught_up);
      CHECK(report->as_of_sequence == report->replacement.head_sequence);
      folded_in_writer += report->folded_in_writer;
    }
    ++rounds;
  }
  stop.store(true);
  for (std::thread& writer : writers) writer.join();
  CHECK(failures.load() == 0);
  CHECK(folded_in_writer > 0);
  CHECK(AllRows(h.store()) == MustRebuild(h.store()));
}

TEST_CASE("rebuild: a replacement with a catch-up gets the events since",
          "[rebuild]") {
  DeadlineHarness h(RichLogStart());
  RecordRichLog(h);
  const ProjectionRows before = AllRows(h.store());
  const uint64_t head = h.store().LastSequence();
  REQUIRE(head > 3);
  std::vector<uint64_t> handed;
  const ProjectionCatchUp catch_up =
      [&](const std::vector<RecordedEvent>& events)
      -> absl::StatusOr<ProjectionRows> {
    for (const RecordedEvent& event : events) {
      handed.push_back(event.envelope.sequence());
    }
    return ProjectionRows{{"catalog/zz-caught-up", "x"}};
  };
  // The rows passed are stale and ignored: the catch-up's rows are written.
  absl::StatusOr<ProjectionReplacement> caught =
      h.store().ReplaceProjectionRows(
          {"catalog/zz-"}, {{"catalog/zz-stale", "y"}}, head - 3, catch_up);
  REQUIRE(caught.ok());
  CHECK(caught->applied);
  CHECK(caught->caught_up == 3);
  CHECK(caught->head_sequence == head);
  CHECK(caught->missing == 1);
  CHECK(handed == std::vector<uint64_t>{head - 2, head - 1, head});
  ProjectionRows expected = before;
  expected.emplace("catalog/zz-caught-up", "x");
  CHECK(AllRows(h.store()) == expected);

  // At the head the catch-up is not called.
  handed.clear();
  absl::StatusOr<ProjectionReplacement> current =
      h.store().ReplaceProjectionRows({"catalog/zz-"}, {}, head, catch_up);
  REQUIRE(current.ok());
  CHECK(current->caught_up == 0);
  CHECK(current->extra == 1);
  CHECK(handed.empty());
  CHECK(AllRows(h.store()) == before);

  // A catch-up's error, or rows outside the prefixes, write nothing.
  CheckError(h.store()
                 .ReplaceProjectionRows(
                     {"catalog/zz-"}, {}, head - 1,
                     [](const std::vector<RecordedEvent>&)
                         -> absl::StatusOr<ProjectionRows> {
                       return MakeError(StatusCode::kDataLoss,
                                        "CATCH_UP_FAILED", "the fold failed");
                     })
                 .status(),
             StatusCode::kDataLoss, "CATCH_UP_FAILED");
  CheckError(
      h.store()
          .ReplaceProjectionRows({"catalog/zz-"}, {}, head - 1,
                                 [](const std::vector<RecordedEvent>&)
                                     -> absl::StatusOr<ProjectionRows> {
                                   return ProjectionRows{{"deadline/x", "y"}};
                                 })
          .status(),
      StatusCode::kInvalidArgument, "REPLACEMENT_INVALID");
  CHECK(AllRows(h.store()) == before);
}

TEST_CASE(
    "rebuild: a replacement against a stale head writes nothing without a "
    "catch-up",
    "[rebuild]") {
  DeadlineHarness h(RichLogStart());
  RecordRichLog(h);
  const ProjectionRows before = AllRows(h.store());
  const uint64_t head = h.store().LastSequence();
  absl::StatusOr<ProjectionReplacement> stale =
      h.store().ReplaceProjectionRows({"catalog/"}, {}, head - 1);
  REQUIRE(stale.ok());
  CHECK_FALSE(stale->applied);
  CHECK(stale->head_sequence == head);
  CHECK(AllRows(h.store()) == before);

  CheckError(
      h.store()
          .ReplaceProjectionRows({"catalog/"}, {{"deadline/x", "y"}}, head)
          .status(),
      StatusCode::kInvalidArgument, "REPLACEMENT_INVALID");
  CheckError(h.store().ReplaceProjectionRows({""}, {}, head).status(),
             StatusCode::kInvalidArgument, "REPLACEMENT_INVALID");
  CheckError(h.store().ReplaceProjectionRows({}, {}, head).status(),
             StatusCode::kInvalidArgument, "REPLACEMENT_INVALID");
  CHECK(AllRows(h.store()) == before);
}

TEST_CASE("rebuild: only operators may rebuild and the target must exist",
          "[rebuild]") {
  absl::StatusOr<std::vector<const ProjectionFamily*>> all =
      ResolveRebuildTarget(Operator(), "", true);
  REQUIRE(all.ok());
  CHECK(all->size() == ProjectionFamilies().size());
  absl::StatusOr<std::vector<const ProjectionFamily*>> one =
      ResolveRebuildTarget(Operator(), "inbox", false);
  REQUIRE(one.ok());
  REQUIRE(one->size() == 1);
  CHECK(one->front()->name == "inbox");
  CheckError(ResolveRebuildTarget(Auditor(), "inbox", false).status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  CheckError(ResolveRebuildTarget(CityReviewer(), "", true).status(),
             StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED");
  const absl::Status unknown =
      ResolveRebuildTarget(Operator(), "catalogue", false).status();
  CheckError(unknown, StatusCode::kInvalidArgument, "PROJECTION_UNKNOWN");
  CHECK(ViolationFields(unknown) == std::vector<std::string>{"projection"});
  CheckError(ResolveRebuildTarget(Operator(), "", false).status(),
             StatusCode::kInvalidArgument, "REBUILD_TARGET_REQUIRED");
}

}  // namespace
}  // namespace opendata::engine_test
