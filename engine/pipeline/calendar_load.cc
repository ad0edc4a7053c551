// CommandPipeline::ExecuteCalendarLoad (declared in command_pipeline.h):
// loading or correcting a year's working-day schedule. It is the one command
// that spans streams: CalendarYearLoaded on "calendar/<year>" and a
// DeadlineRevised on the stream of every open deadline the new schedule moves,
// in one atomic append, while the calendar lock keeps every other command out.
// Only after the append is durable does the new calendar come into force, so no
// deadline is ever computed with a schedule the log does not hold.
#include <set>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/authz.h"
#include "engine/calendar/calendar_year.h"
#include "engine/pipeline/command_pipeline.h"
#include "engine/pipeline/envelopes.h"
#include "engine/projections/deadline_projection.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

constexpr size_t kScanBatch = 4096;

// True if both describe the same schedule (order of dates does not matter).
bool SameSchedule(const pb::CalendarYear& a, const pb::CalendarYear& b) {
  auto set = [](const auto& dates) {
    return std::set<std::string>(dates.begin(), dates.end());
  };
  return a.year() == b.year() && set(a.holidays()) == set(b.holidays()) &&
         set(a.makeup_workdays()) == set(b.makeup_workdays()) &&
         a.source() == b.source();
}

// Streams that hold at least one OPEN deadline, from the deadline projection.
absl::StatusOr<std::set<std::string>> StreamsWithOpenDeadlines(
    EventStore& store) {
  const std::string prefix =
      absl::StrCat(kDeadlineByStatePrefix, "0", pb::DEADLINE_STATE_OPEN, "/");
  std::set<std::string> streams;
  std::string after;
  while (true) {
    ASSIGN_OR_RETURN(auto rows,
                     store.ScanProjection(prefix, after, kScanBatch));
    for (const auto& [key, value] : rows) {
      const std::string id = key.substr(key.rfind('/') + 1);
      ASSIGN_OR_RETURN(std::optional<std::string> row,
                       store.GetProjection(kDeadlineRowPrefix + id));
      pb::Deadline deadline;
      if (!row.has_value() || !deadline.ParseFromString(*row)) {
        return MakeError(
            absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
            "deadline index names a missing or unreadable deadline",
            {{"deadline_id", id}});
      }
      streams.insert(deadline.stream_id());
    }
    if (rows.size() < kScanBatch) return streams;
    after = rows.back().first;
  }
}

absl::Status RequireCalendarRole(const pb::Actor& actor) {
  if (actor.role() == pb::ROLE_SYSTEM) return absl::OkStatus();
  return RequireRole(actor, pb::ROLE_OPERATOR);
}

}  // namespace

absl::StatusOr<CommandOutcome> CommandPipeline::ExecuteCalendarLoad(
    const pb::LoadCalendarYear& command, const CommandContext& context,
    const std::string& fingerprint) {
  RETURN_IF_ERROR(RequireCalendarRole(context.actor));
  RETURN_IF_ERROR(ValidateCalendarYear(command.calendar()));
  std::unique_lock<std::shared_mutex> calendar_lock(calendar_mu_);
  const std::string key =
      IdempotencyKey(context.actor.subject(), context.request_id);
  ASSIGN_OR_RETURN(std::optional<CommandOutcome> replayed,
                   Replayed(key, fingerprint, context.request_id));
  if (replayed.has_value()) return *std::move(replayed);

  const int year = command.calendar().year();
  const std::string calendar_stream = absl::StrCat("calendar/", year);
  ASSIGN_OR_RETURN(LoadedStream loaded, LoadStream(*store_, calendar_stream));
  if (loaded.view.calendar.has_value() &&
      SameSchedule(loaded.view.calendar->calendar(), command.calendar())) {
    CommandOutcome unchanged;
    unchanged.request_id = context.request_id;
    unchanged.stream_id = calendar_stream;
    unchanged.stream_version = loaded.version;
    return unchanged;
  }
  const int revision = loaded.view.calendar.has_value()
                           ? loaded.view.calendar->revision() + 1
                           : 1;
  WorkingCalendar next = *calendar_->Current();
  RETURN_IF_ERROR(next.AddYear(command.calendar()));

  AppendRequest request;
  request.idempotency_key = key;
  request.fingerprint = fingerprint;
  pb::EventPayload loaded_event;
  *loaded_event.mutable_calendar_year_loaded()->mutable_calendar() =
      command.calendar();
  loaded_event.mutable_calendar_year_loaded()->set_revision(revision);
  ProjectionRows before = StreamRows(loaded.view);
  request.streams.push_back(BuildAppend(calendar_stream, loaded.version,
                                        {loaded_event}, context, loaded.view));
  for (auto& m : DiffRows(before, StreamRows(loaded.view)))
    request.projection.push_back(std::move(m));

  ASSIGN_OR_RETURN(std::set<std::string> streams,
                   StreamsWithOpenDeadlines(*store_));
  for (const std::string& stream_id : streams) {
    ASSIGN_OR_RETURN(LoadedStream s, LoadStream(*store_, stream_id));
    std::vector<pb::EventPayload> revisions =
        ReviseClocks(s.view.deadlines, next, year, revision);
    if (revisions.empty()) continue;
    before = StreamRows(s.view);
    request.streams.push_back(BuildAppend(
        stream_id, s.version, std::move(revisions), context, s.view));
    for (auto& m : DiffRows(before, StreamRows(s.view)))
      request.projection.push_back(std::move(m));
  }
  ASSIGN_OR_RETURN(AppendOutcome appended, store_->Append(std::move(request)));
  calendar_->Replace(std::move(next));
  return OutcomeFromResult(appended.result, context.request_id,
                           appended.replayed);
}

}  // namespace opendata
