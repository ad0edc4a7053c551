// The takedown decider (Art. 14): a provider's application, the county and city
// approvals, its withdrawal before the notice, the public notice and its end,
// the destruction of a taken-down entry's open copy, the reviewer's quality
// takedown (先行下架) and the remediation that republishes; and
// MarkDeadlineOverdue for every catalog clock (a takedown notice's end makes
// the takedown effective instead of recording it overdue). Pure; safe from any
// thread.
#ifndef OPENDATA_ENGINE_CATALOG_TAKEDOWN_DECIDER_H_
#define OPENDATA_ENGINE_CATALOG_TAKEDOWN_DECIDER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/calendar/working_calendar.h"
#include "engine/catalog/catalog_state.h"
#include "engine/command_context.h"
#include "jining/opendata/v1/commands.pb.h"

namespace opendata {

// What a takedown or objection command needs from outside the entry's stream.
// The pipeline reads it (the decider stays pure) and the events record what
// was used.
struct TakedownInputs {
  // ApproveTakedown, FileObjection, WithdrawObjection, AnswerObjection:
  // subjects of the users who applied for the entry's data (the application
  // projection's by-entry rows). The approval that starts the notice records
  // them, sorted and distinct, as the users notified (Art. 14); so do the
  // objection events that suspend the entry, lift the hold or take it down
  // (Art. 19). Other commands ignore them.
  std::vector<std::string> applicants;
};

// Decides RequestTakedown, ApproveTakedown, RefuseTakedown, WithdrawTakedown,
// TakeDownForQuality, ReportRemediation, AcceptRemediation, DestroyOpenCopy
// and MarkDeadlineOverdue against an entry. Other commands: INVALID_ARGUMENT.
absl::StatusOr<std::vector<pb::EventPayload>> DecideTakedown(
    const CatalogEntryState& state, const pb::Command& command,
    const CommandContext& context, const WorkingCalendar& calendar,
    const TakedownInputs& inputs = {});

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CATALOG_TAKEDOWN_DECIDER_H_
