// The unopened-data demand deciders (Art. 18, annex 7). Pure: everything from
// outside arrives in the state, the command, its context, the calendar and
// DemandInputs (what the pipeline read from projections: the cited call, the
// owning department's region, the linked entry's facts); every computed value
// (due times, the review region, lateness) is recorded in the events. Safe
// from any thread.
//
// A demand ("demand/<id>", DecideDemand):
//   (none) --submit (real-name verified USER; a cited call must accept
//     demands now)--> FORMAL_REVIEW, clock 5 WD (reviewers of the demand's
//     region: the owning department's county if its profile names one, else
//     the city)
//   FORMAL_REVIEW --pass (reviewer of the region or city)--> PASSED
//   FORMAL_REVIEW --fail with every defect--> FORMAL_REVIEW_FAILED
//   PASSED --forward (CITY reviewer)--> PROVIDER_ANSWER, clock 10 WD (the
//     provider organisation)
//   PROVIDER_ANSWER --answer OPENABLE (provider)--> OPENING, clock 20 WD
//   PROVIDER_ANSWER --answer NOT_OPENABLE with reasons--> NOT_OPENABLE
//   OPENING --link a PUBLISHED entry of that organisation--> FULFILLED (the
//     clock is met, late if past due)
//   FORMAL_REVIEW / PASSED / PROVIDER_ANSWER --withdraw (requester)-->
//     WITHDRAWN (the running clock is cancelled)
//   any --MarkDeadlineOverdue (scheduler) of its clocks
// A public call ("demand-call/<id>", DecideDemandCall):
//   (none) --open (CITY reviewer)--> OPEN --close early (CITY reviewer)-->
//   CLOSED
// Refusals: see docs/architecture.md "Unopened-data demands (Art. 18)".
#ifndef OPENDATA_ENGINE_DEMANDS_DEMAND_DECIDER_H_
#define OPENDATA_ENGINE_DEMANDS_DEMAND_DECIDER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/calendar/working_calendar.h"
#include "engine/command_context.h"
#include "engine/demands/demand_state.h"
#include "jining/opendata/v1/applications.pb.h"
#include "jining/opendata/v1/commands.pb.h"
#include "jining/opendata/v1/demands.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

// Working days of the steps (Art. 18).
inline constexpr int kDemandFormalReviewDays = 5;
inline constexpr int kDemandAnswerDays = 10;
inline constexpr int kDemandOpeningDays = 20;

// True for the commands of demand streams (MarkDeadlineOverdue aside).
bool IsDemandCommand(const jining::opendata::v1::Command& command);

// The demand id a command names; "" for commands of other streams.
std::string DemandIdOf(const jining::opendata::v1::Command& command);

// True for the commands of call streams.
bool IsDemandCallCommand(const jining::opendata::v1::Command& command);

// The call id a call command names; "" for other commands.
std::string DemandCallIdOf(const jining::opendata::v1::Command& command);

// What the pipeline read for a demand command.
struct DemandInputs {
  // SubmitDemand citing a call: the call's row (nullopt: no such call).
  std::optional<jining::opendata::v1::DemandCall> call;
  // SubmitDemand: the region of the owning department's organisation profile
  // ("" if no department or no profile).
  std::string department_region;
  // LinkDemandEntry: the entry's facts (nullopt: no such entry).
  std::optional<jining::opendata::v1::EntryFacts> entry;
};

// Decides the demand commands and MarkDeadlineOverdue on a demand stream. An
// empty result changes nothing.
absl::StatusOr<std::vector<jining::opendata::v1::EventPayload>> DecideDemand(
    const DemandAggregate& state, const jining::opendata::v1::Command& command,
    const CommandContext& context, const WorkingCalendar& calendar,
    const DemandInputs& inputs);

// Decides OpenDemandCall and CloseDemandCall.
absl::StatusOr<std::vector<jining::opendata::v1::EventPayload>>
DecideDemandCall(const DemandCallAggregate& state,
                 const jining::opendata::v1::Command& command,
                 const CommandContext& context);

// True if `call` accepts demands at `now`: OPEN and start <= now <= end.
bool CallAccepts(const jining::opendata::v1::DemandCall& call, absl::Time now);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_DEMANDS_DEMAND_DECIDER_H_
