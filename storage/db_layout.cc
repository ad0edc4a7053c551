// Implementation of db_layout.h. Stateless; safe from any thread.
#include "storage/db_layout.h"

#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"
#include "storage/keys.h"

namespace opendata {
namespace {

// Point lookups of stream heads and idempotency keys mostly miss in older
// files: give them Bloom filters.
rocksdb::ColumnFamilyOptions PointLookupOptions() {
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions options;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

}  // namespace

std::vector<rocksdb::ColumnFamilyDescriptor> ColumnFamilyDescriptors() {
  namespace k = storage_keys;
  return {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {k::kEventsFamily, rocksdb::ColumnFamilyOptions()},
      {k::kStreamsFamily, PointLookupOptions()},
      {k::kIdempotencyFamily, PointLookupOptions()},
      {k::kProjectionsFamily, rocksdb::ColumnFamilyOptions()},
      {k::kMetaFamily, rocksdb::ColumnFamilyOptions()},
      {k::kMerkleFamily, rocksdb::ColumnFamilyOptions()},
      {k::kCheckpointsFamily, rocksdb::ColumnFamilyOptions()},
      {k::kSubjectKeysFamily, PointLookupOptions()},
  };
}

ColumnFamilies AssignColumnFamilies(
    const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
  ColumnFamilies families;
  families.events = handles[1];
  families.streams = handles[2];
  families.idempotency = handles[3];
  families.projections = handles[4];
  families.meta = handles[5];
  families.merkle = handles[6];
  families.checkpoints = handles[7];
  families.subject_keys = handles[8];
  return families;
}

rocksdb::ReadOptions VerifiedReadOptions() {
  rocksdb::ReadOptions options;
  options.verify_checksums = true;
  return options;
}

}  // namespace opendata
