// Turning decided event payloads into envelopes for one stream, stamped from
// the command context and addressed to the parties they notify, and folding
// them into the stream's projection view as they are made. Pure; safe from any
// thread.
#ifndef OPENDATA_ENGINE_PIPELINE_ENVELOPES_H_
#define OPENDATA_ENGINE_PIPELINE_ENVELOPES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/command_context.h"
#include "engine/projections/stream_view.h"
#include "storage/event_store.h"

namespace opendata {

// The stream as it stands: its version and projection view.
struct LoadedStream {
  int64_t version = 0;
  StreamView view;
};

// Reads and folds a whole stream. DATA_LOSS from the store is passed on.
absl::StatusOr<LoadedStream> LoadStream(EventStore& store,
                                        const std::string& stream_id);

// Envelopes for `payloads` appended after `version` (expected version:
// `version`, or kNoStream for a new stream); each is folded into `view` and
// then gets its recipients (engine/notifications/recipients.h) from the view
// folded up to and including it.
StreamAppend BuildAppend(
    const std::string& stream_id, int64_t version,
    std::vector<jining::opendata::v1::EventPayload> payloads,
    const CommandContext& context, StreamView& view);

// The name of the payload field that is set, e.g. "catalog_entry_submitted"
// (EventEnvelope.event_type).
std::string EventTypeOf(const jining::opendata::v1::EventPayload& payload);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PIPELINE_ENVELOPES_H_
