// The audit's own check of the raw event log: walks every stored event in key
// order (RocksEventStore::ForEachStoredEvent, unverified) and re-derives the
// storage invariants itself — sequences contiguous from 1, StoredEvent and
// envelope parse, SHA-256 of the envelope bytes equals the stored hash, the
// envelope names its key's sequence, prev_hash links to the previous stored
// hash — reporting every bad sequence (not only the first) so that one changed
// byte, a deleted event or two swapped events are each located exactly. Then
// the store's VerifyChain adds the chain head record (a truncated tail).
// Thread-safety: reentrant; reads the store through its thread-safe interface.
#ifndef OPENDATA_TOOLS_AUDIT_LOG_CHECK_H_
#define OPENDATA_TOOLS_AUDIT_LOG_CHECK_H_

#include <cstdint>
#include <functional>
#include <ostream>

#include "absl/status/statusor.h"
#include "storage/rocks_event_store.h"

namespace opendata {

struct LogCheckResult {
  uint64_t stored_events = 0;  // values in the events column family
  uint64_t problems = 0;       // bad sequences found
  uint64_t first_bad = 0;      // the lowest bad sequence; 0 if none
  bool ok() const { return problems == 0; }
};

// Checks the log of `store`, writing one line per problem ("  sequence N:
// what", at most `max_details` of them) to `out`, and calls `on_event` with
// every envelope that parses, in key order. An error status means the log
// could not be read at all.
absl::StatusOr<LogCheckResult> CheckLog(
    RocksEventStore& store, uint64_t max_details, std::ostream& out,
    const std::function<void(const EventEnvelope&)>& on_event);

}  // namespace opendata

#endif  // OPENDATA_TOOLS_AUDIT_LOG_CHECK_H_
