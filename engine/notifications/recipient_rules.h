// The per-stream-kind recipient mappings behind Recipients (recipients.h):
// each adds the inbox addresses one event of its kind notifies. A new stream
// kind adds a function here and a case in Recipients. Pure; safe from any
// thread.
#ifndef OPENDATA_ENGINE_NOTIFICATIONS_RECIPIENT_RULES_H_
#define OPENDATA_ENGINE_NOTIFICATIONS_RECIPIENT_RULES_H_

#include <set>
#include <string>

#include "absl/strings/string_view.h"
#include "engine/projections/stream_view.h"
#include "jining/opendata/v1/common.pb.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

using AddressSet = std::set<std::string>;

// The region whose reviewers review an item of `level` in `region`: the
// city's (3708) for CITY items, the item's own region otherwise.
std::string ReviewRegion(jining::opendata::v1::Level level,
                         absl::string_view region);

// Catalog entry streams (entry workflow, takedown, quality, changes,
// migration, industry entries, releases).
void AddCatalogRecipients(const StreamView& view,
                          const jining::opendata::v1::EventEnvelope& event,
                          AddressSet& out);

// Application streams.
void AddApplicationRecipients(const StreamView& view,
                              const jining::opendata::v1::EventEnvelope& event,
                              AddressSet& out);

// Provider plan and city plan streams.
void AddPlanRecipients(const StreamView& view,
                       const jining::opendata::v1::EventEnvelope& event,
                       AddressSet& out);

// Objection events on catalog entry streams (Art. 19).
void AddObjectionRecipients(const StreamView& view,
                            const jining::opendata::v1::EventEnvelope& event,
                            AddressSet& out);

// Unopened-data demand streams (Art. 18); public call streams notify nobody.
void AddDemandRecipients(const StreamView& view,
                         const jining::opendata::v1::EventEnvelope& event,
                         AddressSet& out);

// Data product streams (Art. 20).
void AddProductRecipients(const StreamView& view,
                          const jining::opendata::v1::EventEnvelope& event,
                          AddressSet& out);

// Deadline events on any stream: an overdue or revised deadline notifies the
// party responsible for it.
void AddDeadlineRecipients(const StreamView& view,
                           const jining::opendata::v1::EventEnvelope& event,
                           AddressSet& out);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_NOTIFICATIONS_RECIPIENT_RULES_H_
