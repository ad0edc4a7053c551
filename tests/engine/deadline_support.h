// Helpers of the deadline tests: the engine wired as the server wires it
// (services/platform_server.cc) over a real RocksEventStore in a fresh
// temporary directory, with a FakeClock: the calendar in force built from the
// recorded years, the shipped 2025 and 2026 schedules seeded through the
// pipeline as CalendarYearLoaded records (SeedCalendar, as SystemActor()), the
// command pipeline, the deadline scheduler and the catalog and deadline
// queries. Close() and Open() drop and rebuild everything but the directory,
// as a crash and restart would. Also: a hypothetical 2027 schedule (test data
// only; 2027 is not published) and command builders for calendar loads and
// MarkDeadlineOverdue. Header-only; the harness is not thread-safe, except
// that its parts may be used from several threads as their headers allow.
#ifndef OPENDATA_TESTS_ENGINE_DEADLINE_SUPPORT_H_
#define OPENDATA_TESTS_ENGINE_DEADLINE_SUPPORT_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "catch2/catch.hpp"
#include "common/clock.h"
#include "engine/calendar/calendar_file.h"
#include "engine/calendar_records.h"
#include "engine/calendar_source.h"
#include "engine/deadlines/deadline_scheduler.h"
#include "engine/pipeline/command_pipeline.h"
#include "engine/projections/deadline_projection.h"
#include "engine/query/catalog_queries.h"
#include "engine/query/deadline_queries.h"
#include "jining/opendata/v1/deadlines.pb.h"
#include "storage/rocks_event_store.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {

// The shipped schedules (engine/calendar/data: 2025 and 2026).
inline const std::vector<pb::CalendarYear>& ShippedYears() {
  static const std::vector<pb::CalendarYear>* const years = [] {
    absl::StatusOr<std::vector<pb::CalendarYear>> read =
        ReadCalendarDir(OPENDATA_CALENDAR_DATA_DIR);
    INFO(read.status().ToString());
    REQUIRE(read.ok());
    REQUIRE(read->size() == 2);
    return new std::vector<pb::CalendarYear>(*std::move(read));
  }();
  return *years;
}

// A hypothetical 2027 schedule (test data only): New Year Fri 1 - Sun 3 Jan
// 2027 and, to exercise make-up days, Sat 9 Jan 2027 a working day.
inline pb::CalendarYear Hypothetical2027() {
  pb::CalendarYear year;
  year.set_year(2027);
  year.set_source("test data: hypothetical 2027 schedule");
  year.add_holidays("2027-01-01");
  year.add_holidays("2027-01-02");
  year.add_holidays("2027-01-03");
  year.add_makeup_workdays("2027-01-09");
  return year;
}

// The hypothetical 2027 schedule corrected: Mon 4 Jan 2027 is a holiday too.
inline pb::CalendarYear Corrected2027() {
  pb::CalendarYear year = Hypothetical2027();
  year.add_holidays("2027-01-04");
  return year;
}

inline pb::Command LoadCalendarCommand(const pb::CalendarYear& year) {
  pb::Command command;
  *command.mutable_load_calendar_year()->mutable_calendar() = year;
  return command;
}

inline pb::Command MarkOverdueCommand(const std::string& stream_id,
                                      const std::string& deadline_id) {
  pb::Command command;
  command.mutable_mark_deadline_overdue()->set_stream_id(stream_id);
  command.mutable_mark_deadline_overdue()->set_deadline_id(deadline_id);
  return command;
}

// Every projection row as stored.
inline ProjectionRows AllRows(RocksEventStore& store) {
  ProjectionRows rows;
  const absl::Status status = store.ForEachProjectionRow(
      [&rows](absl::string_view key, absl::string_view value) {
        rows.emplace(std::string(key), std::string(value));
        return absl::OkStatus();
      });
  INFO(status.ToString());
  REQUIRE(status.ok());
  return rows;
}

class DeadlineHarness {
 public:
  // Opens a fresh store with the clock at `start`, seeding 2025 and 2026.
  explicit DeadlineHarness(absl::Time start) : clock_(start) { Open(); }
  ~DeadlineHarness() { Close(); }
  DeadlineHarness(const DeadlineHarness&) = delete;
  DeadlineHarness& operator=(const DeadlineHarness&) = delete;

  // Opens the store in the harness's directory and builds the rest as the
  // server does at start-up.
  void Open() {
    REQUIRE(store_ == nullptr);
    RocksEventStoreOptions options;
    options.clock = &clock_;
    absl::StatusOr<std::unique_ptr<RocksEventStore>> store =
        RocksEventStore::Open(dir_.path() + "/db", options);
    INFO(store.status().ToString());
    REQUIRE(store.ok());
    store_ = *std::move(store);
    absl::StatusOr<std::vector<pb::CalendarYearRecord>> records =
        ReadCalendarRecords(*store_);
    INFO(records.status().ToString());
    REQUIRE(records.ok());
    absl::StatusOr<WorkingCalendar> calendar = CalendarFromRecords(*records);
    INFO(calendar.status().ToString());
    REQUIRE(calendar.ok());
    calendar_ = std::make_unique<CalendarSource>(*std::move(calendar));
    pipeline_ =
        std::make_unique<CommandPipeline>(store_.get(), calendar_.get());
    absl::StatusOr<SeedReport> seeded =
        SeedCalendar(*pipeline_, *store_, ShippedYears(), clock_.Now());
    INFO(seeded.status().ToString());
    REQUIRE(seeded.ok());
    seeded_ = *std::move(seeded);
    scheduler_ = std::make_unique<DeadlineScheduler>(store_.get(),
                                                     pipeline_.get(), &clock_);
    catalog_ = std::make_unique<CatalogQueries>(store_.get());
    deadlines_ = std::make_unique<DeadlineQueries>(store_.get());
  }

  // Drops everything but the directory (and the clock), as a crash would.
  void Close() {
    deadlines_.reset();
    catalog_.reset();
    scheduler_.reset();
    pipeline_.reset();
    calendar_.reset();
    store_.reset();
  }

  // Executes `command` as `actor` at the clock's time; an empty request id
  // gets a fresh one.
  absl::StatusOr<CommandOutcome> Run(const pb::Command& command,
                                     const pb::Actor& actor,
                                     std::string request_id = "") {
    if (request_id.empty()) request_id = absl::StrCat("auto-", ++next_id_);
    return pipeline_->Execute(command,
                              Context(actor, clock_.Now(), request_id));
  }

  // Run, which must succeed.
  CommandOutcome MustRun(const pb::Command& command, const pb::Actor& actor,
                         std::string request_id = "") {
    absl::StatusOr<CommandOutcome> outcome =
        Run(command, actor, std::move(request_id));
    INFO(outcome.status().ToString());
    REQUIRE(outcome.ok());
    return *outcome;
  }

  // Creates entry `id` as `owner` and submits it, at the clock's time.
  void CreateAndSubmit(const std::string& id, const pb::Actor& owner) {
    MustRun(CreateCommand(id, ValidContent()), owner);
    MustRun(SubmitCommand(id), owner);
  }

  // One scheduler run, which must succeed; how many deadlines it fired.
  int RunScheduler() {
    absl::StatusOr<int> fired = scheduler_->RunOnce();
    INFO(fired.status().ToString());
    REQUIRE(fired.ok());
    return *fired;
  }

  // The events of one stream.
  std::vector<pb::EventEnvelope> Stream(const std::string& stream_id) {
    absl::StatusOr<std::vector<RecordedEvent>> events =
        store_->ReadStream(stream_id, 1, 1000000);
    INFO(events.status().ToString());
    REQUIRE(events.ok());
    std::vector<pb::EventEnvelope> out;
    for (const RecordedEvent& e : *events) out.push_back(e.envelope);
    return out;
  }

  // The events with sequence >= from, in log order.
  std::vector<pb::EventEnvelope> Log(uint64_t from) {
    absl::StatusOr<std::vector<RecordedEvent>> events =
        store_->ReadAll(from, 1000000);
    INFO(events.status().ToString());
    REQUIRE(events.ok());
    std::vector<pb::EventEnvelope> out;
    for (const RecordedEvent& e : *events) out.push_back(e.envelope);
    return out;
  }

  // The deadline row of `deadline_id`, which must exist.
  pb::Deadline DeadlineRow(const std::string& deadline_id) {
    absl::StatusOr<std::optional<std::string>> row =
        store_->GetProjection(kDeadlineRowPrefix + deadline_id);
    INFO(deadline_id << ": " << row.status().ToString());
    REQUIRE(row.ok());
    REQUIRE(row->has_value());
    pb::Deadline deadline;
    REQUIRE(deadline.ParseFromString(**row));
    return deadline;
  }

  // The catalog entry as an auditor sees it.
  pb::CatalogEntry Entry(const std::string& id) {
    absl::StatusOr<pb::CatalogEntry> entry = catalog_->Get(Auditor(), id);
    INFO(id << ": " << entry.status().ToString());
    REQUIRE(entry.ok());
    return *entry;
  }

  // The deadlines `actor` sees with `filter` at `now`, on the calendar in
  // force; the call must succeed.
  DeadlinePage Deadlines(const pb::Actor& actor, const DeadlineFilter& filter,
                         absl::Time now) {
    absl::StatusOr<DeadlinePage> page =
        deadlines_->List(actor, filter, now, *calendar_->Current());
    INFO(page.status().ToString());
    REQUIRE(page.ok());
    return *std::move(page);
  }

  FakeClock& clock() { return clock_; }
  const std::string& dir() const { return dir_.path(); }
  RocksEventStore& store() { return *store_; }
  CommandPipeline& pipeline() { return *pipeline_; }
  CalendarSource& calendar() { return *calendar_; }
  DeadlineScheduler& scheduler() { return *scheduler_; }
  const DeadlineQueries& deadline_queries() const { return *deadlines_; }
  // What seeding did at the last Open.
  const SeedReport& seeded() const { return seeded_; }

 private:
  TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<RocksEventStore> store_;
  std::unique_ptr<CalendarSource> calendar_;
  std::unique_ptr<CommandPipeline> pipeline_;
  std::unique_ptr<DeadlineScheduler> scheduler_;
  std::unique_ptr<CatalogQueries> catalog_;
  std::unique_ptr<DeadlineQueries> deadlines_;
  SeedReport seeded_;
  int next_id_ = 0;
};

}  // namespace opendata::engine_test

#endif  // OPENDATA_TESTS_ENGINE_DEADLINE_SUPPORT_H_
