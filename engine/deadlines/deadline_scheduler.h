// DeadlineScheduler: turns due deadlines into ordinary commands. Each run reads
// the open deadlines in due order from the deadline projection and, for every
// one whose due time has passed, issues MarkDeadlineOverdue as the platform's
// SYSTEM actor with the deterministic request id "deadline-overdue:<deadline
// id>". The decider records the overdue once and answers later attempts with no
// events; the request id makes a retry after a crash a replay. So each deadline
// fires exactly once across crashes and restarts, and one that came due while
// the server was down fires at the next run with the real time recorded.
// A takedown notice (DEADLINE_KIND_TAKEDOWN_NOTICE, Art. 14) gets the same
// command when it ends, but its end is not a failure: the catalog decider
// records DeadlineMet (not late: the notice ran its course) and
// CatalogEntryTakenDown (the takedown takes effect) instead of DeadlineOverdue,
// with the same idempotency (nothing once the notice is closed), so the
// takedown too takes effect exactly once, and RunOnce counts it as fired.
// Thread-safety: RunOnce may be called from any thread; concurrent runs are
// safe (the commands are idempotent).
#ifndef OPENDATA_ENGINE_DEADLINES_DEADLINE_SCHEDULER_H_
#define OPENDATA_ENGINE_DEADLINES_DEADLINE_SCHEDULER_H_

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "engine/pipeline/command_pipeline.h"
#include "storage/event_store.h"

namespace opendata {

// The actor the platform's own commands run as.
jining::opendata::v1::Actor SystemActor();

class DeadlineScheduler {
 public:
  // All pointers must outlive the scheduler.
  DeadlineScheduler(EventStore* store, CommandPipeline* pipeline,
                    const Clock* clock)
      : store_(store), pipeline_(pipeline), clock_(clock) {}

  // Fires every open deadline due before now. Returns how many were newly
  // recorded overdue (or, for takedown notices, ended). A failure of one
  // deadline does not stop the others; the first error is returned after all
  // were tried.
  absl::StatusOr<int> RunOnce();

 private:
  EventStore* store_;
  CommandPipeline* pipeline_;
  const Clock* clock_;
};

}  // namespace opendata

#endif  // OPENDATA_ENGINE_DEADLINES_DEADLINE_SCHEDULER_H_
