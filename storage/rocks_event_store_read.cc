// RocksEventStore reads: streams and the whole log (every event verified before
// it is returned), stream versions, idempotency records and projection rows.
// Thread-safety: see rocks_event_store.h.
#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "storage/keys.h"
#include "storage/rocks_event_store.h"
#include "storage/rocks_util.h"
#include "storage/stored_event.h"
#include "storage/stream_versions.h"

namespace opendata {
namespace {

namespace keys = storage_keys;

absl::Status StreamIndexCorrupt(absl::string_view stream_id, int64_t version,
                                absl::string_view message) {
  return MakeError(absl::StatusCode::kDataLoss, kStreamIndexCorrupt, message,
                   {{"stream_id", std::string(stream_id)},
                    {"stream_version", absl::StrCat(version)}});
}

// Stream ids are never empty and never contain NUL (see append_validation.h).
absl::Status CheckStreamId(absl::string_view stream_id) {
  if (stream_id.empty()) {
    return InvalidArgument("INVALID_STREAM_ID",
                           {{"stream_id", "must not be empty"}});
  }
  if (stream_id.find('\0') != absl::string_view::npos) {
    return InvalidArgument("INVALID_STREAM_ID",
                           {{"stream_id", "must not contain a NUL byte"}});
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<RecordedEvent>> RocksEventStore::ReadStream(
    absl::string_view stream_id, int64_t from_version, size_t max_count) {
  RETURN_IF_ERROR(CheckStreamId(stream_id));
  std::vector<RecordedEvent> events;
  if (max_count == 0) return events;
  const ReadView view = View();
  int64_t version = std::max<int64_t>(from_version, 1);
  const std::string prefix = keys::StreamHeadKey(stream_id);
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(view.options, families_.streams));
  std::string stored;
  for (it->Seek(keys::StreamIndexKey(stream_id, version));
       it->Valid() && events.size() < max_count; it->Next(), ++version) {
    if (!absl::StartsWith(ToView(it->key()), prefix)) break;
    const std::optional<keys::StreamKey> key =
        keys::ParseStreamKey(ToView(it->key()));
    const std::optional<uint64_t> sequence =
        keys::DecodeUint64(ToView(it->value()));
    if (!key.has_value() || key->version != version || !sequence.has_value()) {
      return StreamIndexCorrupt(stream_id, version,
                                "stream index entry missing or malformed");
    }
    const rocksdb::Status status = db_->Get(
        view.options, families_.events, keys::EncodeUint64(*sequence), &stored);
    if (status.IsNotFound()) {
      return DataLossAt(kStoredEventMissing, *sequence,
                        "indexed event is missing");
    }
    RETURN_IF_ERROR(FromRocks(status, "reading an event"));
    ASSIGN_OR_RETURN(RecordedEvent event, DecodeStoredEvent(*sequence, stored));
    if (event.envelope.stream_id() != stream_id ||
        event.envelope.stream_version() != version) {
      return DataLossAt(kStreamIndexCorrupt, *sequence,
                        "event does not belong where the stream index puts it");
    }
    events.push_back(std::move(event));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading a stream"));
  if (events.size() < max_count) {
    // The index ended: it must have reached the stream's head.
    ASSIGN_OR_RETURN(const int64_t head,
                     ReadStreamVersion(db_.get(), families_.streams,
                                       view.options, stream_id));
    if (version <= head) {
      return StreamIndexCorrupt(stream_id, version,
                                "stream index entry missing");
    }
  }
  return events;
}

absl::StatusOr<std::vector<RecordedEvent>> RocksEventStore::ReadAll(
    uint64_t from_sequence, size_t max_count) {
  std::vector<RecordedEvent> events;
  if (max_count == 0) return events;
  // Every event up to `last` is committed, so the view must hold all of them.
  const uint64_t last = last_sequence_.load();
  const ReadView view = View();
  uint64_t sequence = std::max<uint64_t>(from_sequence, 1);
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(view.options, families_.events));
  for (it->Seek(keys::EncodeUint64(sequence));
       it->Valid() && events.size() < max_count; it->Next(), ++sequence) {
    if (keys::DecodeUint64(ToView(it->key())) != sequence) {
      return DataLossAt(kStoredEventMissing, sequence, "event is missing");
    }
    ASSIGN_OR_RETURN(RecordedEvent event,
                     DecodeStoredEvent(sequence, ToView(it->value())));
    // The first event returned can only be linked if it is sequence 1.
    const std::string& prev = event.envelope.prev_hash();
    const bool linked = events.empty() ? sequence != 1 || prev == GenesisHash()
                                       : prev == events.back().hash;
    if (!linked) {
      return DataLossAt(kHashChainBroken, sequence, "prev_hash does not link");
    }
    events.push_back(std::move(event));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "reading the log"));
  if (events.size() < max_count && sequence <= last) {
    return DataLossAt(kStoredEventMissing, sequence, "event is missing");
  }
  return events;
}

absl::StatusOr<int64_t> RocksEventStore::StreamVersion(
    absl::string_view stream_id) {
  RETURN_IF_ERROR(CheckStreamId(stream_id));
  return ReadStreamVersion(db_.get(), families_.streams, VerifiedReadOptions(),
                           stream_id);
}

absl::StatusOr<std::optional<IdempotencyRecord>>
RocksEventStore::LookupIdempotency(absl::string_view idempotency_key) {
  std::string value;
  const rocksdb::Status status =
      db_->Get(VerifiedReadOptions(), families_.idempotency,
               ToSlice(idempotency_key), &value);
  if (status.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocks(status, "reading an idempotency record"));
  IdempotencyRecord record;
  if (!record.ParseFromString(value)) {
    return MakeError(absl::StatusCode::kDataLoss, "IDEMPOTENCY_RECORD_CORRUPT",
                     "idempotency record does not parse",
                     {{"idempotency_key", std::string(idempotency_key)}});
  }
  return record;
}

absl::StatusOr<std::optional<std::string>> RocksEventStore::GetProjection(
    absl::string_view key) {
  std::string value;
  const rocksdb::Status status = db_->Get(
      VerifiedReadOptions(), families_.projections, ToSlice(key), &value);
  if (status.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocks(status, "reading a projection row"));
  return value;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
RocksEventStore::ScanProjection(absl::string_view prefix,
                                absl::string_view start_after, size_t limit) {
  std::vector<std::pair<std::string, std::string>> rows;
  if (limit == 0) return rows;
  const ReadView view = View();
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(view.options, families_.projections));
  const bool after = !start_after.empty() && start_after >= prefix;
  it->Seek(ToSlice(after ? start_after : prefix));
  if (after && it->Valid() && ToView(it->key()) == start_after) it->Next();
  for (; it->Valid() && rows.size() < limit; it->Next()) {
    if (!absl::StartsWith(ToView(it->key()), prefix)) break;
    rows.emplace_back(std::string(ToView(it->key())),
                      std::string(ToView(it->value())));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "scanning projection rows"));
  return rows;
}

}  // namespace opendata
