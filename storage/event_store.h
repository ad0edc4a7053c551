// EventStore: the platform's one ordered, hash-chained, durable event log, plus
// the idempotency records and projection rows that are committed atomically
// with the events. This interface is deliberately narrow (append with expected
// versions, read a stream, read all, projection reads) so that a replicated
// backend can implement it later; RocksEventStore (rocks_event_store.h) is the
// embedded implementation.
//
// Thread-safety: every method may be called concurrently from any thread.
#ifndef OPENDATA_STORAGE_EVENT_STORE_H_
#define OPENDATA_STORAGE_EVENT_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "jining/opendata/v1/events.pb.h"
#include "jining/opendata/v1/store.pb.h"

namespace opendata {

using jining::opendata::v1::CommandResult;
using jining::opendata::v1::EventEnvelope;
using jining::opendata::v1::IdempotencyRecord;

// Expected-version sentinels for StreamAppend::expected_version (a positive
// value means "exactly this").
inline constexpr int64_t kAnyVersion = -1;  // No check.
inline constexpr int64_t kNoStream = 0;     // The stream must not exist yet.

// New events for one stream.
struct StreamAppend {
  std::string stream_id;
  // kAnyVersion, kNoStream, or the exact current version the caller decided
  // against.
  int64_t expected_version = kAnyVersion;
  // Events in order. The store overwrites sequence, stream_id, stream_version
  // and prev_hash.
  std::vector<EventEnvelope> events;
};

// A change to one projection row, applied in the same atomic write as the
// events.
struct ProjectionMutation {
  std::string key;
  std::optional<std::string> value;  // nullopt deletes the row.
};

// The inbox index (storage/README.md, "projections"): for every committed
// event and every address in its envelope's `recipients`, the store writes the
// projection row InboxRowKey(address, sequence) -> event_type in the same
// atomic write as the event. Keys of one address sort by sequence.
inline constexpr char kInboxRowPrefix[] = "inbox/";

// "inbox/<address>/": the prefix of one address's rows.
inline std::string InboxRowPrefix(absl::string_view address) {
  std::string key(kInboxRowPrefix);
  key.append(address.data(), address.size());
  key.push_back('/');
  return key;
}

// "inbox/<address>/" + BE64(sequence).
inline std::string InboxRowKey(absl::string_view address, uint64_t sequence) {
  std::string key = InboxRowPrefix(address);
  for (int shift = 56; shift >= 0; shift -= 8) {
    key.push_back(static_cast<char>((sequence >> shift) & 0xff));
  }
  return key;
}

// The sequence at the end of an inbox row key; 0 if the key is too short.
inline uint64_t InboxRowSequence(absl::string_view key) {
  if (key.size() < 8) return 0;
  uint64_t sequence = 0;
  for (char c : key.substr(key.size() - 8)) {
    sequence = (sequence << 8) | static_cast<unsigned char>(c);
  }
  return sequence;
}

// One atomic append: events to one or more streams, projection changes, and an
// idempotency key.
struct AppendRequest {
  // Idempotency key (the engine scopes request ids by actor). Empty: no
  // idempotency.
  std::string idempotency_key;
  // SHA-256 of the command; a retry with the same key must present the same
  // fingerprint.
  std::string fingerprint;
  std::vector<StreamAppend> streams;
  std::vector<ProjectionMutation> projection;
  // Subjects whose data keys (SubjectKeyStore) are deleted in the same atomic
  // write: crypto-shredding commits with the event that records it.
  std::vector<std::string> shredded_subject_keys;
};

// What an append did.
struct AppendOutcome {
  CommandResult result;
  // True if the idempotency key was already committed: nothing was written and
  // `result` is the original one.
  bool replayed = false;
};

// One event read back from the log, verified against its stored hash.
struct RecordedEvent {
  EventEnvelope envelope;
  std::string hash;  // 32-byte SHA-256 of the stored envelope bytes.
};

// What EventStore::ReplaceProjectionRows found and did.
struct ProjectionReplacement {
  // False if the log's head was not at the expected sequence: nothing was
  // written and the counts are zero.
  bool applied = false;
  // LastSequence() when the replacement was decided.
  uint64_t head_sequence = 0;
  // Stored rows under the prefixes, examined.
  int64_t scanned = 0;
  // Wanted rows that were not stored (written).
  int64_t missing = 0;
  // Stored rows that were not wanted (deleted).
  int64_t extra = 0;
  // Stored rows with another value than wanted (rewritten).
  int64_t different = 0;
  // Events committed after `as_of_sequence` that the writer handed to the
  // catch-up callback before writing (0 on the optimistic path).
  int64_t caught_up = 0;
};

// Online rebuild's catch-up, called by the store's writer (appends held off)
// when the head has moved past the rebuild's `as_of_sequence`: given the events
// committed since (sequence > as_of_sequence, in order, up to the head),
// returns the family's rows as of the head. An error aborts the replacement.
using ProjectionCatchUp =
    std::function<absl::StatusOr<std::map<std::string, std::string>>(
        const std::vector<RecordedEvent>& events)>;

class EventStore {
 public:
  virtual ~EventStore() = default;

  // Appends atomically and durably (acknowledged only after a synced write).
  // All-or-nothing:
  // - ABORTED (reason VERSION_CONFLICT, metadata stream_id, expected_version,
  // actual_version) if a stream is not
  //   at its expected version; nothing is written.
  // - ALREADY_EXISTS (reason REQUEST_ID_REUSED) if the idempotency key was
  // committed with another fingerprint.
  // - If the key was committed with the same fingerprint: OK, replayed = true,
  // the original result.
  // - INVALID_ARGUMENT for an empty stream id, a stream named twice, or a
  // stream with no events.
  // - UNAVAILABLE if the write failed (nothing acknowledged); DATA_LOSS if
  // stored data is corrupt.
  virtual absl::StatusOr<AppendOutcome> Append(AppendRequest request) = 0;

  // Events of `stream_id` with version >= from_version (from 1), in order, at
  // most max_count. Empty if the stream does not exist. DATA_LOSS if an event
  // is missing or fails its hash.
  virtual absl::StatusOr<std::vector<RecordedEvent>> ReadStream(
      absl::string_view stream_id, int64_t from_version, size_t max_count) = 0;

  // Events with sequence >= from_sequence (from 1), in log order, at most
  // max_count. DATA_LOSS on corruption.
  virtual absl::StatusOr<std::vector<RecordedEvent>> ReadAll(
      uint64_t from_sequence, size_t max_count) = 0;

  // Current version of a stream; 0 if it does not exist.
  virtual absl::StatusOr<int64_t> StreamVersion(
      absl::string_view stream_id) = 0;

  // Sequence of the last committed event; 0 for an empty log.
  virtual uint64_t LastSequence() const = 0;

  // Blocks until LastSequence() > `sequence` or `deadline` passes, whichever
  // comes first; returns whether LastSequence() > `sequence`. Everything a
  // commit writes (its events, index and projection rows) is readable before
  // its sequences are published, so a reader that saw LastSequence() = N sees
  // every row of every event <= N.
  virtual bool WaitForSequenceAbove(uint64_t sequence, absl::Time deadline) = 0;

  // The committed record for an idempotency key, if any.
  virtual absl::StatusOr<std::optional<IdempotencyRecord>> LookupIdempotency(
      absl::string_view idempotency_key) = 0;

  // One projection row, if present.
  virtual absl::StatusOr<std::optional<std::string>> GetProjection(
      absl::string_view key) = 0;

  // Projection rows whose key starts with `prefix` and is > `start_after` (or
  // all, if empty), in key order, at most `limit`.
  virtual absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
  ScanProjection(absl::string_view prefix, absl::string_view start_after,
                 size_t limit) = 0;

  // Online rebuild: makes the projection rows whose key starts with one of
  // `prefixes` exactly `rows`, in one atomic durable write ordered with the
  // appends, so that rows folded from the log up to `as_of_sequence` never
  // overwrite rows of a later event. If LastSequence() != `as_of_sequence` at
  // that moment: without `catch_up` nothing is written and applied is false;
  // with it, the writer (appends held off) reads the events committed since,
  // calls `catch_up` with them and writes the rows it returns instead (as of
  // the head; caught_up counts the events). Writes only the rows that differ.
  // INVALID_ARGUMENT (REPLACEMENT_INVALID) for no prefix, an empty prefix, or
  // a row under none of the prefixes; UNAVAILABLE if the write fails; DATA_LOSS
  // if the new events cannot be read; `catch_up`'s own error. The default
  // refuses with UNIMPLEMENTED.
  virtual absl::StatusOr<ProjectionReplacement> ReplaceProjectionRows(
      const std::vector<std::string>& prefixes,
      const std::map<std::string, std::string>& rows, uint64_t as_of_sequence,
      const ProjectionCatchUp& catch_up = nullptr) {
    (void)prefixes;
    (void)rows;
    (void)as_of_sequence;
    (void)catch_up;
    return absl::UnimplementedError(
        "this store cannot replace projection rows");
  }
};

}  // namespace opendata

#endif  // OPENDATA_STORAGE_EVENT_STORE_H_
