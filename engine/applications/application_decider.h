// The conditional application deciders (Art. 16-17, annexes 3-5). Pure:
// everything from outside arrives in the state, the command (with the credit
// registry's answer, filled by the service), its context, the calendar and,
// for SubmitApplication, the entry's facts that the pipeline read from the
// catalog projection; every computed value (due times, the grant's period) is
// recorded in the events. Safe from any thread.
//
// An application ("application/<id>", DecideApplication):
//   (none) --submit (real-name verified USER, not credit-listed, PUBLISHED
//     CONDITIONAL entry)--> SUBMITTED, formal review clock 5 WD (reviewer of
//     the entry's region)
//   SUBMITTED --pass (reviewer)--> PROVIDER_REVIEW, provider clock 10 WD
//   SUBMITTED --fail with every defect (reviewer)--> FORMAL_REVIEW_FAILED
//   PROVIDER_REVIEW --approve with terms (owner)--> APPROVED
//   PROVIDER_REVIEW --refuse with typed reasons (owner)--> REFUSED
//   SUBMITTED / PROVIDER_REVIEW --withdraw (applicant)--> WITHDRAWN
//   APPROVED --sign (applicant, owner; either order)--> GRANTED when both
//     signed: AccessGranted, AGREEMENT_END clock (end of the last day of use)
//     and RESULT_REPORT clock (the agreed months)
//   GRANTED --renewal applied (applicant, before the end) / approved (owner:
//     the end moves, a new AGREEMENT_END clock) / refused (owner)
//   GRANTED --revoke with reason (owner or reviewer)--> REVOKED, destruction
//     clock
//   GRANTED --MarkDeadlineOverdue of the AGREEMENT_END clock (scheduler)-->
//     ENDED (the clock is met, AccessLapsed, destruction clock)
//   ENDED / REVOKED --attest destruction (applicant)
//   GRANTED / ENDED / REVOKED --usage and result reports (applicant)
// The credit registry ("credit-registry/<party>", DecideCreditRegistry):
//   SetCreditListing / ClearCreditListing by operators.
// Refusals: see docs/architecture.md "Conditional applications".
#ifndef OPENDATA_ENGINE_APPLICATIONS_APPLICATION_DECIDER_H_
#define OPENDATA_ENGINE_APPLICATIONS_APPLICATION_DECIDER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/applications/application_state.h"
#include "engine/calendar/working_calendar.h"
#include "engine/command_context.h"
#include "jining/opendata/v1/applications.pb.h"
#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/commands.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

// Working days of the reviews (Art. 17).
inline constexpr int kApplicationFormalReviewDays = 5;
inline constexpr int kApplicationProviderReviewDays = 10;

// True for the commands of application streams (MarkDeadlineOverdue aside).
bool IsApplicationCommand(const jining::opendata::v1::Command& command);

// The application id a command names; "" for commands of other streams.
std::string ApplicationIdOf(const jining::opendata::v1::Command& command);

// The facts of `entry` that an application records.
jining::opendata::v1::EntryFacts FactsOf(
    const jining::opendata::v1::CatalogEntry& entry);

// Decides the application commands and MarkDeadlineOverdue on an application
// stream. `entry` is the catalog entry's facts for SubmitApplication (nullopt:
// no such entry); ignored otherwise. An empty result changes nothing.
absl::StatusOr<std::vector<jining::opendata::v1::EventPayload>>
DecideApplication(const ApplicationAggregate& state,
                  const jining::opendata::v1::Command& command,
                  const CommandContext& context,
                  const WorkingCalendar& calendar,
                  const std::optional<jining::opendata::v1::EntryFacts>& entry);

// Decides SetCreditListing and ClearCreditListing (OPERATOR only).
absl::StatusOr<std::vector<jining::opendata::v1::EventPayload>>
DecideCreditRegistry(const CreditRegistryAggregate& state,
                     const jining::opendata::v1::Command& command,
                     const CommandContext& context);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_APPLICATIONS_APPLICATION_DECIDER_H_
