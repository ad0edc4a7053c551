// Implementation of stream_versions.h. Thread-safety as documented there.
#include "storage/stream_versions.h"

#include "common/errors.h"
#include "common/status_macros.h"
#include "storage/db_layout.h"
#include "storage/keys.h"
#include "storage/rocks_util.h"
#include "storage/stored_event.h"

namespace opendata {

absl::StatusOr<int64_t> ReadStreamVersion(rocksdb::DB* db,
                                          rocksdb::ColumnFamilyHandle* streams,
                                          const rocksdb::ReadOptions& options,
                                          absl::string_view stream_id) {
  rocksdb::PinnableSlice value;
  const rocksdb::Status status =
      db->Get(options, streams, storage_keys::StreamHeadKey(stream_id), &value);
  if (status.IsNotFound()) return 0;
  RETURN_IF_ERROR(FromRocks(status, "reading a stream head"));
  const std::optional<uint64_t> version =
      storage_keys::DecodeUint64(absl::string_view(value.data(), value.size()));
  if (!version.has_value() || *version == 0 ||
      *version > static_cast<uint64_t>(INT64_MAX)) {
    return MakeError(absl::StatusCode::kDataLoss, kStreamIndexCorrupt,
                     "malformed stream head record",
                     {{"stream_id", std::string(stream_id)}});
  }
  return static_cast<int64_t>(*version);
}

StreamVersionCache::StreamVersionCache(rocksdb::DB* db,
                                       rocksdb::ColumnFamilyHandle* streams,
                                       size_t capacity)
    : db_(db), streams_(streams), capacity_(capacity) {}

absl::StatusOr<int64_t> StreamVersionCache::Get(absl::string_view stream_id) {
  if (auto it = versions_.find(stream_id); it != versions_.end()) {
    return it->second;
  }
  ASSIGN_OR_RETURN(
      const int64_t version,
      ReadStreamVersion(db_, streams_, VerifiedReadOptions(), stream_id));
  Set(stream_id, version);
  return version;
}

void StreamVersionCache::Set(absl::string_view stream_id, int64_t version) {
  if (versions_.size() >= capacity_ && !versions_.contains(stream_id)) {
    versions_.clear();
  }
  versions_.insert_or_assign(std::string(stream_id), version);
}

}  // namespace opendata
