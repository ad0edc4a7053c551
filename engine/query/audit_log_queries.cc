// Implementation of audit_log_queries.h.
#include "engine/query/audit_log_queries.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "engine/authz.h"
#include "engine/catalog/catalog_validation.h"
#include "engine/query/page_token.h"
#include "google/protobuf/descriptor.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

constexpr size_t kMaxSubjectLength = 128;
constexpr size_t kMaxOrganizationLength = 64;
constexpr size_t kMaxStreamIdLength = 256;
constexpr int kMaxEventTypes = 64;
// Events read from the store per round.
constexpr uint64_t kReadBatch = 256;
// google.protobuf.Timestamp's valid range: 0001-01-01 to 9999-12-31.
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;

bool ValidTimestamp(const google::protobuf::Timestamp& ts) {
  return ts.seconds() >= kMinTimestampSeconds &&
         ts.seconds() <= kMaxTimestampSeconds && ts.nanos() >= 0 &&
         ts.nanos() <= 999999999;
}

bool KnownEventType(absl::string_view name) {
  const google::protobuf::FieldDescriptor* field =
      pb::EventPayload::descriptor()->FindFieldByName(std::string(name));
  return field != nullptr && field->containing_oneof() != nullptr;
}

absl::Status Invalid(std::vector<FieldViolation> violations) {
  return InvalidArgument("AUDIT_REQUEST_INVALID", std::move(violations));
}

}  // namespace

absl::Status ValidateLogFilter(const pb::LogFilter& filter,
                               absl::string_view path) {
  std::vector<FieldViolation> violations;
  const std::string at(path);
  if (Utf8Length(filter.actor_subject()) > kMaxSubjectLength) {
    violations.push_back({at + "actor_subject", "at most 128 characters"});
  }
  if (Utf8Length(filter.actor_organization()) > kMaxOrganizationLength) {
    violations.push_back({at + "actor_organization", "at most 64 characters"});
  }
  if (Utf8Length(filter.stream_id_prefix()) > kMaxStreamIdLength) {
    violations.push_back({at + "stream_id_prefix", "at most 256 characters"});
  }
  if (filter.event_types_size() > kMaxEventTypes) {
    violations.push_back({at + "event_types", "at most 64 event types"});
  }
  for (int i = 0; i < filter.event_types_size(); ++i) {
    if (!KnownEventType(filter.event_types(i))) {
      violations.push_back(
          {absl::StrCat(at, "event_types[", i, "]"),
           absl::StrCat("\"", filter.event_types(i),
                        "\" is not an EventPayload field name (e.g. "
                        "catalog_entry_submitted)")});
    }
  }
  const bool from_ok =
      !filter.has_occurred_from() || ValidTimestamp(filter.occurred_from());
  const bool to_ok =
      !filter.has_occurred_to() || ValidTimestamp(filter.occurred_to());
  if (!from_ok) {
    violations.push_back({at + "occurred_from", "not a valid timestamp"});
  }
  if (!to_ok) {
    violations.push_back({at + "occurred_to", "not a valid timestamp"});
  }
  if (from_ok && to_ok && filter.has_occurred_from() &&
      filter.has_occurred_to() &&
      FromProto(filter.occurred_to()) <= FromProto(filter.occurred_from())) {
    violations.push_back(
        {at + "occurred_to", "the window [from, to) must not be empty"});
  }
  if (violations.empty()) return absl::OkStatus();
  return Invalid(std::move(violations));
}

bool MatchesLogFilter(const pb::LogFilter& filter,
                      const pb::EventEnvelope& event) {
  if (!filter.actor_subject().empty() &&
      event.actor().subject() != filter.actor_subject()) {
    return false;
  }
  if (!filter.actor_organization().empty() &&
      event.actor().organization() != filter.actor_organization()) {
    return false;
  }
  if (!absl::StartsWith(event.stream_id(), filter.stream_id_prefix())) {
    return false;
  }
  if (filter.event_types_size() > 0 &&
      std::find(filter.event_types().begin(), filter.event_types().end(),
                event.event_type()) == filter.event_types().end()) {
    return false;
  }
  const absl::Time at = FromProto(event.occurred_at());
  if (filter.has_occurred_from() && at < FromProto(filter.occurred_from())) {
    return false;
  }
  if (filter.has_occurred_to() && at >= FromProto(filter.occurred_to())) {
    return false;
  }
  return true;
}

pb::AuditEvent ToAuditEvent(const RecordedEvent& event) {
  pb::AuditEvent out;
  *out.mutable_envelope() = event.envelope;
  out.set_sha256_hex(ToHex(event.hash));
  out.set_prev_hash_hex(ToHex(event.envelope.prev_hash()));
  return out;
}

absl::StatusOr<int> ResolveAuditPageSize(int requested) {
  if (requested == 0) return kDefaultAuditPageSize;
  if (requested < 0 || requested > kMaxAuditPageSize) {
    return Invalid({{"page_size", "must be 1-1000 (0 means 100)"}});
  }
  return requested;
}

absl::Status AuditLogQueries::Authorize(const pb::Actor& actor) {
  return RequireAuditReader(actor);
}

absl::StatusOr<StreamHistoryPage> AuditLogQueries::History(
    const pb::Actor& actor, absl::string_view stream_id, int64_t from_version,
    int page_size, absl::string_view page_token) const {
  RETURN_IF_ERROR(Authorize(actor));
  std::vector<FieldViolation> violations;
  if (stream_id.empty()) {
    violations.push_back({"stream_id", "required"});
  } else if (Utf8Length(stream_id) > kMaxStreamIdLength ||
             absl::StrContains(stream_id, '\0')) {
    violations.push_back({"stream_id", "at most 256 characters, no NUL"});
  }
  if (from_version < 0) {
    violations.push_back({"from_version", "must not be negative"});
  }
  if (!violations.empty()) return Invalid(std::move(violations));
  ASSIGN_OR_RETURN(const int size, ResolveAuditPageSize(page_size));
  ASSIGN_OR_RETURN(const std::string last,
                   DecodePageToken(stream_id, page_token));
  int64_t next = std::max<int64_t>(from_version, 1);
  if (!last.empty()) {
    int64_t last_version = 0;
    if (!absl::SimpleAtoi(last, &last_version) || last_version < 1) {
      return Invalid({{"page_token", "not a token of this stream's history"}});
    }
    next = std::max(next, last_version + 1);
  }
  StreamHistoryPage page;
  ASSIGN_OR_RETURN(page.stream_version, store_->StreamVersion(stream_id));
  ASSIGN_OR_RETURN(std::vector<RecordedEvent> events,
                   store_->ReadStream(stream_id, next, size));
  for (const RecordedEvent& event : events) {
    page.events.push_back(ToAuditEvent(event));
  }
  if (!events.empty() &&
      events.back().envelope.stream_version() < page.stream_version) {
    page.next_page_token = EncodePageToken(
        stream_id, absl::StrCat(events.back().envelope.stream_version()));
  }
  return page;
}

absl::StatusOr<LogPage> AuditLogQueries::Read(
    const pb::Actor& actor, uint64_t from_sequence, int page_size,
    const pb::LogFilter& filter) const {
  RETURN_IF_ERROR(Authorize(actor));
  RETURN_IF_ERROR(ValidateLogFilter(filter, "filter."));
  ASSIGN_OR_RETURN(const int size, ResolveAuditPageSize(page_size));
  LogPage page;
  page.head_sequence = store_->LastSequence();
  page.next_sequence = std::max<uint64_t>(from_sequence, 1);
  uint64_t budget = static_cast<uint64_t>(size) * kAuditScanFactor;
  while (budget > 0 && page.next_sequence <= page.head_sequence &&
         static_cast<int>(page.events.size()) < size) {
    const uint64_t want = std::min(
        {kReadBatch, budget, page.head_sequence - page.next_sequence + 1});
    ASSIGN_OR_RETURN(std::vector<RecordedEvent> batch,
                     store_->ReadAll(page.next_sequence, want));
    if (batch.empty()) break;
    for (const RecordedEvent& event : batch) {
      --budget;
      page.next_sequence = event.envelope.sequence() + 1;
      if (MatchesLogFilter(filter, event.envelope)) {
        page.events.push_back(ToAuditEvent(event));
        if (static_cast<int>(page.events.size()) == size) break;
      }
    }
  }
  return page;
}

}  // namespace opendata
