// Implementation of receipt_access.h. Stateless; safe from any thread.
#include "engine/receipt_access.h"

#include <algorithm>
#include <string>

#include "common/errors.h"
#include "engine/authz.h"
#include "engine/notifications/recipients.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

absl::Status RequireReceiptAccess(const pb::Actor& actor,
                                  const pb::EventEnvelope& event) {
  if (IsOverseer(actor) || actor.role() == pb::ROLE_REVIEWER)
    return absl::OkStatus();
  if (!actor.subject().empty() && event.actor().subject() == actor.subject())
    return absl::OkStatus();
  const std::string inbox = InboxOf(actor);
  if (!inbox.empty() &&
      std::find(event.recipients().begin(), event.recipients().end(), inbox) !=
          event.recipients().end()) {
    return absl::OkStatus();
  }
  return MakeError(absl::StatusCode::kPermissionDenied, "RECEIPT_NOT_ALLOWED",
                   "a receipt is for overseers, reviewers, and the parties "
                   "who issued the event or whom it notified");
}

}  // namespace opendata
