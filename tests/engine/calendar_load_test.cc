// Tests of the calendar as recorded data (engine/calendar_records.h,
// engine/pipeline/calendar_load.cc) over a real RocksEventStore: the shipped
// years recorded once, as the platform, and never overridden by a differing
// shipped file; LoadCalendarYear for operators and the platform only; invalid
// schedules refused with every violation and nothing written; an unchanged
// schedule records nothing; a load or correction records CalendarYearLoaded
// with its revision and, in the same append, a DeadlineRevised (old and new
// due times) for every open clock it moves, never for met or unmoved ones;
// the catalog view and the deadline rows follow; and the calendar in force
// changes only once the append is durable. All due times are hand-computed
// from domain.md section 7 and the hypothetical 2027 schedule of
// deadline_support.h (New Year 1-3 Jan 2027).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/deadlines/deadline_scheduler.h"
#include "tests/engine/deadline_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

pb::Actor Rencheng() { return CountyProvider("370811", "rc-wsj"); }

// The calendar record row of `year`.
pb::CalendarYearRecord CalendarRow(RocksEventStore& store, int year) {
  absl::StatusOr<std::optional<std::string>> row =
      store.GetProjection(absl::StrCat("calendar/year/", year));
  REQUIRE(row.ok());
  REQUIRE(row->has_value());
  pb::CalendarYearRecord record;
  REQUIRE(record.ParseFromString(**row));
  return record;
}

// ---------------------------------------------------------------- seeding

TEST_CASE("calendar: the shipped years are recorded once, as the platform",
          "[calendar][records]") {
  DeadlineHarness h(At("2026-03-02T09:00:00+08:00"));
  CHECK(h.seeded().recorded == std::vector<int>{2025, 2026});
  CHECK(h.seeded().differing.empty());
  CHECK(h.store().LastSequence() == 2);
  for (int year : {2025, 2026}) {
    INFO("year " << year);
    const std::vector<pb::EventEnvelope> events =
        h.Stream(absl::StrCat("calendar/", year));
    REQUIRE(events.size() == 1);
    const pb::EventEnvelope& e = events[0];
    CHECK(e.event_type() == "calendar_year_loaded");
    CHECK(e.stream_version() == 1);
    CHECK(e.actor().DebugString() == SystemActor().DebugString());
    CHECK(e.request_id() == absl::StrCat("calendar-seed:", year));
    CHECK(FromProto(e.occurred_at()) == At("2026-03-02T09:00:00+08:00"));
    CHECK(e.payload().calendar_year_loaded().revision() == 1);
    CHECK(e.payload().calendar_year_loaded().calendar().DebugString() ==
          ShippedYears()[year - 2025].DebugString());
    const pb::CalendarYearRecord record = CalendarRow(h.store(), year);
    CHECK(record.revision() == 1);
    CHECK(record.recorded_by().role() == pb::ROLE_SYSTEM);
    CHECK(record.calendar().DebugString() ==
          ShippedYears()[year - 2025].DebugString());
  }
  CHECK(h.calendar().Current()->Years() == std::vector<int>{2025, 2026});

  // After a restart the calendar in force comes from the log; nothing is
  // recorded again.
  h.Close();
  h.clock().Advance(absl::Hours(24));
  h.Open();
  CHECK(h.seeded().recorded.empty());
  CHECK(h.seeded().differing.empty());
  CHECK(h.store().LastSequence() == 2);
  CHECK(h.calendar().Current()->Years() == std::vector<int>{2025, 2026});

  // A shipped file that differs from the recorded year does not override it.
  std::vector<pb::CalendarYear> shipped = ShippedYears();
  shipped[1].add_holidays("2026-03-04");
  const absl::StatusOr<SeedReport> again =
      SeedCalendar(h.pipeline(), h.store(), shipped, h.clock().Now());
  REQUIRE(again.ok());
  CHECK(again->recorded.empty());
  CHECK(again->differing == std::vector<int>{2026});
  CHECK(h.store().LastSequence() == 2);
  bool provisional = true;
  CHECK(h.calendar().Current()->IsWorkingDay(absl::CivilDay(2026, 3, 4),
                                             &provisional));
  CHECK_FALSE(provisional);
}

// ---------------------------------------------------------------- who, what

TEST_CASE("calendar: only operators and the platform load a year",
          "[calendar][authz]") {
  DeadlineHarness h(At("2026-12-30T10:00:00+08:00"));
  const ProjectionRows rows_before = AllRows(h.store());
  SECTION("refused") {
    const pb::Actor actor = GENERATE(CityReviewer(), CountyReviewer("370811"),
                                     Rencheng(), Auditor(), PlainUser());
    INFO("role " << pb::Role_Name(actor.role()));
    const auto outcome = h.Run(LoadCalendarCommand(Hypothetical2027()), actor);
    REQUIRE_FALSE(outcome.ok());
    CheckError(outcome.status(), StatusCode::kPermissionDenied,
               "ROLE_NOT_ALLOWED");
    CHECK(h.store().LastSequence() == 2);
    CHECK(AllRows(h.store()) == rows_before);
    CHECK_FALSE(h.calendar().Current()->HasYear(2027));
  }
  SECTION("an operator") {
    const CommandOutcome outcome =
        h.MustRun(LoadCalendarCommand(Hypothetical2027()), Operator());
    CHECK(outcome.stream_id == "calendar/2027");
    CHECK(outcome.stream_version == 1);
    CHECK(outcome.first_sequence == 3);
    CHECK(outcome.last_sequence == 3);
    CHECK(h.calendar().Current()->HasYear(2027));
  }
  SECTION("the platform") {
    const CommandOutcome outcome =
        h.MustRun(LoadCalendarCommand(Hypothetical2027()), SystemActor());
    CHECK(outcome.stream_id == "calendar/2027");
    CHECK(outcome.first_sequence == 3);
    CHECK(h.calendar().Current()->HasYear(2027));
  }
}

TEST_CASE("calendar: an invalid schedule is refused and writes nothing",
          "[calendar][validation]") {
  DeadlineHarness h(At("2026-12-30T10:00:00+08:00"));
  h.CreateAndSubmit("rc-prov", Rencheng());  // Provisional clock to Fri 1 Jan.
  const uint64_t last = h.store().LastSequence();
  const ProjectionRows rows_before = AllRows(h.store());
  pb::CalendarYear year = Hypothetical2027();
  std::vector<std::string> expected;
  SECTION("a date outside the year") {
    year.add_holidays("2026-12-31");
    expected = {"holidays[3]"};
  }
  SECTION("a date both a holiday and a make-up working day") {
    year.add_makeup_workdays("2027-01-02");  // Saturday, and a holiday.
    expected = {"makeup_workdays[1]"};
  }
  SECTION("a make-up working day on a weekday") {
    year.add_makeup_workdays("2027-01-04");  // Monday.
    expected = {"makeup_workdays[1]"};
  }
  SECTION("all of them at once") {
    year.add_holidays("2028-01-01");
    year.add_makeup_workdays("2027-01-03");  // Sunday, and a holiday.
    year.add_makeup_workdays("2027-01-05");  // Tuesday.
    expected = {"holidays[3]", "makeup_workdays[1]", "makeup_workdays[2]"};
  }
  const auto outcome =
      h.Run(LoadCalendarCommand(year), Operator(), "load-2027");
  REQUIRE_FALSE(outcome.ok());
  CheckError(outcome.status(), StatusCode::kInvalidArgument,
             "CALENDAR_INVALID");
  CHECK(ViolationFields(outcome.status()) == expected);
  CHECK(h.store().LastSequence() == last);
  CHECK(AllRows(h.store()) == rows_before);
  CHECK_FALSE(h.calendar().Current()->HasYear(2027));
  CHECK(h.DeadlineRow("catalog-review:rc-prov:1").provisional());

  // The refusal consumed nothing: the same request id loads a valid schedule.
  const CommandOutcome loaded = h.MustRun(
      LoadCalendarCommand(Hypothetical2027()), Operator(), "load-2027");
  CHECK_FALSE(loaded.replayed);
  CHECK(loaded.first_sequence == last + 1);
}

// ---------------------------------------------------------------- loading

TEST_CASE(
    "calendar: loading 2027 revises the open provisional clock it moves, "
    "in the same append",
    "[calendar][revise]") {
  DeadlineHarness h(At("2026-12-29T10:00:00+08:00"));
  const pb::Actor reviewer = CountyReviewer("370811");
  // Tue 29 Dec: Wed 30, Thu 31 Dec, inside loaded 2026.
  h.CreateAndSubmit("rc-fixed", Rencheng());
  // Wed 30 Dec: Thu 31 Dec, then Fri 1 Jan 2027 Monday-Friday, provisional.
  h.clock().Set(At("2026-12-30T10:00:00+08:00"));
  h.CreateAndSubmit("rc-prov", Rencheng());
  h.CreateAndSubmit("rc-met", Rencheng());
  const std::string prov = "catalog-review:rc-prov:1";
  {
    const pb::Deadline row = h.DeadlineRow(prov);
    CHECK(FromProto(row.due_time()) == At("2027-01-01T23:59:59+08:00"));
    CHECK(row.provisional());
    const pb::CatalogEntry entry = h.Entry("rc-prov");
    CHECK(FromProto(entry.review_due_time()) ==
          At("2027-01-01T23:59:59+08:00"));
    CHECK(entry.review_due_provisional());
    CHECK_FALSE(h.DeadlineRow("catalog-review:rc-fixed:1").provisional());
    // Working days left at Wed 30 Dec noon: Thu 31 Dec and Fri 1 Jan (2027
    // not loaded, so provisional).
    DeadlineFilter filter;
    filter.state = pb::DEADLINE_STATE_OPEN;
    const DeadlinePage page =
        h.Deadlines(Auditor(), filter, At("2026-12-30T12:00:00+08:00"));
    REQUIRE(page.items.size() == 3);
    CHECK(page.items[2].deadline.deadline_id() == prov);
    CHECK(page.items[2].working_days_remaining == 2);
    CHECK(page.items[2].remaining_provisional);
  }
  // Thu 31 Dec 09:00: rc-met is reviewed in time; its clock is closed.
  h.clock().Set(At("2026-12-31T09:00:00+08:00"));
  h.MustRun(PublishCommand("rc-met"), reviewer);
  const pb::Deadline met_before = h.DeadlineRow("catalog-review:rc-met:1");
  const pb::Deadline fixed_before = h.DeadlineRow("catalog-review:rc-fixed:1");
  CHECK(met_before.state() == pb::DEADLINE_STATE_MET);
  CHECK(met_before.provisional());

  // Thu 31 Dec 10:00: an operator loads 2027 with 1-3 Jan as holidays.
  h.clock().Set(At("2026-12-31T10:00:00+08:00"));
  const uint64_t before = h.store().LastSequence();
  const CommandOutcome loaded = h.MustRun(
      LoadCalendarCommand(Hypothetical2027()), Operator(), "load-2027");
  CHECK_FALSE(loaded.replayed);
  CHECK(loaded.stream_id == "calendar/2027");
  CHECK(loaded.stream_version == 1);
  // One append, two contiguous events on two streams.
  CHECK(loaded.first_sequence == before + 1);
  CHECK(loaded.last_sequence == before + 2);
  REQUIRE(loaded.result.streams_size() == 2);
  CHECK(loaded.result.streams(0).stream_id() == "calendar/2027");
  CHECK(loaded.result.streams(1).stream_id() == "catalog-entry/rc-prov");
  CHECK(loaded.result.streams(1).first_version() == 4);
  CHECK(h.store().LastSequence() == before + 2);

  const std::vector<pb::EventEnvelope> log = h.Log(before + 1);
  REQUIRE(log.size() == 2);
  for (const pb::EventEnvelope& e : log) {
    CHECK(e.actor().DebugString() == Operator().DebugString());
    CHECK(e.request_id() == "load-2027");
    CHECK(FromProto(e.occurred_at()) == At("2026-12-31T10:00:00+08:00"));
  }
  CHECK(log[0].sequence() == before + 1);
  CHECK(log[0].stream_id() == "calendar/2027");
  CHECK(log[0].event_type() == "calendar_year_loaded");
  CHECK(log[0].payload().calendar_year_loaded().revision() == 1);
  CHECK(log[0].payload().calendar_year_loaded().calendar().DebugString() ==
        Hypothetical2027().DebugString());
  // Wed 30 Dec: Thu 31 Dec, then (1-3 Jan holidays) Mon 4 Jan 2027.
  CHECK(log[1].sequence() == before + 2);
  CHECK(log[1].stream_id() == "catalog-entry/rc-prov");
  CHECK(log[1].stream_version() == 4);
  CHECK(log[1].event_type() == "deadline_revised");
  const pb::DeadlineRevised& revised = log[1].payload().deadline_revised();
  CHECK(revised.deadline_id() == prov);
  CHECK(FromProto(revised.old_due_time()) == At("2027-01-01T23:59:59+08:00"));
  CHECK(FromProto(revised.new_due_time()) == At("2027-01-04T23:59:59+08:00"));
  CHECK(revised.old_provisional());
  CHECK_FALSE(revised.new_provisional());
  CHECK(revised.calendar_year() == 2027);
  CHECK(revised.calendar_revision() == 1);

  // The calendar in force, the deadline row and the catalog view follow.
  CHECK(h.calendar().Current()->HasYear(2027));
  CHECK(CalendarRow(h.store(), 2027).revision() == 1);
  CHECK(CalendarRow(h.store(), 2027).recorded_by().subject() == "o-ops");
  {
    const pb::Deadline row = h.DeadlineRow(prov);
    CHECK(FromProto(row.due_time()) == At("2027-01-04T23:59:59+08:00"));
    CHECK_FALSE(row.provisional());
    CHECK(row.revisions() == 1);
    CHECK(row.state() == pb::DEADLINE_STATE_OPEN);
    const pb::CatalogEntry entry = h.Entry("rc-prov");
    CHECK(FromProto(entry.review_due_time()) ==
          At("2027-01-04T23:59:59+08:00"));
    CHECK_FALSE(entry.review_due_provisional());
    CHECK(entry.version() == 4);
    CHECK(entry.state() == pb::CATALOG_ENTRY_STATE_SUBMITTED);
    // Left at Thu 31 Dec 10:30: Mon 4 Jan only, no longer provisional.
    DeadlineFilter filter;
    filter.state = pb::DEADLINE_STATE_OPEN;
    filter.due_after = At("2027-01-01T00:00:00+08:00");
    // (rc-met's upkeep clocks of Art. 12 are due later in 2027.)
    filter.due_before = At("2027-01-05T00:00:00+08:00");
    const DeadlinePage page =
        h.Deadlines(Auditor(), filter, At("2026-12-31T10:30:00+08:00"));
    REQUIRE(page.items.size() == 1);
    CHECK(page.items[0].working_days_remaining == 1);
    CHECK_FALSE(page.items[0].remaining_provisional);
  }
  // A met clock and one the new year does not move are left alone.
  CHECK(h.DeadlineRow("catalog-review:rc-met:1").DebugString() ==
        met_before.DebugString());
  CHECK(h.DeadlineRow("catalog-review:rc-fixed:1").DebugString() ==
        fixed_before.DebugString());
  // Created, submitted with its clock, published with the review clock met
  // and the two upkeep clocks started.
  CHECK(h.Stream("catalog-entry/rc-met").size() == 7);
  CHECK(h.Stream("catalog-entry/rc-fixed").size() == 3);

  // A submission after the load counts on 2027 as loaded: Thu 31 Dec, then
  // Mon 4 and Tue 5 Jan 2027.
  h.clock().Set(At("2026-12-31T11:00:00+08:00"));
  h.CreateAndSubmit("rc-after", Rencheng());
  CHECK(FromProto(h.DeadlineRow("catalog-review:rc-after:1").due_time()) ==
        At("2027-01-05T23:59:59+08:00"));
  CHECK_FALSE(h.DeadlineRow("catalog-review:rc-after:1").provisional());

  // Loading the same schedule again records nothing; retrying the request
  // replays its outcome.
  const uint64_t settled = h.store().LastSequence();
  const CommandOutcome same =
      h.MustRun(LoadCalendarCommand(Hypothetical2027()), Operator());
  CHECK_FALSE(same.replayed);
  CHECK(same.stream_id == "calendar/2027");
  CHECK(same.stream_version == 1);
  CHECK(same.first_sequence == 0);
  CHECK(same.last_sequence == 0);
  const CommandOutcome retried = h.MustRun(
      LoadCalendarCommand(Hypothetical2027()), Operator(), "load-2027");
  CHECK(retried.replayed);
  CHECK(retried.first_sequence == before + 1);
  CHECK(retried.last_sequence == before + 2);
  CHECK(h.store().LastSequence() == settled);

  // Thu 31 Dec 12:00: a correction (Mon 4 Jan a holiday too) is revision 2
  // and moves both open clocks again, in stream id order after the year.
  h.clock().Set(At("2026-12-31T12:00:00+08:00"));
  const CommandOutcome corrected = h.MustRun(
      LoadCalendarCommand(Corrected2027()), Operator(), "correct-2027");
  CHECK(corrected.stream_version == 2);
  CHECK(corrected.first_sequence == settled + 1);
  CHECK(corrected.last_sequence == settled + 3);
  REQUIRE(corrected.result.streams_size() == 3);
  CHECK(corrected.result.streams(0).stream_id() == "calendar/2027");
  CHECK(corrected.result.streams(1).stream_id() == "catalog-entry/rc-after");
  CHECK(corrected.result.streams(2).stream_id() == "catalog-entry/rc-prov");
  const std::vector<pb::EventEnvelope> correction = h.Log(settled + 1);
  REQUIRE(correction.size() == 3);
  CHECK(correction[0].payload().calendar_year_loaded().revision() == 2);
  // rc-after (Thu 31 Dec): 1-4 Jan off, Tue 5 and Wed 6 Jan.
  const pb::DeadlineRevised& after = correction[1].payload().deadline_revised();
  CHECK(after.deadline_id() == "catalog-review:rc-after:1");
  CHECK(FromProto(after.old_due_time()) == At("2027-01-05T23:59:59+08:00"));
  CHECK(FromProto(after.new_due_time()) == At("2027-01-06T23:59:59+08:00"));
  CHECK_FALSE(after.old_provisional());
  CHECK_FALSE(after.new_provisional());
  CHECK(after.calendar_revision() == 2);
  // rc-prov (Wed 30 Dec): Thu 31 Dec, then Tue 5 Jan.
  const pb::DeadlineRevised& again = correction[2].payload().deadline_revised();
  CHECK(again.deadline_id() == prov);
  CHECK(FromProto(again.old_due_time()) == At("2027-01-04T23:59:59+08:00"));
  CHECK(FromProto(again.new_due_time()) == At("2027-01-05T23:59:59+08:00"));
  CHECK(again.calendar_year() == 2027);
  CHECK(again.calendar_revision() == 2);
  CHECK(CalendarRow(h.store(), 2027).revision() == 2);
  CHECK(FromProto(CalendarRow(h.store(), 2027).record_time()) ==
        At("2026-12-31T12:00:00+08:00"));
  CHECK(h.DeadlineRow(prov).revisions() == 2);
  CHECK(FromProto(h.Entry("rc-prov").review_due_time()) ==
        At("2027-01-05T23:59:59+08:00"));
  CHECK(FromProto(h.Entry("rc-after").review_due_time()) ==
        At("2027-01-06T23:59:59+08:00"));
  bool provisional = true;
  CHECK_FALSE(h.calendar().Current()->IsWorkingDay(absl::CivilDay(2027, 1, 4),
                                                   &provisional));

  // The revised due time decides lateness: reviewed on Tue 5 Jan, in time.
  h.clock().Set(At("2027-01-05T12:00:00+08:00"));
  h.MustRun(PublishCommand("rc-prov"), reviewer);
  const std::vector<pb::EventEnvelope> events =
      h.Stream("catalog-entry/rc-prov");
  REQUIRE(events.size() == 9);  // With the two upkeep clocks (Art. 12).
  CHECK(events[5].payload().DebugString() == Published(1, false).DebugString());
  CHECK(events[6].payload().DebugString() ==
        ReviewClockMet("rc-prov", 1, false).DebugString());
}

TEST_CASE(
    "calendar: correcting a recorded year bumps its revision and moves its "
    "open clocks",
    "[calendar][revise]") {
  DeadlineHarness h(At("2026-03-02T10:00:00+08:00"));
  // Mon 2 Mar: Tue 3, Wed 4 Mar.
  h.CreateAndSubmit("rc-a", Rencheng());
  pb::CalendarYear corrected = ShippedYears()[1];
  corrected.add_holidays("2026-03-04");
  h.clock().Set(At("2026-03-02T11:00:00+08:00"));
  const CommandOutcome outcome =
      h.MustRun(LoadCalendarCommand(corrected), Operator());
  CHECK(outcome.stream_id == "calendar/2026");
  CHECK(outcome.stream_version == 2);
  CHECK(outcome.last_sequence == outcome.first_sequence + 1);
  const std::vector<pb::EventEnvelope> log = h.Log(outcome.first_sequence);
  REQUIRE(log.size() == 2);
  CHECK(log[0].payload().calendar_year_loaded().revision() == 2);
  // Tue 3 Mar, (Wed 4 a holiday now) Thu 5 Mar.
  const pb::DeadlineRevised& revised = log[1].payload().deadline_revised();
  CHECK(revised.deadline_id() == "catalog-review:rc-a:1");
  CHECK(FromProto(revised.old_due_time()) == At("2026-03-04T23:59:59+08:00"));
  CHECK(FromProto(revised.new_due_time()) == At("2026-03-05T23:59:59+08:00"));
  CHECK_FALSE(revised.old_provisional());
  CHECK_FALSE(revised.new_provisional());
  CHECK(revised.calendar_year() == 2026);
  CHECK(revised.calendar_revision() == 2);

  // After a restart the corrected year is in force, and the shipped file,
  // which now differs, does not override it.
  h.Close();
  h.Open();
  CHECK(h.seeded().recorded.empty());
  CHECK(h.seeded().differing == std::vector<int>{2026});
  CHECK(CalendarRow(h.store(), 2026).revision() == 2);
  bool provisional = true;
  CHECK_FALSE(h.calendar().Current()->IsWorkingDay(absl::CivilDay(2026, 3, 4),
                                                   &provisional));
  CHECK(FromProto(h.DeadlineRow("catalog-review:rc-a:1").due_time()) ==
        At("2026-03-05T23:59:59+08:00"));
}

// ---------------------------------------------------------------- atomicity

// An EventStore that forwards to a real one, except that Append fails
// (UNAVAILABLE, nothing written) while armed. It notes, for each Append,
// whether the calendar in force already had `year`.
class FaultyAppendStore final : public EventStore {
 public:
  FaultyAppendStore(EventStore* inner, const CalendarSource* calendar, int year)
      : inner_(inner), calendar_(calendar), year_(year) {}

  void set_fail(bool fail) { fail_ = fail; }
  const std::vector<bool>& year_in_force_at_append() const { return seen_; }

  absl::StatusOr<AppendOutcome> Append(AppendRequest request) override {
    seen_.push_back(calendar_->Current()->HasYear(year_));
    if (fail_) return absl::UnavailableError("injected append failure");
    return inner_->Append(std::move(request));
  }
  absl::StatusOr<std::vector<RecordedEvent>> ReadStream(
      absl::string_view stream_id, int64_t from_version,
      size_t max_count) override {
    return inner_->ReadStream(stream_id, from_version, max_count);
  }
  absl::StatusOr<std::vector<RecordedEvent>> ReadAll(
      uint64_t from_sequence, size_t max_count) override {
    return inner_->ReadAll(from_sequence, max_count);
  }
  absl::StatusOr<int64_t> StreamVersion(absl::string_view stream_id) override {
    return inner_->StreamVersion(stream_id);
  }
  uint64_t LastSequence() const override { return inner_->LastSequence(); }
  bool WaitForSequenceAbove(uint64_t sequence, absl::Time deadline) override {
    return inner_->WaitForSequenceAbove(sequence, deadline);
  }
  absl::StatusOr<std::optional<IdempotencyRecord>> LookupIdempotency(
      absl::string_view key) override {
    return inner_->LookupIdempotency(key);
  }
  absl::StatusOr<std::optional<std::string>> GetProjection(
      absl::string_view key) override {
    return inner_->GetProjection(key);
  }
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
  ScanProjection(absl::string_view prefix, absl::string_view start_after,
                 size_t limit) override {
    return inner_->ScanProjection(prefix, start_after, limit);
  }

 private:
  EventStore* inner_;
  const CalendarSource* calendar_;
  int year_;
  bool fail_ = false;
  std::vector<bool> seen_;
};

TEST_CASE("calendar: the loaded year comes into force only after the append",
          "[calendar][atomicity]") {
  TempDir dir;
  absl::StatusOr<std::unique_ptr<RocksEventStore>> rocks =
      RocksEventStore::Open(dir.path() + "/db", RocksEventStoreOptions());
  REQUIRE(rocks.ok());
  CalendarSource calendar{WorkingCalendar()};
  FaultyAppendStore store(rocks->get(), &calendar, 2027);
  CommandPipeline pipeline(&store, &calendar);
  const absl::Time dec30 = At("2026-12-30T10:00:00+08:00");
  REQUIRE(SeedCalendar(pipeline, store, ShippedYears(), dec30).ok());
  auto run = [&](const pb::Command& command, const pb::Actor& actor,
                 const std::string& request_id) {
    return pipeline.Execute(command, Context(actor, dec30, request_id));
  };
  REQUIRE(run(CreateCommand("rc-prov", ValidContent()), Rencheng(), "c").ok());
  REQUIRE(run(SubmitCommand("rc-prov"), Rencheng(), "s").ok());
  const uint64_t last = store.LastSequence();
  REQUIRE(last == 5);

  // The append fails: nothing recorded, the old calendar stays in force.
  store.set_fail(true);
  const auto failed =
      run(LoadCalendarCommand(Hypothetical2027()), Operator(), "load-2027");
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.status().code() == StatusCode::kUnavailable);
  CHECK_FALSE(calendar.Current()->HasYear(2027));
  CHECK(store.LastSequence() == last);
  CHECK(store.ReadStream("calendar/2027", 1, 10)->empty());

  // Retried once the store works: the append is made with the old calendar
  // still in force, and the new one takes over after it.
  store.set_fail(false);
  const auto loaded =
      run(LoadCalendarCommand(Hypothetical2027()), Operator(), "load-2027");
  INFO(loaded.status().ToString());
  REQUIRE(loaded.ok());
  CHECK(loaded->first_sequence == last + 1);
  CHECK(loaded->last_sequence == last + 2);
  CHECK(calendar.Current()->HasYear(2027));
  REQUIRE_FALSE(store.year_in_force_at_append().empty());
  for (bool in_force : store.year_in_force_at_append()) CHECK_FALSE(in_force);
}

}  // namespace
}  // namespace opendata::engine_test
