// The RocksDB side of the store's layout: the column family handles of an open
// database and the options each family is opened with (see storage/README.md).
// Plain data and pure functions; safe from any thread.
#ifndef OPENDATA_STORAGE_DB_LAYOUT_H_
#define OPENDATA_STORAGE_DB_LAYOUT_H_

#include <vector>

#include "rocksdb/db.h"
#include "rocksdb/options.h"

namespace opendata {

// Handles of the store's column families in an open database. Not owned.
struct ColumnFamilies {
  rocksdb::ColumnFamilyHandle* events = nullptr;
  rocksdb::ColumnFamilyHandle* streams = nullptr;
  rocksdb::ColumnFamilyHandle* idempotency = nullptr;
  rocksdb::ColumnFamilyHandle* projections = nullptr;
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* merkle = nullptr;
  rocksdb::ColumnFamilyHandle* checkpoints = nullptr;
  rocksdb::ColumnFamilyHandle* subject_keys = nullptr;
};

// Descriptors of every column family, "default" first, then events, streams,
// idempotency, projections, meta, merkle, checkpoints, subject_keys.
std::vector<rocksdb::ColumnFamilyDescriptor> ColumnFamilyDescriptors();

// Maps handles opened from ColumnFamilyDescriptors() (same order) to their
// roles.
ColumnFamilies AssignColumnFamilies(
    const std::vector<rocksdb::ColumnFamilyHandle*>& handles);

// ReadOptions for every read of the store: block checksums verified.
rocksdb::ReadOptions VerifiedReadOptions();

}  // namespace opendata

#endif  // OPENDATA_STORAGE_DB_LAYOUT_H_
