// Rendering a notification from the recorded event that notified an inbox:
// its position, time, kind (one per workflow family), the ids it concerns, a
// short English summary that names no natural person (so organisation and
// region inboxes carry no personal data), and the takedown notice's details.
// Pure; safe from any thread.
#ifndef OPENDATA_ENGINE_NOTIFICATIONS_RENDER_H_
#define OPENDATA_ENGINE_NOTIFICATIONS_RENDER_H_

#include "jining/opendata/v1/catalog.pb.h"
#include "jining/opendata/v1/events.pb.h"
#include "jining/opendata/v1/notifications.pb.h"

namespace opendata {

// The notification `event` (a committed event, sequence set) gives. `entry`,
// if not null, is the catalog entry view of the event's stream folded up to
// and including the event; it adds the entry's name and, for a takedown, the
// provider's reasons.
jining::opendata::v1::Notification RenderNotification(
    const jining::opendata::v1::EventEnvelope& event,
    const jining::opendata::v1::CatalogEntry* entry);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_NOTIFICATIONS_RENDER_H_
