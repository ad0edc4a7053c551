// Checkpointer: signs the head of the event log. When the log has advanced past
// the latest checkpoint it extends the Merkle node cache (family "merkle") with
// the new events, computes the root of the tree over every event, signs a
// SignedCheckpoint with the server's Ed25519 key and stores it (family
// "checkpoints"). Runs on its own background thread every interval (Start) and
// on demand (CheckpointNow, Covering); appends never wait for it. It also
// serves inclusion proofs from the node cache.
// Thread-safety: every method may be called from any thread; checkpointing is
// serialized by an internal mutex.
#ifndef OPENDATA_STORAGE_CHECKPOINTER_H_
#define OPENDATA_STORAGE_CHECKPOINTER_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/ed25519.h"
#include "jining/opendata/v1/receipts.pb.h"
#include "storage/rocks_event_store.h"

namespace opendata {

class Checkpointer {
 public:
  // `store` and `clock` are not owned and must outlive the checkpointer.
  Checkpointer(RocksEventStore* store, Ed25519Signer signer,
               const Clock* clock);
  // Stops the background thread.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Starts the background thread: CheckpointNow every `interval` (real time)
  // until Stop; errors go to `on_error`. The owner signs the start-up and
  // shutdown checkpoints itself (PlatformServer does, synchronously).
  void Start(absl::Duration interval,
             std::function<void(const absl::Status&)> on_error);
  // Stops the background thread (idempotent).
  void Stop();

  // Signs and stores a checkpoint of the whole log if the log has advanced past
  // the latest checkpoint; returns it, or nullopt if none was needed (empty
  // log, or head unchanged).
  absl::StatusOr<std::optional<jining::opendata::v1::SignedCheckpoint>>
  CheckpointNow();

  // The latest checkpoint whose tree covers event `sequence` (making one now
  // if none does yet). NOT_FOUND (EVENT_NOT_FOUND) for 0 or beyond the log.
  absl::StatusOr<jining::opendata::v1::SignedCheckpoint> Covering(
      uint64_t sequence);

  // The latest checkpoint (making one now if the log has advanced); nullopt
  // for an empty log.
  absl::StatusOr<std::optional<jining::opendata::v1::SignedCheckpoint>>
  Latest();

  // The inclusion proof of leaf `index` in the tree of `tree_size` leaves,
  // from the node cache. tree_size must not exceed a stored checkpoint's.
  absl::StatusOr<std::vector<std::string>> InclusionProof(uint64_t index,
                                                          uint64_t tree_size);

  const Ed25519Signer& signer() const { return signer_; }

 private:
  // Caches the nodes of every event up to `tree_size`. Holds mu_.
  absl::Status ExtendNodeCache(uint64_t tree_size);
  void Loop(absl::Duration interval,
            std::function<void(const absl::Status&)> on_error);

  RocksEventStore* const store_;
  const Ed25519Signer signer_;
  const Clock* const clock_;
  std::mutex mu_;  // Serializes checkpointing and node-cache writes.

  std::mutex thread_mu_;
  std::condition_variable thread_cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace opendata

#endif  // OPENDATA_STORAGE_CHECKPOINTER_H_
