// RocksDB glue: translation of rocksdb::Status into the platform's absl::Status
// codes (Corruption -> DATA_LOSS, I/O and transient failures -> UNAVAILABLE,
// everything else -> FAILED_PRECONDITION) and conversions between
// rocksdb::Slice and absl::string_view (Debian's abseil has its own
// string_view). Stateless; safe from any thread.
#ifndef OPENDATA_STORAGE_ROCKS_UTIL_H_
#define OPENDATA_STORAGE_ROCKS_UTIL_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/slice.h"
#include "rocksdb/status.h"

namespace opendata {

// ErrorInfo reasons for translated RocksDB failures.
inline constexpr char kStorageCorruption[] = "STORAGE_CORRUPTION";
inline constexpr char kStorageUnavailable[] = "STORAGE_UNAVAILABLE";
inline constexpr char kStorageFailed[] = "STORAGE_FAILED";

// OK for an OK status; otherwise the translated error, its message prefixed by
// `context`.
absl::Status FromRocks(const rocksdb::Status& status,
                       absl::string_view context);

inline rocksdb::Slice ToSlice(absl::string_view view) {
  return rocksdb::Slice(view.data(), view.size());
}

inline absl::string_view ToView(const rocksdb::Slice& slice) {
  return absl::string_view(slice.data(), slice.size());
}

}  // namespace opendata

#endif  // OPENDATA_STORAGE_ROCKS_UTIL_H_
