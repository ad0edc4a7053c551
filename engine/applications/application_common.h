// Helpers shared by the application deciders (application_decider.cc,
// agreement_decider.cc): who may act on an application, state refusals, and
// the clocks. Internal to engine/applications. Pure functions; safe from any
// thread.
#ifndef OPENDATA_ENGINE_APPLICATIONS_APPLICATION_COMMON_H_
#define OPENDATA_ENGINE_APPLICATIONS_APPLICATION_COMMON_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/applications/application_state.h"
#include "engine/command_context.h"
#include "jining/opendata/v1/commands.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata::applications {

using Events = std::vector<jining::opendata::v1::EventPayload>;

// NOT_FOUND APPLICATION_NOT_FOUND unless the application exists.
absl::Status RequireExists(const ApplicationAggregate& s,
                           absl::string_view application_id);

// PERMISSION_DENIED unless the actor is the applicant (ROLE_NOT_ALLOWED for
// another role, NOT_APPLICANT for another user).
absl::Status RequireApplicant(const ApplicationAggregate& s,
                              const CommandContext& ctx);

// PERMISSION_DENIED unless the actor is a provider of the entry's owner.
absl::Status RequireEntryOwner(const ApplicationAggregate& s,
                               const CommandContext& ctx);

// FAILED_PRECONDITION `reason` naming the application's state.
absl::Status WrongState(const ApplicationAggregate& s, absl::string_view reason,
                        absl::string_view message);

// A DeadlineStarted for a calendar-date clock on the application's stream.
jining::opendata::v1::EventPayload StartDateClock(
    const ApplicationAggregate& s, jining::opendata::v1::DeadlineKind kind,
    const std::string& deadline_id, jining::opendata::v1::Role role,
    const std::string& organization, absl::Time now, absl::Time due);

// The destruction clock: due at the end of the day `days` after the day of
// `end`.
jining::opendata::v1::EventPayload StartDestructionClock(
    const ApplicationAggregate& s, absl::Time now, absl::Time end);

// Appends the event if set.
void AppendIf(Events& events,
              std::optional<jining::opendata::v1::EventPayload> event);

// Decides the commands after approval (agreement_decider.cc): SignAgreement,
// renewals, RevokeGrant, AttestDestruction, reports and MarkDeadlineOverdue.
absl::StatusOr<Events> DecideAgreement(
    const ApplicationAggregate& s, const jining::opendata::v1::Command& command,
    const CommandContext& ctx);

}  // namespace opendata::applications

#endif  // OPENDATA_ENGINE_APPLICATIONS_APPLICATION_COMMON_H_
