// Rebuilding projections from the log alone: fold every event, in sequence
// order, into the per-stream views and lay them out as rows, plus the store's
// inbox index (one row per recorded recipient of each event, as the store
// writes it at commit). Used by the audit
// tool and by tests that prove rebuilt == incremental.
//
// Thread-safety: a ProjectionRebuilder is a plain value, not thread-safe; the
// free function is safe to call from any thread (it reads the store through its
// thread-safe interface).
#ifndef OPENDATA_ENGINE_REPLAY_REBUILD_H_
#define OPENDATA_ENGINE_REPLAY_REBUILD_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "engine/projections/projection_rows.h"
#include "engine/projections/stream_view.h"
#include "storage/event_store.h"

namespace opendata {

class ProjectionRebuilder {
 public:
  // Folds one event. Events must arrive in log order.
  void Apply(const EventEnvelope& event);

  // Every projection row implied by the events applied so far.
  ProjectionRows Rows() const;

  // Number of events applied.
  uint64_t events() const { return events_; }

 private:
  std::map<std::string, StreamView> streams_;
  // The inbox index rows of the events applied so far.
  ProjectionRows inbox_;
  uint64_t events_ = 0;
};

// Reads the whole log from `store` (verified reads) and rebuilds every
// projection row.
absl::StatusOr<ProjectionRows> RebuildProjections(EventStore& store);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_REPLAY_REBUILD_H_
