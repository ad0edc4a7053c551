// Helpers for the storage tests: a temporary directory per test, event and
// request builders, a raw RocksDB handle on a closed store's directory for
// tampering, and opening a store that must open. Not thread-safe.
#ifndef OPENDATA_TESTS_STORAGE_STORAGE_TEST_UTIL_H_
#define OPENDATA_TESTS_STORAGE_STORAGE_TEST_UTIL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rocksdb/db.h"
#include "storage/db_layout.h"
#include "storage/event_store.h"
#include "storage/rocks_event_store.h"

namespace opendata::testing {

// A fresh directory under /tmp (mkdtemp), removed with everything in it on
// destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // A path inside the directory.
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// An envelope with event_type "catalog_entry_published", a
// CatalogEntryPublished payload with `submission`, and request id `request_id`.
EventEnvelope MakeEvent(int submission, const std::string& request_id = "req");

// A request appending `count` events to one stream.
AppendRequest OneStream(const std::string& stream_id, int64_t expected_version,
                        int count = 1, const std::string& key = "",
                        const std::string& fingerprint = "");

// Opens the store or fails the test.
std::unique_ptr<RocksEventStore> OpenOrDie(
    const std::string& dir, const RocksEventStoreOptions& options = {});

// Raw RocksDB access to a store directory that no store has open (created if
// missing), for tampering.
class RawDb {
 public:
  explicit RawDb(const std::string& dir);
  ~RawDb();
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  rocksdb::DB* db() { return db_; }
  const ColumnFamilies& families() const { return families_; }
  // The stored value of event `sequence` ("" if missing).
  std::string GetEvent(uint64_t sequence);
  void PutEvent(uint64_t sequence, const std::string& value);
  void DeleteEvent(uint64_t sequence);
  void PutMeta(const std::string& key, const std::string& value);

 private:
  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  ColumnFamilies families_;
};

}  // namespace opendata::testing

#endif  // OPENDATA_TESTS_STORAGE_STORAGE_TEST_UTIL_H_
