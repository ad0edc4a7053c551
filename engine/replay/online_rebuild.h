// Online projection rebuild (AdminService.RebuildProjection): folds the log
// from sequence 0 (as ProjectionRebuilder does) and replaces one family's
// stored rows with the rebuilt ones through EventStore::ReplaceProjectionRows,
// which the store applies only if the log is still at the sequence the fold
// reached. If a command committed in between, the rebuild folds the new events
// and tries again; after max_optimistic_attempts such misses it hands the store
// a catch-up that the writer calls (appends held off) with the few events
// committed since, so the rebuild always finishes. The server keeps accepting
// commands throughout and no row of a later event is ever overwritten with an
// older one.
//
// Thread-safety: an OnlineRebuild is used by one thread at a time; several may
// run at once against one store (each replacement is atomic and checked
// against the head).
#ifndef OPENDATA_ENGINE_REPLAY_ONLINE_REBUILD_H_
#define OPENDATA_ENGINE_REPLAY_ONLINE_REBUILD_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/projections/projection_families.h"
#include "engine/projections/stream_view.h"
#include "jining/opendata/v1/common.pb.h"
#include "storage/event_store.h"

namespace opendata {

// What rebuilding one family found and repaired.
struct FamilyRebuildReport {
  std::string family;
  // The counts of the replacement that was applied.
  ProjectionReplacement replacement;
  // The last event folded; the rebuilt rows are as of this sequence.
  uint64_t as_of_sequence = 0;
  // Optimistic attempts whose replacement found the log moved on.
  int retries = 0;
  // Events folded inside the store's writer by the catch-up (0 if an
  // optimistic attempt landed).
  int64_t folded_in_writer = 0;
};

struct OnlineRebuildOptions {
  // Optimistic attempts (no catch-up, appends never wait on the fold) before
  // the last attempt, whose catch-up runs in the writer. Each costs only the
  // events committed since the previous one and one round trip through the
  // writer. 0 goes straight to the catch-up.
  int max_optimistic_attempts = 8;
};

class OnlineRebuild {
 public:
  // `store` must outlive the rebuild.
  explicit OnlineRebuild(EventStore* store, OnlineRebuildOptions options = {})
      : store_(store), options_(options) {}

  // Rebuilds and replaces one family. The fold is kept between calls, so that
  // rebuilding every family reads the log once. DATA_LOSS if the log does not
  // verify (or an event handed to the catch-up is out of order).
  absl::StatusOr<FamilyRebuildReport> Rebuild(const ProjectionFamily& family);

 private:
  // Folds every event up to `head`, keeping rows_ current.
  absl::Status FoldTo(uint64_t head);
  // Folds one event: replaces its stream's rows and adds its inbox rows.
  void Apply(const EventEnvelope& event);

  EventStore* store_;
  OnlineRebuildOptions options_;
  // The folded views and every row they imply, kept current event by event
  // (as the pipeline does), so that catching up after a moved head costs only
  // the new events.
  std::map<std::string, StreamView> streams_;
  ProjectionRows rows_;
  uint64_t next_sequence_ = 1;
};

// Checks the rule (OPERATOR only; PERMISSION_DENIED, ROLE_NOT_ALLOWED) and
// resolves the target: every family if `all`, else the one named `name`
// (INVALID_ARGUMENT, PROJECTION_UNKNOWN, field "projection", if none is
// named so; REBUILD_TARGET_REQUIRED, field "target", if neither is given).
absl::StatusOr<std::vector<const ProjectionFamily*>> ResolveRebuildTarget(
    const jining::opendata::v1::Actor& actor, absl::string_view name, bool all);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_REPLAY_ONLINE_REBUILD_H_
