// Implementation of storage_test_util.h. Thread-safety as documented there.
#include "tests/storage/storage_test_util.h"

#include <stdlib.h>

#include <filesystem>

#include "catch2/catch.hpp"
#include "storage/keys.h"

namespace opendata::testing {

TempDir::TempDir() {
  std::string pattern = "/tmp/storage_test.XXXXXX";
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

EventEnvelope MakeEvent(int submission, const std::string& request_id) {
  EventEnvelope envelope;
  envelope.set_event_type("catalog_entry_published");
  envelope.set_request_id(request_id);
  envelope.set_correlation_id(request_id);
  envelope.mutable_occurred_at()->set_seconds(1700000000);
  envelope.mutable_actor()->set_subject("reviewer-1");
  envelope.mutable_payload()->mutable_catalog_entry_published()->set_submission(
      submission);
  return envelope;
}

AppendRequest OneStream(const std::string& stream_id, int64_t expected_version,
                        int count, const std::string& key,
                        const std::string& fingerprint) {
  AppendRequest request;
  request.idempotency_key = key;
  request.fingerprint = fingerprint;
  StreamAppend stream;
  stream.stream_id = stream_id;
  stream.expected_version = expected_version;
  for (int i = 0; i < count; ++i)
    stream.events.push_back(MakeEvent(i + 1, key));
  request.streams.push_back(std::move(stream));
  return request;
}

std::unique_ptr<RocksEventStore> OpenOrDie(
    const std::string& dir, const RocksEventStoreOptions& options) {
  auto store = RocksEventStore::Open(dir, options);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return *std::move(store);
}

RawDb::RawDb(const std::string& dir) {
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  const rocksdb::Status status = rocksdb::DB::Open(
      options, dir, ColumnFamilyDescriptors(), &handles_, &db_);
  INFO(status.ToString());
  REQUIRE(status.ok());
  families_ = AssignColumnFamilies(handles_);
}

RawDb::~RawDb() {
  for (auto* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
  delete db_;
}

std::string RawDb::GetEvent(uint64_t sequence) {
  std::string value;
  db_->Get(rocksdb::ReadOptions(), families_.events,
           storage_keys::EncodeUint64(sequence), &value);
  return value;
}

void RawDb::PutEvent(uint64_t sequence, const std::string& value) {
  REQUIRE(db_->Put(rocksdb::WriteOptions(), families_.events,
                   storage_keys::EncodeUint64(sequence), value)
              .ok());
}

void RawDb::DeleteEvent(uint64_t sequence) {
  REQUIRE(db_->Delete(rocksdb::WriteOptions(), families_.events,
                      storage_keys::EncodeUint64(sequence))
              .ok());
}

void RawDb::PutMeta(const std::string& key, const std::string& value) {
  REQUIRE(db_->Put(rocksdb::WriteOptions(), families_.meta, key, value).ok());
}

}  // namespace opendata::testing
