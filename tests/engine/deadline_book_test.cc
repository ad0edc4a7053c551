// Tests of the pure deadline rules (engine/deadlines/deadline_book.h) on the
// real shipped calendar: StartClock computes and records a clock's due time
// (hand-computed from domain.md section 7), FoldDeadlines follows a clock
// through its events, MeetClock closes it (late or not), DecideMarkOverdue is
// the platform's (SYSTEM) command only and fires once, and ReviseClocks moves
// only OPEN working-day clocks whose due time or provisional flag a calendar
// change alters. Also the catalog decider's routing of MarkDeadlineOverdue.
#include "engine/deadlines/deadline_book.h"

#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "engine/deadlines/deadline_scheduler.h"
#include "tests/engine/deadline_support.h"
#include "tests/engine/test_support.h"

namespace opendata::engine_test {
namespace {

using absl::StatusCode;

// The formal-review clock of submission 1 of entry `id` in region 370811.
ClockSpec ReviewSpec(const std::string& id) {
  ClockSpec spec;
  spec.kind = pb::DEADLINE_KIND_CATALOG_FORMAL_REVIEW;
  spec.deadline_id = "catalog-review:" + id + ":1";
  spec.stream_id = "catalog-entry/" + id;
  spec.subject_id = id;
  spec.responsible_role = pb::ROLE_REVIEWER;
  spec.responsible_region = "370811";
  spec.working_days = 2;
  return spec;
}

// A clock of `working_days` with id `id`.
ClockSpec Spec(const std::string& id, int working_days) {
  ClockSpec spec = ReviewSpec("rc-a");
  spec.deadline_id = id;
  spec.working_days = working_days;
  return spec;
}

pb::EventEnvelope Envelope(const pb::EventPayload& payload,
                           absl::Time occurred_at) {
  pb::EventEnvelope envelope;
  envelope.set_stream_id("catalog-entry/rc-a");
  *envelope.mutable_occurred_at() = ToProto(occurred_at);
  *envelope.mutable_payload() = payload;
  return envelope;
}

// A book holding the clock StartClock records for `spec` at `start`.
void Start(DeadlineBook& book, const ClockSpec& spec, absl::Time start,
           const WorkingCalendar& calendar = RealCalendar()) {
  FoldDeadlines(book, Envelope(StartClock(spec, start, calendar), start));
}

pb::EventPayload OverduePayload(const std::string& id, absl::Time due,
                                int64_t after) {
  pb::EventPayload p;
  p.mutable_deadline_overdue()->set_deadline_id(id);
  *p.mutable_deadline_overdue()->mutable_due_time() = ToProto(due);
  p.mutable_deadline_overdue()->set_noticed_after_seconds(after);
  return p;
}

pb::EventPayload MetPayload(const std::string& id, bool late) {
  pb::EventPayload p;
  p.mutable_deadline_met()->set_deadline_id(id);
  p.mutable_deadline_met()->set_late(late);
  return p;
}

// The events as text, for comparing whole lists.
std::vector<std::string> Texts(const std::vector<pb::EventPayload>& events) {
  std::vector<std::string> out;
  for (const pb::EventPayload& e : events) out.push_back(e.DebugString());
  return out;
}

CommandContext SystemContext(absl::Time now) {
  return Context(SystemActor(), now, "deadline-overdue:x");
}

// ---------------------------------------------------------------- StartClock

TEST_CASE("deadline book: StartClock records the clock and its due time",
          "[deadlines][book]") {
  // Fri 13 Feb 2026: day 1 the make-up Sat 14, 15-23 Feb holidays, day 2 Tue
  // 24 Feb.
  const absl::Time start = At("2026-02-13T10:00:00+08:00");
  const pb::EventPayload p =
      StartClock(ReviewSpec("rc-a"), start, RealCalendar());
  CHECK(p.DebugString() == ReviewClockStarted("rc-a", 1, "370811", start,
                                              At("2026-02-24T23:59:59+08:00"))
                               .DebugString());
}

TEST_CASE("deadline book: StartClock counts working days on the calendar",
          "[deadlines][book]") {
  struct Case {
    const char* why;
    int working_days;
    const char* start;
    const char* due;
    bool provisional;
  };
  const Case c = GENERATE(
      Case{"10 days from Mon 2 Mar: Tue 3 ... Fri 13, Mon 16 Mar", 10,
           "2026-03-02T10:00:00+08:00", "2026-03-16T23:59:59+08:00", false},
      Case{"10 days from Wed 30 Sep: 1-7 Oct holidays, Thu 8, Fri 9, the "
           "make-up Sat 10, Mon 12 ... Fri 16, Mon 19, Tue 20 Oct",
           10, "2026-09-30T10:00:00+08:00", "2026-10-20T23:59:59+08:00", false},
      Case{"5 days from Thu 30 Apr: Labour Day 1-5 May, Wed 6, Thu 7, Fri 8, "
           "the make-up Sat 9, Mon 11 May",
           5, "2026-04-30T10:00:00+08:00", "2026-05-11T23:59:59+08:00", false},
      Case{"2 days from Wed 30 Dec: Thu 31 Dec, Fri 1 Jan 2027 (unloaded)", 2,
           "2026-12-30T10:00:00+08:00", "2027-01-01T23:59:59+08:00", true},
      Case{"12 days from Thu 17 Dec: ... Thu 31 Dec (10), Fri 1 Jan, Mon 4 "
           "Jan 2027 (unloaded)",
           12, "2026-12-17T10:00:00+08:00", "2027-01-04T23:59:59+08:00", true});
  INFO(c.why);
  const pb::EventPayload p =
      StartClock(Spec("clock", c.working_days), At(c.start), RealCalendar());
  const pb::Deadline& d = p.deadline_started().deadline();
  CHECK(FromProto(d.due_time()) == At(c.due));
  CHECK(d.provisional() == c.provisional);
  CHECK(d.working_days() == c.working_days);
  CHECK(FromProto(d.start_time()) == At(c.start));
  CHECK(d.state() == pb::DEADLINE_STATE_OPEN);
}

TEST_CASE("deadline book: StartClock keeps who must act", "[deadlines][book]") {
  ClockSpec spec;
  spec.kind = pb::DEADLINE_KIND_DEMAND_PROVIDER_ANSWER;
  spec.deadline_id = "demand-answer:d-1:1";
  spec.stream_id = "demand/d-1";
  spec.subject_id = "d-1";
  spec.responsible_role = pb::ROLE_PROVIDER;
  spec.responsible_organization = "jn-gaj";
  spec.responsible_region = "3708";
  spec.working_days = 10;
  const pb::Deadline d =
      StartClock(spec, At("2026-03-02T10:00:00+08:00"), RealCalendar())
          .deadline_started()
          .deadline();
  CHECK(d.deadline_id() == "demand-answer:d-1:1");
  CHECK(d.kind() == pb::DEADLINE_KIND_DEMAND_PROVIDER_ANSWER);
  CHECK(d.stream_id() == "demand/d-1");
  CHECK(d.subject_id() == "d-1");
  CHECK(d.responsible_role() == pb::ROLE_PROVIDER);
  CHECK(d.responsible_organization() == "jn-gaj");
  CHECK(d.responsible_region() == "3708");
  CHECK(FromProto(d.due_time()) == At("2026-03-16T23:59:59+08:00"));
  CHECK(d.revisions() == 0);
  CHECK_FALSE(d.has_met_time());
  CHECK_FALSE(d.has_overdue_time());
}

// ---------------------------------------------------------------- fold

TEST_CASE("deadline book: FoldDeadlines follows a clock through its events",
          "[deadlines][book]") {
  const std::string id = "catalog-review:rc-a:1";
  const absl::Time start = At("2026-12-30T10:00:00+08:00");
  DeadlineBook book;
  Start(book, ReviewSpec("rc-a"), start);
  REQUIRE(book.size() == 1);
  CHECK(book.at(id).state() == pb::DEADLINE_STATE_OPEN);
  CHECK(book.at(id).provisional());

  // Revised when 2027 is loaded: Fri 1 Jan -> Mon 4 Jan 2027.
  pb::EventPayload revised;
  auto* r = revised.mutable_deadline_revised();
  r->set_deadline_id(id);
  *r->mutable_old_due_time() = ToProto(At("2027-01-01T23:59:59+08:00"));
  *r->mutable_new_due_time() = ToProto(At("2027-01-04T23:59:59+08:00"));
  r->set_old_provisional(true);
  r->set_new_provisional(false);
  r->set_calendar_year(2027);
  r->set_calendar_revision(1);
  FoldDeadlines(book, Envelope(revised, At("2026-12-31T10:00:00+08:00")));
  CHECK(FromProto(book.at(id).due_time()) == At("2027-01-04T23:59:59+08:00"));
  CHECK_FALSE(book.at(id).provisional());
  CHECK(book.at(id).revisions() == 1);
  CHECK(book.at(id).state() == pb::DEADLINE_STATE_OPEN);

  FoldDeadlines(book,
                Envelope(OverduePayload(id, At("2027-01-04T23:59:59+08:00"), 1),
                         At("2027-01-05T00:00:00+08:00")));
  CHECK(book.at(id).state() == pb::DEADLINE_STATE_OVERDUE);
  CHECK(FromProto(book.at(id).overdue_time()) ==
        At("2027-01-05T00:00:00+08:00"));

  FoldDeadlines(
      book, Envelope(MetPayload(id, true), At("2027-01-05T09:00:00+08:00")));
  CHECK(book.at(id).state() == pb::DEADLINE_STATE_MET);
  CHECK(book.at(id).late());
  CHECK(FromProto(book.at(id).met_time()) == At("2027-01-05T09:00:00+08:00"));
  // Met keeps when it was recorded overdue.
  CHECK(FromProto(book.at(id).overdue_time()) ==
        At("2027-01-05T00:00:00+08:00"));

  // Events for other clocks and catalog events leave the book as it is.
  const DeadlineBook before = book;
  FoldDeadlines(book, Envelope(MetPayload("catalog-review:rc-a:2", false),
                               At("2027-01-06T09:00:00+08:00")));
  FoldDeadlines(book, Envelope(Published(1), At("2027-01-06T09:00:00+08:00")));
  REQUIRE(book.size() == 1);
  CHECK(book.at(id).DebugString() == before.at(id).DebugString());
}

// ---------------------------------------------------------------- MeetClock

TEST_CASE("deadline book: MeetClock closes an open or overdue clock",
          "[deadlines][book]") {
  const std::string id = "catalog-review:rc-a:1";
  const absl::Time due = At("2026-03-04T23:59:59+08:00");
  DeadlineBook book;
  Start(book, ReviewSpec("rc-a"), At("2026-03-02T10:00:00+08:00"));
  SECTION("in time, up to the due second itself") {
    for (const absl::Time now : {At("2026-03-03T15:00:00+08:00"), due}) {
      const auto met = MeetClock(book, id, now);
      REQUIRE(met.has_value());
      CHECK(met->DebugString() == MetPayload(id, false).DebugString());
    }
  }
  SECTION("one second after the due time it is late") {
    const auto met = MeetClock(book, id, due + absl::Seconds(1));
    REQUIRE(met.has_value());
    CHECK(met->DebugString() == MetPayload(id, true).DebugString());
  }
  SECTION("an overdue clock is met late") {
    FoldDeadlines(book,
                  Envelope(OverduePayload(id, due, 1), due + absl::Seconds(1)));
    const auto met = MeetClock(book, id, due + absl::Hours(9));
    REQUIRE(met.has_value());
    CHECK(met->DebugString() == MetPayload(id, true).DebugString());
  }
  SECTION("a met clock is not met again") {
    FoldDeadlines(book, Envelope(MetPayload(id, false), due));
    CHECK_FALSE(MeetClock(book, id, due).has_value());
  }
  SECTION("an unknown clock") {
    CHECK_FALSE(MeetClock(book, "catalog-review:rc-a:2", due).has_value());
  }
}

// ---------------------------------------------------------------- date clocks

TEST_CASE("deadline book: StartClockUntil records a calendar-date clock",
          "[deadlines][book][date]") {
  // One year after a release on Sat 30 May 2026: due the end of 30 May 2027,
  // whatever the working days; never provisional, never revised.
  const absl::Time start = At("2026-05-30T10:00:00+08:00");
  const absl::CivilDay day = ShanghaiDay(start);
  CHECK(day == absl::CivilDay(2026, 5, 30));
  CHECK(ShanghaiDay(At("2026-05-30T23:59:59+08:00")) == day);
  CHECK(ShanghaiDay(At("2026-05-31T00:00:00+08:00")) ==
        absl::CivilDay(2026, 5, 31));
  const absl::Time due = EndOfShanghaiDay(absl::CivilDay(2027, 5, 30));
  CHECK(due == At("2027-05-30T23:59:59+08:00"));
  ClockSpec spec = Spec("data-update:rc-a:1", 99);
  spec.kind = pb::DEADLINE_KIND_DATA_UPDATE;
  const pb::EventPayload p = StartClockUntil(spec, start, due);
  const pb::Deadline& d = p.deadline_started().deadline();
  CHECK(d.deadline_id() == "data-update:rc-a:1");
  CHECK(d.kind() == pb::DEADLINE_KIND_DATA_UPDATE);
  CHECK(d.working_days() == 0);
  CHECK_FALSE(d.provisional());
  CHECK(d.state() == pb::DEADLINE_STATE_OPEN);
  CHECK(FromProto(d.start_time()) == start);
  CHECK(FromProto(d.due_time()) == due);
  DeadlineBook book;
  FoldDeadlines(book, Envelope(p, start));
  WorkingCalendar next = RealCalendar();
  REQUIRE(next.AddYear(Hypothetical2027()).ok());
  CHECK(ReviseClocks(book, next, 2027, 1).empty());
}

TEST_CASE("deadline book: CancelClock ends an open or overdue clock",
          "[deadlines][book][cancel]") {
  const std::string id = "catalog-review:rc-a:1";
  const absl::Time due = At("2026-03-04T23:59:59+08:00");
  DeadlineBook book;
  Start(book, ReviewSpec("rc-a"), At("2026-03-02T10:00:00+08:00"));
  SECTION("open, then folded: CANCELLED with time and reason") {
    const auto cancelled = CancelClock(book, id, "entry taken down");
    REQUIRE(cancelled.has_value());
    CHECK(cancelled->deadline_cancelled().deadline_id() == id);
    CHECK(cancelled->deadline_cancelled().reason() == "entry taken down");
    FoldDeadlines(book, Envelope(*cancelled, At("2026-03-03T09:00:00+08:00")));
    CHECK(book.at(id).state() == pb::DEADLINE_STATE_CANCELLED);
    CHECK(FromProto(book.at(id).cancel_time()) ==
          At("2026-03-03T09:00:00+08:00"));
    CHECK(book.at(id).cancel_reason() == "entry taken down");
    // Neither met nor cancelled again.
    CHECK_FALSE(MeetClock(book, id, due).has_value());
    CHECK_FALSE(CancelClock(book, id, "again").has_value());
  }
  SECTION("an overdue clock can be cancelled") {
    FoldDeadlines(book,
                  Envelope(OverduePayload(id, due, 1), due + absl::Seconds(1)));
    CHECK(CancelClock(book, id, "entry taken down").has_value());
  }
  SECTION("a met or unknown clock cannot") {
    FoldDeadlines(book, Envelope(MetPayload(id, false), due));
    CHECK_FALSE(CancelClock(book, id, "x").has_value());
    CHECK_FALSE(CancelClock(book, "catalog-review:rc-a:9", "x").has_value());
  }
}

// ---------------------------------------------------------------- overdue

TEST_CASE("deadline book: DecideMarkOverdue records a passed clock once",
          "[deadlines][book][overdue]") {
  const std::string id = "catalog-review:rc-a:1";
  const absl::Time due = At("2026-03-04T23:59:59+08:00");
  DeadlineBook book;
  Start(book, ReviewSpec("rc-a"), At("2026-03-02T10:00:00+08:00"));
  const pb::Command command = MarkOverdueCommand("catalog-entry/rc-a", id);
  const pb::MarkDeadlineOverdue& mark = command.mark_deadline_overdue();

  SECTION("noticed 9 hours and 1 second late") {
    const auto events = DecideMarkOverdue(
        book, mark, SystemContext(At("2026-03-05T09:00:00+08:00")));
    INFO(events.status().ToString());
    REQUIRE(events.ok());
    CHECK(Texts(*events) == Texts({OverduePayload(id, due, 32401)}));
  }
  SECTION("one second after the due time") {
    const auto events =
        DecideMarkOverdue(book, mark, SystemContext(due + absl::Seconds(1)));
    REQUIRE(events.ok());
    REQUIRE(events->size() == 1);
    CHECK(events->front().deadline_overdue().noticed_after_seconds() == 1);
  }
  SECTION("not yet due, up to the due second itself") {
    for (const absl::Time now : {At("2026-03-03T09:00:00+08:00"), due}) {
      const auto events = DecideMarkOverdue(book, mark, SystemContext(now));
      REQUIRE_FALSE(events.ok());
      CheckError(events.status(), StatusCode::kFailedPrecondition,
                 "DEADLINE_NOT_DUE");
    }
  }
  SECTION("an unknown clock") {
    const pb::Command other =
        MarkOverdueCommand("catalog-entry/rc-a", "catalog-review:rc-a:2");
    const auto events = DecideMarkOverdue(book, other.mark_deadline_overdue(),
                                          SystemContext(due + absl::Hours(1)));
    REQUIRE_FALSE(events.ok());
    CheckError(events.status(), StatusCode::kNotFound, "DEADLINE_NOT_FOUND");
  }
  SECTION("already overdue: no events") {
    FoldDeadlines(book,
                  Envelope(OverduePayload(id, due, 1), due + absl::Seconds(1)));
    const auto events =
        DecideMarkOverdue(book, mark, SystemContext(due + absl::Hours(2)));
    REQUIRE(events.ok());
    CHECK(events->empty());
  }
  SECTION("already met: no events") {
    FoldDeadlines(book, Envelope(MetPayload(id, false), due));
    const auto events =
        DecideMarkOverdue(book, mark, SystemContext(due + absl::Hours(2)));
    REQUIRE(events.ok());
    CHECK(events->empty());
  }
}

TEST_CASE("deadline book: only the platform marks a clock overdue",
          "[deadlines][book][overdue][authz]") {
  const std::string id = "catalog-review:rc-a:1";
  DeadlineBook book;
  Start(book, ReviewSpec("rc-a"), At("2026-03-02T10:00:00+08:00"));
  const pb::Command command = MarkOverdueCommand("catalog-entry/rc-a", id);
  const pb::Actor actor = GENERATE(CityReviewer(), CountyReviewer("370811"),
                                   CountyProvider("370811", "rc-wsj"),
                                   Operator(), Auditor(), PlainUser());
  INFO("role " << pb::Role_Name(actor.role()));
  // Long past the due time, and still refused.
  const auto events =
      DecideMarkOverdue(book, command.mark_deadline_overdue(),
                        Context(actor, At("2026-03-09T09:00:00+08:00")));
  REQUIRE_FALSE(events.ok());
  CheckError(events.status(), StatusCode::kPermissionDenied,
             "ROLE_NOT_ALLOWED");
}

TEST_CASE("deadline book: the catalog decider routes MarkDeadlineOverdue",
          "[deadlines][decider][overdue]") {
  const absl::Time due = At("2026-03-04T23:59:59+08:00");
  const pb::Command command =
      MarkOverdueCommand("catalog-entry/rc-a", "catalog-review:rc-a:1");
  DeciderFixture f;
  SECTION("an entry under review") {
    f.Given(
        {Created("rc-a", CountyProvider("370811", "rc-wsj"), ValidContent())});
    f.Given(SubmittedWithClock("rc-a", "370811", 1,
                               At("2026-03-02T10:00:00+08:00"), due));
    f.When(command, SystemContext(At("2026-03-05T01:00:00+08:00")));
    // Noticed 1 hour and 1 second late.
    f.ThenEvents({OverduePayload("catalog-review:rc-a:1", due, 3601)});
  }
  SECTION("a missing entry") {
    f.Given({});
    f.When(command, SystemContext(At("2026-03-05T01:00:00+08:00")));
    f.ThenError(StatusCode::kNotFound, "CATALOG_ENTRY_NOT_FOUND");
  }
}

// ---------------------------------------------------------------- revise

TEST_CASE(
    "deadline book: ReviseClocks moves only open working-day clocks whose "
    "due time changes",
    "[deadlines][book][revise]") {
  // Started on the shipped calendar, 2027 not loaded.
  const absl::Time dec30 = At("2026-12-30T10:00:00+08:00");
  DeadlineBook book;
  // Wed 30 Dec + 2: Thu 31 Dec, Fri 1 Jan 2027 (provisional).
  Start(book, Spec("open-provisional", 2), dec30);
  // Thu 17 Dec + 12: Thu 31 Dec is day 10, Fri 1 Jan, Mon 4 Jan 2027
  // (provisional).
  Start(book, Spec("open-long", 12), At("2026-12-17T10:00:00+08:00"));
  // Tue 29 Dec + 2: Wed 30, Thu 31 Dec, inside loaded 2026.
  Start(book, Spec("open-fixed", 2), At("2026-12-29T10:00:00+08:00"));
  Start(book, Spec("met-provisional", 2), dec30);
  FoldDeadlines(book, Envelope(MetPayload("met-provisional", false), dec30));
  Start(book, Spec("overdue-provisional", 2), dec30);
  FoldDeadlines(book,
                Envelope(OverduePayload("overdue-provisional",
                                        At("2027-01-01T23:59:59+08:00"), 1),
                         At("2027-01-02T00:00:00+08:00")));
  // A calendar-date clock (31 May): no working days to recount.
  pb::Deadline annual = book.at("open-provisional");
  annual.set_deadline_id("annual-plan");
  annual.set_kind(pb::DEADLINE_KIND_ANNUAL_PLAN);
  annual.set_working_days(0);
  *annual.mutable_due_time() = ToProto(At("2027-05-31T23:59:59+08:00"));
  annual.set_provisional(true);
  book["annual-plan"] = annual;
  REQUIRE(book.at("open-provisional").provisional());
  REQUIRE(book.at("open-long").provisional());
  REQUIRE_FALSE(book.at("open-fixed").provisional());

  auto revision = [](const std::string& id, const char* old_due,
                     const char* new_due, bool new_provisional, int rev) {
    pb::EventPayload p;
    auto* e = p.mutable_deadline_revised();
    e->set_deadline_id(id);
    *e->mutable_old_due_time() = ToProto(At(old_due));
    *e->mutable_new_due_time() = ToProto(At(new_due));
    e->set_old_provisional(true);
    e->set_new_provisional(new_provisional);
    e->set_calendar_year(2027);
    e->set_calendar_revision(rev);
    return p;
  };

  SECTION("nothing changes under the same calendar") {
    CHECK(ReviseClocks(book, RealCalendar(), 2026, 2).empty());
  }
  SECTION("2027 with 1-3 Jan holidays moves both provisional open clocks") {
    WorkingCalendar next = RealCalendar();
    REQUIRE(next.AddYear(Hypothetical2027()).ok());
    const std::vector<pb::EventPayload> revised =
        ReviseClocks(book, next, 2027, 1);
    // Book order (by id). open-long: Thu 31 Dec is day 10, Mon 4 Jan day 11,
    // Tue 5 Jan day 12. open-provisional: Thu 31 Dec, Mon 4 Jan.
    CHECK(Texts(revised) ==
          Texts({revision("open-long", "2027-01-04T23:59:59+08:00",
                          "2027-01-05T23:59:59+08:00", false, 1),
                 revision("open-provisional", "2027-01-01T23:59:59+08:00",
                          "2027-01-04T23:59:59+08:00", false, 1)}));
    // Folded in, a second pass finds nothing more to revise.
    for (const pb::EventPayload& p : revised) {
      FoldDeadlines(book, Envelope(p, At("2026-12-31T10:00:00+08:00")));
    }
    CHECK(book.at("open-provisional").revisions() == 1);
    CHECK(ReviseClocks(book, next, 2027, 1).empty());
  }
  SECTION("a 2027 keeping 1 Jan a working day only clears the flag") {
    pb::CalendarYear plain;
    plain.set_year(2027);
    plain.add_holidays("2027-02-10");
    WorkingCalendar next = RealCalendar();
    REQUIRE(next.AddYear(plain).ok());
    CHECK(Texts(ReviseClocks(book, next, 2027, 3)) ==
          Texts({revision("open-long", "2027-01-04T23:59:59+08:00",
                          "2027-01-04T23:59:59+08:00", false, 3),
                 revision("open-provisional", "2027-01-01T23:59:59+08:00",
                          "2027-01-01T23:59:59+08:00", false, 3)}));
  }
}

}  // namespace
}  // namespace opendata::engine_test
