// Stream versions: reading a stream's head record from the "streams" column
// family, and the writer's in-memory cache of committed stream versions (filled
// from the head records on a miss).
//
// Thread-safety: ReadStreamVersion is safe from any thread. StreamVersionCache
// is not thread-safe; only the store's writer thread uses it.
#ifndef OPENDATA_STORAGE_STREAM_VERSIONS_H_
#define OPENDATA_STORAGE_STREAM_VERSIONS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"

namespace opendata {

// The version in the head record of `stream_id`; 0 if the stream has none.
// DATA_LOSS (STREAM_INDEX_CORRUPT) for a malformed head record; translated
// RocksDB errors otherwise.
absl::StatusOr<int64_t> ReadStreamVersion(rocksdb::DB* db,
                                          rocksdb::ColumnFamilyHandle* streams,
                                          const rocksdb::ReadOptions& options,
                                          absl::string_view stream_id);

// Committed versions of recently written streams. Holds at most `capacity`
// entries; when full it starts over, which costs only reloads.
class StreamVersionCache {
 public:
  StreamVersionCache(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* streams,
                     size_t capacity);

  // The committed version of `stream_id`, read from the database on a miss.
  absl::StatusOr<int64_t> Get(absl::string_view stream_id);

  // Records a newly committed version.
  void Set(absl::string_view stream_id, int64_t version);

 private:
  rocksdb::DB* const db_;
  rocksdb::ColumnFamilyHandle* const streams_;
  const size_t capacity_;
  absl::flat_hash_map<std::string, int64_t> versions_;
};

}  // namespace opendata

#endif  // OPENDATA_STORAGE_STREAM_VERSIONS_H_
