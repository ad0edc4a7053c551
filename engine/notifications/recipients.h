// Who an event notifies: its recipients, as inbox addresses. The pipeline
// records them in each new event's envelope (EventEnvelope.recipients), so
// they are part of the hash-chained log and never recomputed on replay; the
// store indexes them (inbox/ rows). The mapping is a pure function of the
// stream's kind, the stream's view folded up to and including the event, and
// the event itself, with one function per stream kind (recipient_rules.h) and
// a table in docs/architecture.md "Notifications". Pure; safe from any thread.
#ifndef OPENDATA_ENGINE_NOTIFICATIONS_RECIPIENTS_H_
#define OPENDATA_ENGINE_NOTIFICATIONS_RECIPIENTS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "engine/projections/stream_view.h"
#include "jining/opendata/v1/common.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

// Inbox address prefixes.
inline constexpr char kUserAddressPrefix[] = "user/";
inline constexpr char kOrgAddressPrefix[] = "org/";
inline constexpr char kRegionAddressPrefix[] = "region/";

// "user/<subject>" (the subject KeyPart-escaped, so never containing "/").
std::string UserAddress(absl::string_view subject);
// "org/<organization code>": the providers of an organisation.
std::string OrgAddress(absl::string_view organization);
// "region/<region code>": the reviewers of a region ("region/3708": the
// city's).
std::string RegionAddress(absl::string_view region);

// The inbox an actor reads: USER -> its user address, PROVIDER -> its
// organisation's, REVIEWER -> its region's; "" for any other role.
std::string InboxOf(const jining::opendata::v1::Actor& actor);

// The recipients of `event`, the newest event of its stream, given `view`,
// the stream folded up to and including it. Sorted, distinct, never the
// actor's own inbox (InboxOf(event.actor())); empty if the event notifies
// nobody.
std::vector<std::string> Recipients(
    const StreamView& view, const jining::opendata::v1::EventEnvelope& event);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_NOTIFICATIONS_RECIPIENTS_H_
