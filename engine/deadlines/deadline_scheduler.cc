// Implementation of deadline_scheduler.h.
#include "engine/deadlines/deadline_scheduler.h"

#include "absl/strings/numbers.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/projections/deadline_projection.h"
#include "engine/regions.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

constexpr size_t kScanBatch = 1024;

// Due time (unix micros) encoded in an open-due key:
// deadline/open-due/<due20>/<id>.
int64_t DueOfKey(absl::string_view key) {
  absl::string_view rest = key.substr(sizeof(kDeadlineOpenDuePrefix) - 1, 20);
  int64_t micros = 0;
  return absl::SimpleAtoi(rest, &micros) ? micros : 0;
}

}  // namespace

pb::Actor SystemActor() {
  pb::Actor actor;
  actor.set_subject("opendata-scheduler");
  actor.set_role(pb::ROLE_SYSTEM);
  actor.set_organization("platform");
  actor.set_level(pb::LEVEL_CITY);
  actor.set_region(std::string(kCityRegion));
  actor.set_auth_method(pb::AUTH_METHOD_SYSTEM);
  return actor;
}

absl::StatusOr<int> DeadlineScheduler::RunOnce() {
  const absl::Time now = clock_->Now();
  const int64_t now_micros = absl::ToUnixMicros(now);
  int fired = 0;
  absl::Status first_error;
  std::string after;
  while (true) {
    ASSIGN_OR_RETURN(auto rows, store_->ScanProjection(kDeadlineOpenDuePrefix,
                                                       after, kScanBatch));
    for (const auto& [key, value] : rows) {
      if (DueOfKey(key) >= now_micros)
        return first_error.ok() ? absl::StatusOr<int>(fired) : first_error;
      const std::string id = key.substr(key.rfind('/') + 1);
      ASSIGN_OR_RETURN(std::optional<std::string> row,
                       store_->GetProjection(kDeadlineRowPrefix + id));
      pb::Deadline deadline;
      if (!row.has_value() || !deadline.ParseFromString(*row)) {
        return MakeError(absl::StatusCode::kDataLoss, "PROJECTION_CORRUPT",
                         "open-deadline index names a missing deadline",
                         {{"deadline_id", id}});
      }
      pb::Command command;
      command.mutable_mark_deadline_overdue()->set_stream_id(
          deadline.stream_id());
      command.mutable_mark_deadline_overdue()->set_deadline_id(id);
      CommandContext context{SystemActor(), now, "deadline-overdue:" + id, ""};
      absl::StatusOr<CommandOutcome> outcome =
          pipeline_->Execute(command, context);
      if (!outcome.ok()) {
        if (first_error.ok()) first_error = outcome.status();
      } else if (outcome->first_sequence > 0 && !outcome->replayed) {
        ++fired;
      }
    }
    if (rows.size() < kScanBatch) break;
    after = rows.back().first;
  }
  if (!first_error.ok()) return first_error;
  return fired;
}

}  // namespace opendata
