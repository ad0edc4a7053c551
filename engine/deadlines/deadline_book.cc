// Implementation of deadline_book.h.
#include "engine/deadlines/deadline_book.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/authz.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

void FoldDeadlines(DeadlineBook& book, const pb::EventEnvelope& event) {
  const pb::EventPayload& p = event.payload();
  switch (p.event_case()) {
    case pb::EventPayload::kDeadlineStarted:
      book[p.deadline_started().deadline().deadline_id()] =
          p.deadline_started().deadline();
      break;
    case pb::EventPayload::kDeadlineMet: {
      auto it = book.find(p.deadline_met().deadline_id());
      if (it == book.end()) return;
      it->second.set_state(pb::DEADLINE_STATE_MET);
      *it->second.mutable_met_time() = event.occurred_at();
      it->second.set_late(p.deadline_met().late());
      break;
    }
    case pb::EventPayload::kDeadlineOverdue: {
      auto it = book.find(p.deadline_overdue().deadline_id());
      if (it == book.end()) return;
      it->second.set_state(pb::DEADLINE_STATE_OVERDUE);
      *it->second.mutable_overdue_time() = event.occurred_at();
      break;
    }
    case pb::EventPayload::kDeadlineCancelled: {
      auto it = book.find(p.deadline_cancelled().deadline_id());
      if (it == book.end()) return;
      it->second.set_state(pb::DEADLINE_STATE_CANCELLED);
      *it->second.mutable_cancel_time() = event.occurred_at();
      it->second.set_cancel_reason(p.deadline_cancelled().reason());
      break;
    }
    case pb::EventPayload::kDeadlineRevised: {
      const auto& e = p.deadline_revised();
      auto it = book.find(e.deadline_id());
      if (it == book.end()) return;
      *it->second.mutable_due_time() = e.new_due_time();
      it->second.set_provisional(e.new_provisional());
      it->second.set_revisions(it->second.revisions() + 1);
      break;
    }
    default:
      break;
  }
}

namespace {

pb::EventPayload Started(const ClockSpec& spec, absl::Time now) {
  pb::EventPayload p;
  pb::Deadline* d = p.mutable_deadline_started()->mutable_deadline();
  d->set_deadline_id(spec.deadline_id);
  d->set_kind(spec.kind);
  d->set_stream_id(spec.stream_id);
  d->set_subject_id(spec.subject_id);
  d->set_responsible_role(spec.responsible_role);
  d->set_responsible_organization(spec.responsible_organization);
  d->set_responsible_region(spec.responsible_region);
  *d->mutable_start_time() = ToProto(now);
  d->set_state(pb::DEADLINE_STATE_OPEN);
  return p;
}

}  // namespace

pb::EventPayload StartClock(const ClockSpec& spec, absl::Time now,
                            const WorkingCalendar& calendar) {
  const WorkingCalendar::Deadline due =
      calendar.AddWorkingDays(now, spec.working_days);
  pb::EventPayload p = Started(spec, now);
  pb::Deadline* d = p.mutable_deadline_started()->mutable_deadline();
  d->set_working_days(spec.working_days);
  *d->mutable_due_time() = ToProto(due.due);
  d->set_provisional(due.provisional);
  return p;
}

pb::EventPayload StartClockUntil(const ClockSpec& spec, absl::Time now,
                                 absl::Time due) {
  pb::EventPayload p = Started(spec, now);
  *p.mutable_deadline_started()->mutable_deadline()->mutable_due_time() =
      ToProto(due);
  return p;
}

absl::Time EndOfShanghaiDay(absl::CivilDay day) {
  return absl::FromCivil(
      absl::CivilSecond(day.year(), day.month(), day.day(), 23, 59, 59),
      ShanghaiTimeZone());
}

absl::CivilDay ShanghaiDay(absl::Time t) {
  return absl::ToCivilDay(t, ShanghaiTimeZone());
}

std::optional<pb::EventPayload> CancelClock(const DeadlineBook& book,
                                            const std::string& deadline_id,
                                            const std::string& reason) {
  auto it = book.find(deadline_id);
  if (it == book.end() || (it->second.state() != pb::DEADLINE_STATE_OPEN &&
                           it->second.state() != pb::DEADLINE_STATE_OVERDUE)) {
    return std::nullopt;
  }
  pb::EventPayload p;
  p.mutable_deadline_cancelled()->set_deadline_id(deadline_id);
  p.mutable_deadline_cancelled()->set_reason(reason);
  return p;
}

std::optional<pb::EventPayload> MeetClock(const DeadlineBook& book,
                                          const std::string& deadline_id,
                                          absl::Time now) {
  auto it = book.find(deadline_id);
  if (it == book.end() || it->second.state() == pb::DEADLINE_STATE_MET ||
      it->second.state() == pb::DEADLINE_STATE_CANCELLED)
    return std::nullopt;
  pb::EventPayload p;
  p.mutable_deadline_met()->set_deadline_id(deadline_id);
  p.mutable_deadline_met()->set_late(now > FromProto(it->second.due_time()));
  return p;
}

absl::StatusOr<std::vector<pb::EventPayload>> DecideMarkOverdue(
    const DeadlineBook& book, const pb::MarkDeadlineOverdue& command,
    const CommandContext& context) {
  RETURN_IF_ERROR(RequireRole(context.actor, pb::ROLE_SYSTEM));
  auto it = book.find(command.deadline_id());
  if (it == book.end()) {
    return MakeError(absl::StatusCode::kNotFound, "DEADLINE_NOT_FOUND",
                     absl::StrCat("no deadline ", command.deadline_id(), " on ",
                                  command.stream_id()),
                     {{"deadline_id", command.deadline_id()}});
  }
  const pb::Deadline& d = it->second;
  if (d.state() != pb::DEADLINE_STATE_OPEN)
    return std::vector<pb::EventPayload>{};
  const absl::Time due = FromProto(d.due_time());
  if (context.now <= due) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "DEADLINE_NOT_DUE",
        absl::StrCat("deadline ", d.deadline_id(), " is not due yet"),
        {{"deadline_id", d.deadline_id()}});
  }
  pb::EventPayload p;
  auto* e = p.mutable_deadline_overdue();
  e->set_deadline_id(d.deadline_id());
  *e->mutable_due_time() = d.due_time();
  e->set_noticed_after_seconds(absl::ToInt64Seconds(context.now - due));
  return std::vector<pb::EventPayload>{p};
}

std::vector<pb::EventPayload> ReviseClocks(const DeadlineBook& book,
                                           const WorkingCalendar& calendar,
                                           int year, int revision) {
  std::vector<pb::EventPayload> out;
  for (const auto& [id, d] : book) {
    if (d.state() != pb::DEADLINE_STATE_OPEN || d.working_days() <= 0) continue;
    const WorkingCalendar::Deadline due =
        calendar.AddWorkingDays(FromProto(d.start_time()), d.working_days());
    const google::protobuf::Timestamp new_due = ToProto(due.due);
    if (new_due.seconds() == d.due_time().seconds() &&
        new_due.nanos() == d.due_time().nanos() &&
        due.provisional == d.provisional()) {
      continue;
    }
    pb::EventPayload p;
    auto* e = p.mutable_deadline_revised();
    e->set_deadline_id(id);
    *e->mutable_old_due_time() = d.due_time();
    *e->mutable_new_due_time() = new_due;
    e->set_old_provisional(d.provisional());
    e->set_new_provisional(due.provisional);
    e->set_calendar_year(year);
    e->set_calendar_revision(revision);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace opendata
