// Implementation of batch_planner.h. Thread-safety: writer thread only.
#include "storage/batch_planner.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "storage/keys.h"
#include "storage/rocks_util.h"
#include "storage/stored_event.h"

namespace opendata {
namespace {

namespace keys = storage_keys;

absl::Status RequestIdReused(absl::string_view key) {
  return MakeError(absl::StatusCode::kAlreadyExists, "REQUEST_ID_REUSED",
                   "the request id was already used for another command",
                   {{"idempotency_key", std::string(key)}});
}

absl::Status VersionConflict(absl::string_view stream_id, int64_t expected,
                             int64_t actual) {
  return MakeError(absl::StatusCode::kAborted, "VERSION_CONFLICT",
                   absl::StrCat("stream ", stream_id, " is at version ", actual,
                                ", not ", expected),
                   {{"stream_id", std::string(stream_id)},
                    {"expected_version", absl::StrCat(expected)},
                    {"actual_version", absl::StrCat(actual)}});
}

}  // namespace

BatchPlanner::BatchPlanner(rocksdb::DB* db, const ColumnFamilies& families,
                           StreamVersionCache* versions)
    : db_(db), families_(families), versions_(versions) {}

void BatchPlanner::Reset(uint64_t last_sequence, absl::string_view head_hash,
                         absl::Time commit_time) {
  batch_.Clear();
  base_sequence_ = last_sequence;
  last_sequence_ = last_sequence;
  head_hash_.assign(head_hash.data(), head_hash.size());
  commit_time_ = commit_time;
  staged_versions_.clear();
  staged_keys_.clear();
}

absl::StatusOr<AppendOutcome> BatchPlanner::Add(AppendRequest* request) {
  ASSIGN_OR_RETURN(std::optional<AppendOutcome> replay,
                   CheckIdempotency(*request));
  if (replay.has_value()) return *std::move(replay);
  RETURN_IF_ERROR(CheckVersions(*request));
  AppendOutcome outcome;
  ASSIGN_OR_RETURN(outcome.result, Stage(request));
  return outcome;
}

absl::StatusOr<std::optional<AppendOutcome>> BatchPlanner::CheckIdempotency(
    const AppendRequest& request) {
  const std::string& key = request.idempotency_key;
  if (key.empty()) return std::nullopt;
  if (auto it = staged_keys_.find(key); it != staged_keys_.end()) {
    if (it->second.fingerprint != request.fingerprint) {
      return RequestIdReused(key);
    }
    return AppendOutcome{it->second.result, /*replayed=*/true};
  }
  rocksdb::PinnableSlice value;
  const rocksdb::Status status =
      db_->Get(VerifiedReadOptions(), families_.idempotency, key, &value);
  if (status.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocks(status, "reading an idempotency record"));
  IdempotencyRecord record;
  if (!record.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return MakeError(absl::StatusCode::kDataLoss, "IDEMPOTENCY_RECORD_CORRUPT",
                     "idempotency record does not parse",
                     {{"idempotency_key", key}});
  }
  if (record.fingerprint() != request.fingerprint) return RequestIdReused(key);
  return AppendOutcome{std::move(*record.mutable_result()), /*replayed=*/true};
}

absl::StatusOr<int64_t> BatchPlanner::CurrentVersion(
    absl::string_view stream_id) {
  if (auto it = staged_versions_.find(stream_id);
      it != staged_versions_.end()) {
    return it->second;
  }
  return versions_->Get(stream_id);
}

absl::Status BatchPlanner::CheckVersions(const AppendRequest& request) {
  current_versions_.clear();
  for (const StreamAppend& stream : request.streams) {
    ASSIGN_OR_RETURN(const int64_t actual, CurrentVersion(stream.stream_id));
    if (stream.expected_version != kAnyVersion &&
        stream.expected_version != actual) {
      return VersionConflict(stream.stream_id, stream.expected_version, actual);
    }
    current_versions_.push_back(actual);
  }
  return absl::OkStatus();
}

absl::StatusOr<CommandResult> BatchPlanner::Stage(AppendRequest* request) {
  batch_.SetSavePoint();
  const uint64_t saved_sequence = last_sequence_;
  const std::string saved_hash = head_hash_;
  CommandResult result;
  if (absl::Status status = StageEvents(request, &result); !status.ok()) {
    batch_.RollbackToSavePoint();
    last_sequence_ = saved_sequence;
    head_hash_ = saved_hash;
    return status;
  }
  batch_.PopSavePoint();
  StageRecords(*request, result);
  for (const auto& stream : result.streams()) {
    staged_versions_.insert_or_assign(stream.stream_id(),
                                      stream.last_version());
  }
  return result;
}

absl::Status BatchPlanner::StageEvents(AppendRequest* request,
                                       CommandResult* result) {
  result->set_first_sequence(last_sequence_ + 1);
  for (size_t i = 0; i < request->streams.size(); ++i) {
    StreamAppend& stream = request->streams[i];
    int64_t version = current_versions_[i];
    auto* stream_result = result->add_streams();
    stream_result->set_stream_id(stream.stream_id);
    stream_result->set_first_version(version + 1);
    for (EventEnvelope& envelope : stream.events) {
      const uint64_t sequence = ++last_sequence_;
      ++version;
      envelope.set_sequence(sequence);
      envelope.set_stream_id(stream.stream_id);
      envelope.set_stream_version(version);
      envelope.set_prev_hash(head_hash_);
      if (!SerializeDeterministic(envelope, &envelope_bytes_)) {
        return InvalidArgument(
            "EVENT_NOT_SERIALIZABLE",
            {{absl::StrCat("streams[", i, "].events"), "does not serialize"}});
      }
      head_hash_ = Sha256(envelope_bytes_);
      const std::string sequence_key = keys::EncodeUint64(sequence);
      batch_.Put(families_.events, sequence_key,
                 EncodeStoredEvent(envelope_bytes_, head_hash_));
      batch_.Put(families_.streams,
                 keys::StreamIndexKey(stream.stream_id, version), sequence_key);
      for (const std::string& recipient : envelope.recipients()) {
        batch_.Put(families_.projections, InboxRowKey(recipient, sequence),
                   envelope.event_type());
      }
    }
    batch_.Put(families_.streams, keys::StreamHeadKey(stream.stream_id),
               keys::EncodeUint64(static_cast<uint64_t>(version)));
    stream_result->set_last_version(version);
  }
  result->set_last_sequence(last_sequence_);
  return absl::OkStatus();
}

void BatchPlanner::StageRecords(const AppendRequest& request,
                                const CommandResult& result) {
  for (const ProjectionMutation& mutation : request.projection) {
    if (mutation.value.has_value()) {
      batch_.Put(families_.projections, mutation.key, *mutation.value);
    } else {
      batch_.Delete(families_.projections, mutation.key);
    }
  }
  for (const std::string& subject : request.shredded_subject_keys) {
    batch_.Delete(families_.subject_keys, subject);
  }
  if (request.idempotency_key.empty()) return;
  IdempotencyRecord record;
  record.set_fingerprint(request.fingerprint);
  *record.mutable_result() = result;
  *record.mutable_commit_time() = ToProto(commit_time_);
  std::string value;
  SerializeDeterministic(record, &value);
  batch_.Put(families_.idempotency, request.idempotency_key, value);
  staged_keys_.insert_or_assign(request.idempotency_key,
                                StagedKey{request.fingerprint, result});
}

rocksdb::WriteBatch* BatchPlanner::Finish() {
  batch_.Put(families_.meta, keys::kHeadKey,
             keys::EncodeChainHead(last_sequence_, head_hash_));
  return &batch_;
}

void BatchPlanner::Publish() {
  for (const auto& [stream_id, version] : staged_versions_) {
    versions_->Set(stream_id, version);
  }
}

}  // namespace opendata
