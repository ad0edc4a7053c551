// The catalog entry decider (Art. 7, 8, 10): Decide(state, command) -> events
// or an error. Pure: everything from outside arrives in the command, its
// context and the calendar snapshot, and every computed value (such as the
// review deadline) is recorded in the events. Safe from any thread.
//
// Transitions:   (none) --create--> DRAFT --edit--> DRAFT --submit--> SUBMITTED
// --publish--> PUBLISHED
//                                                   RETURNED <--return--
//                                                   SUBMITTED; RETURNED
//                                                   --edit/submit-->
// Takedown (Art. 14), with the entry PUBLISHED throughout application and
// notice and the application kept in CatalogEntryState::takedown:
//   PUBLISHED --request--> [APPLIED] --approve (county reviewer, COUNTY entries
//   only)--> [COUNTY_APPROVED] --approve (city reviewer)--> [NOTICE: the
//   10-working-day TAKEDOWN_NOTICE clock starts] --MarkDeadlineOverdue after
//   its end (scheduler)--> [EFFECTIVE] and the entry TAKEN_DOWN. Any pending
//   step may be refused instead ([REFUSED]; the entry stays PUBLISHED).
// Quality takedown (先行下架): PUBLISHED --take down for quality (reviewer)-->
//   SUSPENDED_FOR_QUALITY --report remediation (provider)--> (same state, with
//   notes) --accept remediation (reviewer)--> PUBLISHED.
// Takedown withdrawal (owner, before the notice) and destruction of a
//   TAKEN_DOWN entry's open copy (reviewer): takedown_decider.h. After a
//   destruction every command but MarkDeadlineOverdue is refused
//   (OPEN_COPY_DESTROYED).
// Content changes and migration of published entries (Art. 9, 13):
//   change_decider.h. The industry data entry (Art. 10(3)): industry_decider.h.
// Releases and quality assessments (Art. 12, release_decider.h) are recorded
// on PUBLISHED and SUSPENDED_FOR_QUALITY entries without changing the state;
// publication starts their upkeep clocks and the takedown cancels them.
// Refusals: INVALID_ARGUMENT (bad fields), NOT_FOUND, ALREADY_EXISTS,
// PERMISSION_DENIED (authz.h reasons), FAILED_PRECONDITION (wrong state,
// submission rules, one-time notification).
#ifndef OPENDATA_ENGINE_CATALOG_CATALOG_DECIDER_H_
#define OPENDATA_ENGINE_CATALOG_CATALOG_DECIDER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "engine/calendar/working_calendar.h"
#include "engine/catalog/catalog_state.h"
#include "engine/catalog/takedown_decider.h"
#include "engine/command_context.h"
#include "jining/opendata/v1/commands.pb.h"

namespace opendata {

// Working days the reviewer has for the formal review of a catalog entry (Art.
// 10).
inline constexpr int kCatalogReviewWorkingDays = 2;

// Working days of the public notice before a takedown takes effect (Art. 14:
// at least 10; it ends at the end of the 10th working day).
inline constexpr int kTakedownNoticeWorkingDays = 10;

// Maximum length, in characters, of takedown reasons and remediation notes.
inline constexpr int kMaxTakedownText = 1000;

// Maximum defects in one notice.
inline constexpr int kMaxDefects = 100;

// Decides a catalog command against the entry's current state. An empty result
// means the command changes nothing (e.g. an edit with identical content).
// `takedown_inputs` go to the takedown commands (takedown_decider.h).
absl::StatusOr<std::vector<pb::EventPayload>> DecideCatalog(
    const CatalogEntryState& state, const pb::Command& command,
    const CommandContext& context, const WorkingCalendar& calendar,
    const TakedownInputs& takedown_inputs = {});

// The catalog entry id a catalog command targets ("" if the command is not a
// catalog command).
std::string CatalogEntryIdOf(const pb::Command& command);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CATALOG_CATALOG_DECIDER_H_
