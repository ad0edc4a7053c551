// The objection decider (Art. 19): a user's objection to a published entry
// (error, omission, rights infringement), its withdrawal, the reviewer's
// verification and the provider's answer with an outcome. A rights-
// infringement filing suspends the entry in the filing event itself
// (SUSPENDED_FOR_OBJECTION); the answer or the withdrawal lifts the hold when
// no other infringement objection is pending, or takes the entry down. Pure;
// safe from any thread.
#ifndef OPENDATA_ENGINE_CATALOG_OBJECTION_DECIDER_H_
#define OPENDATA_ENGINE_CATALOG_OBJECTION_DECIDER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "engine/calendar/working_calendar.h"
#include "engine/catalog/catalog_state.h"
#include "engine/catalog/takedown_decider.h"
#include "engine/command_context.h"
#include "jining/opendata/v1/commands.pb.h"

namespace opendata {

// The provider answers an objection within 10 working days (Art. 19).
inline constexpr int kObjectionAnswerWorkingDays = 10;
// Limits of an objection's fields (characters or items).
inline constexpr int kMaxObjectionDescription = 2000;
inline constexpr int kMaxObjectionItems = 50;
inline constexpr int kMaxObjectionItemText = 200;
inline constexpr int kMaxObjectionEvidence = 20;
inline constexpr int kMaxObjectionText = 1000;
inline constexpr int kMaxObjectionEmail = 200;

// True for the commands DecideObjection decides.
bool IsObjectionCommand(const pb::Command& command);

// Decides FileObjection, WithdrawObjection, VerifyObjection and
// AnswerObjection against an entry. `inputs.applicants` are the entry's users,
// recorded as notified on the events that suspend, resume or end their access.
// Other commands: INVALID_ARGUMENT.
absl::StatusOr<std::vector<pb::EventPayload>> DecideObjection(
    const CatalogEntryState& state, const pb::Command& command,
    const CommandContext& context, const WorkingCalendar& calendar,
    const TakedownInputs& inputs = {});

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CATALOG_OBJECTION_DECIDER_H_
