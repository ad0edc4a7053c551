// The organisation profile decider (Art. 23): a provider keeps its
// organisation's responsible persons current. Pure; safe from any thread.
//
//   (none) / set --SetResponsiblePersons (a provider of the organisation)-->
//   set; an identical list (and provider level and region) records nothing.
// Refusals: INVALID_ARGUMENT (RESPONSIBLE_PERSONS_INVALID), PERMISSION_DENIED
// (ROLE_NOT_ALLOWED, NOT_ENTRY_OWNER). Violations name fields only, never the
// personal values.
#ifndef OPENDATA_ENGINE_ORGANIZATIONS_ORGANIZATION_DECIDER_H_
#define OPENDATA_ENGINE_ORGANIZATIONS_ORGANIZATION_DECIDER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "engine/command_context.h"
#include "engine/organizations/organization_state.h"
#include "jining/opendata/v1/commands.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

// Persons one organisation names.
inline constexpr int kMaxResponsiblePersons = 10;

// Decides SetResponsiblePersons against the organisation's profile.
absl::StatusOr<std::vector<jining::opendata::v1::EventPayload>>
DecideOrganization(const OrganizationState& state,
                   const jining::opendata::v1::Command& command,
                   const CommandContext& context);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_ORGANIZATIONS_ORGANIZATION_DECIDER_H_
