// RocksEventStore raw iteration for auditors (stored events, stream index,
// projection rows) and hash-chain verification. Thread-safety: see
// rocks_event_store.h.
#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "storage/keys.h"
#include "storage/rocks_event_store.h"
#include "storage/rocks_util.h"
#include "storage/stored_event.h"

namespace opendata {
namespace {

namespace keys = storage_keys;

absl::Status MalformedKey(absl::string_view reason, absl::string_view key) {
  return MakeError(absl::StatusCode::kDataLoss, reason, "malformed key",
                   {{"key", ToHex(key)}});
}

}  // namespace

absl::Status RocksEventStore::ScanEvents(
    const rocksdb::ReadOptions& options, uint64_t from, uint64_t to,
    const std::function<absl::Status(uint64_t, absl::string_view)>& fn) {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(options, families_.events));
  for (it->Seek(keys::EncodeUint64(from)); it->Valid(); it->Next()) {
    const std::optional<uint64_t> sequence =
        keys::DecodeUint64(ToView(it->key()));
    if (!sequence.has_value())
      return MalformedKey(kStoredEventCorrupt, ToView(it->key()));
    if (*sequence > to) break;
    RETURN_IF_ERROR(fn(*sequence, ToView(it->value())));
  }
  return FromRocks(it->status(), "reading the log");
}

absl::Status RocksEventStore::ForEachStoredEvent(
    uint64_t from_sequence,
    const std::function<absl::Status(uint64_t, absl::string_view)>& fn) {
  const ReadView view = View();
  return ScanEvents(view.options, from_sequence,
                    std::numeric_limits<uint64_t>::max(), fn);
}

absl::Status RocksEventStore::ScanStreams(
    const std::function<absl::Status(absl::string_view, std::optional<int64_t>,
                                     uint64_t)>& fn) {
  const ReadView view = View();
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(view.options, families_.streams));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::optional<keys::StreamKey> key =
        keys::ParseStreamKey(ToView(it->key()));
    const std::optional<uint64_t> value =
        keys::DecodeUint64(ToView(it->value()));
    if (!key.has_value() || !value.has_value()) {
      return MalformedKey(kStreamIndexCorrupt, ToView(it->key()));
    }
    RETURN_IF_ERROR(fn(key->stream_id, key->version, *value));
  }
  return FromRocks(it->status(), "reading the stream index");
}

absl::Status RocksEventStore::ForEachStreamIndexEntry(
    const std::function<absl::Status(absl::string_view, int64_t, uint64_t)>&
        fn) {
  return ScanStreams([&fn](absl::string_view stream_id,
                           std::optional<int64_t> version, uint64_t sequence) {
    return version.has_value() ? fn(stream_id, *version, sequence)
                               : absl::OkStatus();
  });
}

absl::Status RocksEventStore::ForEachStreamHead(
    const std::function<absl::Status(absl::string_view, int64_t)>& fn) {
  return ScanStreams([&fn](absl::string_view stream_id,
                           std::optional<int64_t> version, uint64_t head) {
    if (version.has_value()) return absl::OkStatus();
    if (head == 0 ||
        head > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return MakeError(absl::StatusCode::kDataLoss, kStreamIndexCorrupt,
                       "malformed stream head record",
                       {{"stream_id", std::string(stream_id)}});
    }
    return fn(stream_id, static_cast<int64_t>(head));
  });
}

absl::Status RocksEventStore::ForEachProjectionRow(
    const std::function<absl::Status(absl::string_view, absl::string_view)>&
        fn) {
  const ReadView view = View();
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(view.options, families_.projections));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    RETURN_IF_ERROR(fn(ToView(it->key()), ToView(it->value())));
  }
  return FromRocks(it->status(), "reading projection rows");
}

absl::Status RocksEventStore::VerifyChain(uint64_t from, uint64_t to) {
  const ReadView view = View();
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(view.options, families_.events));
  it->SeekToLast();
  RETURN_IF_ERROR(FromRocks(it->status(), "reading the last event"));
  uint64_t last = 0;
  if (it->Valid()) {
    const std::optional<uint64_t> key = keys::DecodeUint64(ToView(it->key()));
    if (!key.has_value())
      return MalformedKey(kStoredEventCorrupt, ToView(it->key()));
    last = *key;
  }
  it.reset();
  to = std::min(to, last);
  from = std::clamp<uint64_t>(from, 1, last + 1);
  // The hash the event at `from` must link to.
  std::string prev = GenesisHash();
  if (from > 1) {
    std::string stored;
    const rocksdb::Status status = db_->Get(
        view.options, families_.events, keys::EncodeUint64(from - 1), &stored);
    if (status.IsNotFound())
      return DataLossAt(kStoredEventMissing, from - 1, "event is missing");
    RETURN_IF_ERROR(FromRocks(status, "reading an event"));
    ASSIGN_OR_RETURN(RecordedEvent before, DecodeStoredEvent(from - 1, stored));
    prev = std::move(before.hash);
  }
  uint64_t expected = from;
  RETURN_IF_ERROR(ScanEvents(
      view.options, from, to,
      [&](uint64_t sequence, absl::string_view value) -> absl::Status {
        if (sequence != expected)
          return DataLossAt(kStoredEventMissing, expected, "event is missing");
        ASSIGN_OR_RETURN(RecordedEvent event,
                         DecodeStoredEvent(sequence, value));
        if (event.envelope.prev_hash() != prev) {
          return DataLossAt(kHashChainBroken, sequence,
                            "prev_hash does not link");
        }
        prev = std::move(event.hash);
        ++expected;
        return absl::OkStatus();
      }));
  if (to < last) return absl::OkStatus();
  return VerifyHeadRecord(view.options, last, prev);
}

absl::Status RocksEventStore::VerifyHeadRecord(
    const rocksdb::ReadOptions& options, uint64_t last,
    absl::string_view last_hash) {
  std::string value;
  const rocksdb::Status status =
      db_->Get(options, families_.meta, keys::kHeadKey, &value);
  if (status.IsNotFound()) {
    if (last == 0) return absl::OkStatus();
    return DataLossAt(kStoreMetaCorrupt, last,
                      "the chain head record is missing");
  }
  RETURN_IF_ERROR(FromRocks(status, "reading the chain head record"));
  const std::optional<keys::ChainHeadValue> head = keys::DecodeChainHead(value);
  if (!head.has_value()) {
    return DataLossAt(kStoreMetaCorrupt, last,
                      "the chain head record is malformed");
  }
  if (head->last_sequence > last) {
    return DataLossAt(kStoredEventMissing, last + 1,
                      "events after this one are missing");
  }
  if (head->last_sequence < last) {
    return DataLossAt(kStoreMetaCorrupt, head->last_sequence + 1,
                      "events follow the recorded chain head");
  }
  if (head->hash != last_hash) {
    return DataLossAt(kHashChainBroken, last,
                      "the chain head record names another hash");
  }
  return absl::OkStatus();
}

}  // namespace opendata
