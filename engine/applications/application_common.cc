// Implementation of application_common.h.
#include "engine/applications/application_common.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "engine/authz.h"

namespace opendata::applications {

namespace pb = ::jining::opendata::v1;

absl::Status RequireExists(const ApplicationAggregate& s,
                           absl::string_view application_id) {
  if (s.exists()) return absl::OkStatus();
  return MakeError(absl::StatusCode::kNotFound, "APPLICATION_NOT_FOUND",
                   absl::StrCat("no application ", application_id),
                   {{"application_id", std::string(application_id)}});
}

absl::Status RequireApplicant(const ApplicationAggregate& s,
                              const CommandContext& ctx) {
  RETURN_IF_ERROR(RequireRole(ctx.actor, pb::ROLE_USER));
  if (ctx.actor.subject() == s.application.applicant().subject()) {
    return absl::OkStatus();
  }
  return MakeError(absl::StatusCode::kPermissionDenied, "NOT_APPLICANT",
                   "only the applicant may do this",
                   {{"application_id", s.application.application_id()}});
}

absl::Status RequireEntryOwner(const ApplicationAggregate& s,
                               const CommandContext& ctx) {
  return RequireOwner(ctx.actor, s.application.entry().provider_organization());
}

absl::Status WrongState(const ApplicationAggregate& s, absl::string_view reason,
                        absl::string_view message) {
  return MakeError(
      absl::StatusCode::kFailedPrecondition, reason, message,
      {{"application_id", s.application.application_id()},
       {"state", pb::ApplicationState_Name(s.application.state())}});
}

pb::EventPayload StartDateClock(const ApplicationAggregate& s,
                                pb::DeadlineKind kind,
                                const std::string& deadline_id, pb::Role role,
                                const std::string& organization, absl::Time now,
                                absl::Time due) {
  ClockSpec clock;
  clock.kind = kind;
  clock.deadline_id = deadline_id;
  clock.stream_id = ApplicationStream(s.application.application_id());
  clock.subject_id = s.application.application_id();
  clock.responsible_role = role;
  clock.responsible_organization = organization;
  clock.responsible_region = s.application.entry().region();
  return StartClockUntil(clock, now, due);
}

pb::EventPayload StartDestructionClock(const ApplicationAggregate& s,
                                       absl::Time now, absl::Time end) {
  const absl::CivilDay day =
      ShanghaiDay(end) + s.application.terms().destruction_days();
  return StartDateClock(s, pb::DEADLINE_KIND_DATA_DESTRUCTION,
                        DestructionDeadlineId(s.application.application_id()),
                        pb::ROLE_USER, s.application.applicant().organization(),
                        now, EndOfShanghaiDay(day));
}

void AppendIf(Events& events, std::optional<pb::EventPayload> event) {
  if (event.has_value()) events.push_back(*std::move(event));
}

}  // namespace opendata::applications
