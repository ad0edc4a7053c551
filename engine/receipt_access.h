// Who may have a receipt for an event (AuditService.GetEventReceipt; see
// docs/architecture.md "Checkpoints and receipts"): the readers of the whole
// log (AUDITOR, OPERATOR, the city reviewer; RequireAuditReader) for every
// event; anyone else, a county reviewer included, only for an event they issued
// (same subject) or one that notified their inbox (a citizen's own application,
// a provider organisation's own entries, a county's reviews). Pure; safe from
// any thread.
#ifndef OPENDATA_ENGINE_RECEIPT_ACCESS_H_
#define OPENDATA_ENGINE_RECEIPT_ACCESS_H_

#include "absl/status/status.h"
#include "jining/opendata/v1/common.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

// OK if `actor` may have a receipt for `event`; PERMISSION_DENIED
// (RECEIPT_NOT_ALLOWED) otherwise.
absl::Status RequireReceiptAccess(
    const jining::opendata::v1::Actor& actor,
    const jining::opendata::v1::EventEnvelope& event);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_RECEIPT_ACCESS_H_
