// The change decider: reclassification and other adjustments of a published
// entry (Art. 9) and migration of an entry to another organisation (Art. 13).
// Pure; safe from any thread.
//
// Content change, with the entry PUBLISHED throughout and its old content in
// force until approval (CatalogEntryState::change):
//   apply (owner, complete proposed content passing the submission rules,
//   reasons; basis documents for a RESTRICTION, opening evidence for an
//   OPENING) --> [PENDING] --approve (the entry's county reviewer or the city
//   reviewer)--> [APPROVED], content replaced; or --refuse (reasons)-->
//   [REFUSED].
// Migration (CatalogEntryState::migration):
//   request (owner: receiver org, level, region, reasons) --> [PENDING]
//   --confirm (a provider of the receiver)--> [CONFIRMED] --approve (a
//   reviewer with jurisdiction over the entry; the city reviewer if the
//   receiver is in another region)--> [APPROVED], provider/level/region
//   changed; or decline (receiver) / refuse (reviewer) at a pending step.
#ifndef OPENDATA_ENGINE_CATALOG_CHANGE_DECIDER_H_
#define OPENDATA_ENGINE_CATALOG_CHANGE_DECIDER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "engine/catalog/catalog_state.h"
#include "engine/command_context.h"
#include "jining/opendata/v1/commands.pb.h"

namespace opendata {

// Maximum basis documents and opening evidence items of one application.
inline constexpr int kMaxChangeDocuments = 20;

// Decides ApplyForContentChange, ApproveContentChange, RefuseContentChange,
// RequestMigration, ConfirmMigration, DeclineMigration, ApproveMigration and
// RefuseMigration. Other commands: INVALID_ARGUMENT.
absl::StatusOr<std::vector<pb::EventPayload>> DecideChange(
    const CatalogEntryState& state, const pb::Command& command,
    const CommandContext& context);

// Classifies a change of open attribute (Art. 9).
pb::ContentChangeKind ClassifyChange(pb::OpenAttribute old_attribute,
                                     pb::OpenAttribute new_attribute);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_CATALOG_CHANGE_DECIDER_H_
