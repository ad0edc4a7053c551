// AuditLogQueries: the reads behind AuditService — one stream's history, the
// log in sequence order narrowed by a LogFilter, and the filter itself
// (validation and matching) for the live subscription. Every read first checks
// RequireAuditReader (engine/authz.h). Events come back as AuditEvents: the
// envelope, its SHA-256 and the previous hash in hex, so that a client can
// check the chain itself.
//
// Thread-safety: const methods over a thread-safe EventStore; safe from any
// thread.
#ifndef OPENDATA_ENGINE_QUERY_AUDIT_LOG_QUERIES_H_
#define OPENDATA_ENGINE_QUERY_AUDIT_LOG_QUERIES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jining/opendata/v1/audit.pb.h"
#include "jining/opendata/v1/common.pb.h"
#include "storage/event_store.h"

namespace opendata {

// Page size bounds of the audit reads: 1..kMaxAuditPageSize, 0 means the
// default.
inline constexpr int kDefaultAuditPageSize = 100;
inline constexpr int kMaxAuditPageSize = 1000;
// ReadLog examines at most this many events per requested one.
inline constexpr int kAuditScanFactor = 10;

// INVALID_ARGUMENT (AUDIT_REQUEST_INVALID) with a violation per bad field of
// `filter` (field names prefixed with `path`, e.g. "filter.").
absl::Status ValidateLogFilter(const jining::opendata::v1::LogFilter& filter,
                               absl::string_view path);

// True if `event` passes every restriction of the (validated) filter.
bool MatchesLogFilter(const jining::opendata::v1::LogFilter& filter,
                      const jining::opendata::v1::EventEnvelope& event);

// An event as an auditor receives it.
jining::opendata::v1::AuditEvent ToAuditEvent(const RecordedEvent& event);

// One page of a stream's history.
struct StreamHistoryPage {
  std::vector<jining::opendata::v1::AuditEvent> events;
  std::string next_page_token;
  int64_t stream_version = 0;
};

// One read of the log.
struct LogPage {
  std::vector<jining::opendata::v1::AuditEvent> events;
  uint64_t next_sequence = 1;
  uint64_t head_sequence = 0;
};

class AuditLogQueries {
 public:
  // `store` must outlive the queries.
  explicit AuditLogQueries(EventStore* store) : store_(store) {}

  // Checks that `actor` may read the log (RequireAuditReader).
  static absl::Status Authorize(const jining::opendata::v1::Actor& actor);

  // Events of `stream_id` from `from_version` (0 means 1). The page token
  // carries the next version, bound to the stream.
  absl::StatusOr<StreamHistoryPage> History(
      const jining::opendata::v1::Actor& actor, absl::string_view stream_id,
      int64_t from_version, int page_size, absl::string_view page_token) const;

  // Matching events from `from_sequence` (0 means 1): at most `page_size`,
  // examining at most kAuditScanFactor x page_size events.
  absl::StatusOr<LogPage> Read(
      const jining::opendata::v1::Actor& actor, uint64_t from_sequence,
      int page_size, const jining::opendata::v1::LogFilter& filter) const;

  // Sequence of the last committed event.
  uint64_t LastSequence() const { return store_->LastSequence(); }

 private:
  EventStore* store_;
};

// Resolves an audit page size (0 -> kDefaultAuditPageSize); INVALID_ARGUMENT
// (AUDIT_REQUEST_INVALID, field page_size) outside 0..kMaxAuditPageSize.
absl::StatusOr<int> ResolveAuditPageSize(int requested);

}  // namespace opendata

#endif  // OPENDATA_ENGINE_QUERY_AUDIT_LOG_QUERIES_H_
