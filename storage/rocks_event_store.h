// RocksEventStore: the embedded RocksDB implementation of EventStore. One
// database holds the hash-chained event log and, in the same atomic writes, the
// stream index, idempotency records and projection rows (layout in
// storage/README.md). A single writer thread group-commits every waiting Append
// in one synced WriteBatch.
//
// Three ways to open: read-write (Open; one process at a time, RocksDB's LOCK
// file), read-only (Open with options.read_only; only for a database no
// read-write process has open) and audit (OpenForAudit: a RocksDB secondary
// instance that may run beside a live read-write process and sees a consistent
// prefix of the log).
//
// Thread-safety: every method may be called concurrently from any thread.
#ifndef OPENDATA_STORAGE_ROCKS_EVENT_STORE_H_
#define OPENDATA_STORAGE_ROCKS_EVENT_STORE_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"  // For common/clock.h, which needs absl::Now().
#include "common/clock.h"
#include "jining/opendata/v1/receipts.pb.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/snapshot.h"
#include "storage/commit_queue.h"
#include "storage/db_layout.h"
#include "storage/event_store.h"
#include "storage/subject_key_store.h"

namespace opendata {

class BatchPlanner;

struct RocksEventStoreOptions {
  // Open with rocksdb::DB::OpenForReadOnly; Append and Flush return
  // FAILED_PRECONDITION.
  bool read_only = false;
  // Sync every commit (WriteOptions.sync). Only benchmarks and tests turn this
  // off.
  bool sync = true;
  // Most events one group commit takes from waiting callers (a larger single
  // request still commits alone).
  size_t max_batch_events = 4096;
  // Source of IdempotencyRecord.commit_time. Not owned; nullptr: the system
  // clock.
  const Clock* clock = nullptr;
  // RocksDB environment. Not owned; nullptr: the default. Tests inject faults
  // through it.
  rocksdb::Env* env = nullptr;
};

class RocksEventStore final : public EventStore, public SubjectKeyStore {
 public:
  // Opens (read-write: creating if missing) the store in `dir`. Checks the
  // format version (FAILED_PRECONDITION if unsupported) and, read-write,
  // verifies the last event against the chain head record (DATA_LOSS if they
  // disagree). UNAVAILABLE if the database cannot be opened (e.g. locked by
  // another process).
  static absl::StatusOr<std::unique_ptr<RocksEventStore>> Open(
      const std::string& dir, const RocksEventStoreOptions& options);

  // Opens `dir` as a RocksDB secondary instance, which is safe beside a running
  // read-write process; `secondary_dir` (created if missing) holds the
  // instance's own logs. Read-only like options.read_only; the tail is not
  // verified at open so that a damaged log can still be audited (use
  // VerifyChain).
  static absl::StatusOr<std::unique_ptr<RocksEventStore>> OpenForAudit(
      const std::string& dir, const std::string& secondary_dir);

  // Drains queued appends, stops the writer and closes the database.
  ~RocksEventStore() override;

  RocksEventStore(const RocksEventStore&) = delete;
  RocksEventStore& operator=(const RocksEventStore&) = delete;

  // EventStore. After a failed commit every later Append returns UNAVAILABLE
  // (STORE_FAILED) until the store is reopened, so that in-memory state never
  // runs ahead of what recovery will find on disk. Read-only and audit stores
  // refuse Append with FAILED_PRECONDITION (STORE_READ_ONLY). ReadStream and
  // StreamVersion refuse an empty or NUL-containing stream id
  // (INVALID_ARGUMENT); a from_version or from_sequence below 1 reads from 1.
  absl::StatusOr<AppendOutcome> Append(AppendRequest request) override;
  absl::StatusOr<std::vector<RecordedEvent>> ReadStream(
      absl::string_view stream_id, int64_t from_version,
      size_t max_count) override;
  absl::StatusOr<std::vector<RecordedEvent>> ReadAll(uint64_t from_sequence,
                                                     size_t max_count) override;
  absl::StatusOr<int64_t> StreamVersion(absl::string_view stream_id) override;
  uint64_t LastSequence() const override;
  bool WaitForSequenceAbove(uint64_t sequence, absl::Time deadline) override;
  absl::StatusOr<std::optional<IdempotencyRecord>> LookupIdempotency(
      absl::string_view idempotency_key) override;
  absl::StatusOr<std::optional<std::string>> GetProjection(
      absl::string_view key) override;
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
  ScanProjection(absl::string_view prefix, absl::string_view start_after,
                 size_t limit) override;
  // Runs on the writer thread between group commits (RunOnWriter); read-only
  // and audit stores refuse with FAILED_PRECONDITION (STORE_READ_ONLY).
  absl::StatusOr<ProjectionReplacement> ReplaceProjectionRows(
      const std::vector<std::string>& prefixes,
      const std::map<std::string, std::string>& rows, uint64_t as_of_sequence,
      const ProjectionCatchUp& catch_up = nullptr) override;

  // Hash of the last committed event (32 zero bytes for an empty log; empty if
  // a read-only or audit store's last event does not verify).
  std::string HeadHash() const;

  // Audit store only: catches up with the primary and reloads the last
  // sequence. UNAVAILABLE on failure.
  absl::Status CatchUp();

  // Calls `fn` with the raw key sequence and stored value of every event with
  // sequence >= from_sequence, in key order, unverified, so that an auditor can
  // judge them itself. Stops at and returns the first error of `fn`. DATA_LOSS
  // for a key that is not 8 bytes or a RocksDB corruption.
  absl::Status ForEachStoredEvent(
      uint64_t from_sequence,
      const std::function<absl::Status(uint64_t key_sequence,
                                       absl::string_view stored_value)>& fn);

  // Calls `fn` for every stream index entry in key order (stream id, then
  // version). DATA_LOSS (STREAM_INDEX_CORRUPT) for a malformed key or value.
  absl::Status ForEachStreamIndexEntry(
      const std::function<absl::Status(absl::string_view stream_id,
                                       int64_t version, uint64_t sequence)>&
          fn);

  // Calls `fn` for every stream head record (stream id, current version) in key
  // order.
  absl::Status ForEachStreamHead(
      const std::function<absl::Status(absl::string_view stream_id,
                                       int64_t version)>& fn);

  // Calls `fn` for every projection row in key order.
  absl::Status ForEachProjectionRow(
      const std::function<absl::Status(absl::string_view key,
                                       absl::string_view value)>& fn);

  // Verifies the raw log for sequences from..to (clamped to 1..last; pass
  // UINT64_MAX for "to the end") under one snapshot: keys contiguous, each
  // stored hash equal to SHA-256 of its envelope bytes, envelopes naming their
  // key's sequence, each prev_hash equal to the previous event's hash (32 zero
  // bytes before sequence 1), and, when the range reaches the end, the chain
  // head record matching the last event with no event after it. DATA_LOSS with
  // metadata "sequence" naming the first bad sequence.
  absl::Status VerifyChain(uint64_t from, uint64_t to);

  // Flushes every memtable to SST files. FAILED_PRECONDITION for read-only and
  // audit stores.
  absl::Status Flush();

  // Signed checkpoints and their Merkle node cache (families "merkle" and
  // "checkpoints", storage/README.md; rocks_event_store_checkpoints.cc). Only
  // the checkpointer writes them, never the commit path. Writes are
  // FAILED_PRECONDITION for read-only and audit stores.

  // One complete-subtree node of the Merkle tree (common/merkle.h).
  struct MerkleNode {
    int level = 0;
    uint64_t index = 0;
    std::string hash;
  };
  // The cached node (level, index); nullopt if not cached.
  absl::StatusOr<std::optional<std::string>> GetMerkleNode(int level,
                                                           uint64_t index);
  // Number of leaves in the node cache (cached level-0 nodes).
  absl::StatusOr<uint64_t> MerkleLeafCount();
  // Writes `nodes` in one synced batch.
  absl::Status PutMerkleNodes(const std::vector<MerkleNode>& nodes);
  // Stores `checkpoint` under its tree_size (replacing one of the same size).
  absl::Status PutCheckpoint(
      const jining::opendata::v1::SignedCheckpoint& checkpoint);
  // The checkpoint with the largest tree_size; nullopt if none. DATA_LOSS
  // (CHECKPOINT_CORRUPT) if its value does not parse.
  absl::StatusOr<std::optional<jining::opendata::v1::SignedCheckpoint>>
  LatestCheckpoint();
  // The exact stored value of event `sequence` (a StoredEvent whose envelope
  // bytes the hash is over), verified like a read (DecodeStoredEvent); nullopt
  // beyond the log.
  absl::StatusOr<std::optional<jining::opendata::v1::StoredEvent>>
  ReadStoredEvent(uint64_t sequence);
  // Calls `fn` with the key (tree size) and raw value of every stored
  // checkpoint in tree-size order, unverified, for auditors.
  absl::Status ForEachCheckpoint(
      const std::function<absl::Status(uint64_t key_tree_size,
                                       absl::string_view value)>& fn);

  // SubjectKeyStore over the "subject_keys" family
  // (rocks_event_store_subject_keys.cc). Puts are FAILED_PRECONDITION for
  // read-only and audit stores.
  absl::StatusOr<std::optional<std::string>> GetSubjectKey(
      absl::string_view subject) override;
  absl::StatusOr<std::string> PutSubjectKeyIfAbsent(
      absl::string_view subject, absl::string_view record) override;
  // Makes deleted subject keys physically gone: flushes every memtable (so
  // that no WAL file still holds a deleted key) and compacts the
  // "subject_keys" family down to its last level (so that no SST does).
  // Append runs it after committing a shred, and a read-write Open at start
  // (for a purge that failed). FAILED_PRECONDITION for read-only stores.
  absl::Status PurgeDeletedSubjectKeys();
  // Calls `fn` with every stored subject key record in subject order, for
  // auditors.
  absl::Status ForEachSubjectKey(
      const std::function<absl::Status(absl::string_view subject,
                                       absl::string_view record)>& fn);

 private:
  enum class Mode { kReadWrite, kReadOnly, kAudit };

  // A stable view for reads that take several steps: a snapshot of a read-write
  // store, or a shared lock that keeps CatchUp out (secondary instances do not
  // support snapshots; read-only ones never change otherwise).
  struct ReadView {
    std::unique_ptr<rocksdb::ManagedSnapshot> snapshot;
    std::shared_lock<std::shared_mutex> lock;
    rocksdb::ReadOptions options;
  };

  RocksEventStore(Mode mode, const RocksEventStoreOptions& options);

  static absl::StatusOr<std::unique_ptr<RocksEventStore>> OpenMode(
      Mode mode, const std::string& dir, const std::string& secondary_dir,
      const RocksEventStoreOptions& options);
  absl::Status OpenDatabase(const std::string& dir,
                            const std::string& secondary_dir);
  absl::Status CheckFormat();
  // Loads the last sequence and head hash; with `verify`, checks the last event
  // and the chain head record. The caller keeps the database still (open, or
  // CatchUp holding view_mu_).
  absl::Status LoadTail(bool verify);
  ReadView View() const;
  // FAILED_PRECONDITION (STORE_READ_ONLY).
  static absl::Status ReadOnlyError();
  // Compacts the "subject_keys" family to its last level (see
  // PurgeDeletedSubjectKeys).
  absl::Status CompactSubjectKeys();
  void WriterLoop();
  // Sets last_sequence_ and wakes WaitForSequenceAbove callers.
  void PublishLastSequence(uint64_t sequence);
  void CommitBatch(BatchPlanner* planner,
                   const std::vector<CommitQueue::Entry*>& batch,
                   std::vector<absl::StatusOr<AppendOutcome>>* outcomes);
  // The writer-thread half of ReplaceProjectionRows.
  absl::StatusOr<ProjectionReplacement> ApplyReplacement(
      const std::vector<std::string>& prefixes,
      const std::map<std::string, std::string>& rows, uint64_t as_of_sequence,
      const ProjectionCatchUp& catch_up);
  // Calls `fn` for each stored event with from <= sequence <= to, in key order.
  absl::Status ScanEvents(
      const rocksdb::ReadOptions& options, uint64_t from, uint64_t to,
      const std::function<absl::Status(uint64_t, absl::string_view)>& fn);
  // Calls `fn` for each streams-family record; `version` is nullopt for a head
  // record.
  absl::Status ScanStreams(
      const std::function<absl::Status(absl::string_view stream_id,
                                       std::optional<int64_t> version,
                                       uint64_t value)>& fn);
  // Checks the chain head record against the last event (sequence 0 and no
  // record for an empty log).
  absl::Status VerifyHeadRecord(const rocksdb::ReadOptions& options,
                                uint64_t last, absl::string_view last_hash);

  const Mode mode_;
  const RocksEventStoreOptions options_;
  const SystemClock system_clock_;
  const Clock* const clock_;

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  ColumnFamilies families_;

  mutable std::shared_mutex view_mu_;  // Audit stores: CatchUp exclusive.
  std::atomic<uint64_t> last_sequence_{0};
  // Notified (under commit_mu_) after every change of last_sequence_, so that
  // WaitForSequenceAbove never misses a commit.
  std::mutex commit_mu_;
  std::condition_variable commit_cv_;
  mutable std::mutex head_mu_;
  // Serializes PutSubjectKeyIfAbsent, so that two first commands of one
  // subject cannot both create a key.
  std::mutex subject_keys_mu_;
  // Written under head_mu_, only by the writer thread (or by CatchUp).
  std::string head_hash_;

  CommitQueue queue_;
  std::atomic<bool> failed_{false};  // Set by the writer after a failed commit.
  std::thread writer_;
};

}  // namespace opendata

#endif  // OPENDATA_STORAGE_ROCKS_EVENT_STORE_H_
