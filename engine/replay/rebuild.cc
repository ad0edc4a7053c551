// Implementation of rebuild.h.
#include "engine/replay/rebuild.h"

#include "common/status_macros.h"

namespace opendata {
namespace {

constexpr size_t kReadBatch = 4096;

}  // namespace

void ProjectionRebuilder::Apply(const EventEnvelope& event) {
  ++events_;
  FoldStreamView(streams_[event.stream_id()], event);
  for (const std::string& recipient : event.recipients()) {
    inbox_[InboxRowKey(recipient, event.sequence())] = event.event_type();
  }
}

ProjectionRows ProjectionRebuilder::Rows() const {
  ProjectionRows rows = inbox_;
  for (const auto& [stream, view] : streams_) rows.merge(StreamRows(view));
  return rows;
}

absl::StatusOr<ProjectionRows> RebuildProjections(EventStore& store) {
  ProjectionRebuilder rebuilder;
  uint64_t next = 1;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<RecordedEvent> batch,
                     store.ReadAll(next, kReadBatch));
    if (batch.empty()) break;
    for (const RecordedEvent& e : batch) rebuilder.Apply(e.envelope);
    next = batch.back().envelope.sequence() + 1;
  }
  return rebuilder.Rows();
}

}  // namespace opendata
