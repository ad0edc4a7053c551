// BatchPlanner: decides the requests of one group commit, in order, and stages
// every accepted request in a single rocksdb::WriteBatch: events, stream index
// and head records, the inbox index (one projection row per event recipient,
// see event_store.h), idempotency records, projection mutations, and the chain
// head. Each request is decided against the committed state plus the requests
// accepted before it in the same batch; a refused request contributes nothing.
//
// Thread-safety: not thread-safe; only the store's writer thread uses it.
#ifndef OPENDATA_STORAGE_BATCH_PLANNER_H_
#define OPENDATA_STORAGE_BATCH_PLANNER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/db_layout.h"
#include "storage/event_store.h"
#include "storage/stream_versions.h"

namespace opendata {

class BatchPlanner {
 public:
  // `db`, `families` and `versions` must outlive the planner.
  BatchPlanner(rocksdb::DB* db, const ColumnFamilies& families,
               StreamVersionCache* versions);

  // Starts an empty batch on top of the committed chain (`last_sequence` and
  // its hash); idempotency records are stamped with `commit_time`.
  void Reset(uint64_t last_sequence, absl::string_view head_hash,
             absl::Time commit_time);

  // Decides a validated request (see ValidateAppendRequest). Idempotency first:
  // a key committed or accepted earlier in this batch with the same fingerprint
  // gives the original result with replayed = true, with another fingerprint
  // ALREADY_EXISTS (REQUEST_ID_REUSED). Then every expected version: ABORTED
  // (VERSION_CONFLICT) on a mismatch. Otherwise completes the request's
  // envelopes in place (sequence, stream id, stream version, prev_hash), stages
  // its writes and returns its result.
  absl::StatusOr<AppendOutcome> Add(AppendRequest* request);

  // True if any request was staged since Reset.
  bool has_writes() const { return last_sequence_ != base_sequence_; }

  // Stages the chain head record and returns the batch to write. Call once,
  // after the last Add.
  rocksdb::WriteBatch* Finish();

  // The chain after the staged events.
  uint64_t last_sequence() const { return last_sequence_; }
  const std::string& head_hash() const { return head_hash_; }

  // After the batch was durably written: records the new stream versions in the
  // cache.
  void Publish();

 private:
  // What an earlier request of this batch did with an idempotency key.
  struct StagedKey {
    std::string fingerprint;
    CommandResult result;
  };

  absl::StatusOr<std::optional<AppendOutcome>> CheckIdempotency(
      const AppendRequest& request);
  absl::StatusOr<int64_t> CurrentVersion(absl::string_view stream_id);
  absl::Status CheckVersions(const AppendRequest& request);
  absl::StatusOr<CommandResult> Stage(AppendRequest* request);
  absl::Status StageEvents(AppendRequest* request, CommandResult* result);
  void StageRecords(const AppendRequest& request, const CommandResult& result);

  rocksdb::DB* const db_;
  const ColumnFamilies families_;
  StreamVersionCache* const versions_;

  rocksdb::WriteBatch batch_;
  uint64_t base_sequence_ = 0;
  uint64_t last_sequence_ = 0;
  std::string head_hash_;
  absl::Time commit_time_;
  absl::flat_hash_map<std::string, int64_t> staged_versions_;
  absl::flat_hash_map<std::string, StagedKey> staged_keys_;
  std::vector<int64_t> current_versions_;  // Per stream of the request in Add.
  std::string envelope_bytes_;             // Scratch.
};

}  // namespace opendata

#endif  // OPENDATA_STORAGE_BATCH_PLANNER_H_
