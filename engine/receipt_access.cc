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
  // Those who may read the whole log (auditors, operators, the city
  // reviewer) may have any receipt. A county reviewer may not: the receipt
  // carries the whole event, and the log holds every region's items
  // (OUTSIDE_JURISDICTION for ReadLog); like any party it gets receipts for
  // the events it issued or that notified its region.
  if (RequireAuditReader(actor).ok()) return absl::OkStatus();
  if (!actor.subject().empty() && event.actor().subject() == actor.subject())
    return absl::OkStatus();
  const std::string inbox = InboxOf(actor);
  if (!inbox.empty() &&
      std::find(event.recipients().begin(), event.recipients().end(), inbox) !=
          event.recipients().end()) {
    return absl::OkStatus();
  }
  return MakeError(absl::StatusCode::kPermissionDenied, "RECEIPT_NOT_ALLOWED",
                   "a receipt is for overseers, the city reviewer, and the "
                   "parties who issued the event or whom it notified");
}

}  // namespace opendata
