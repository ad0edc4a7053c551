// RocksEventStore as SubjectKeyStore: the wrapped per-subject data keys in the
// "subject_keys" family (storage/README.md), written with synced puts of their
// own outside the commit path and deleted only in the commit that records a
// SubjectKeyShredded event (BatchPlanner). Thread-safety: see
// rocks_event_store.h.
#include <memory>

#include "common/status_macros.h"
#include "storage/rocks_event_store.h"
#include "storage/rocks_util.h"

namespace opendata {

absl::StatusOr<std::optional<std::string>> RocksEventStore::GetSubjectKey(
    absl::string_view subject) {
  const ReadView view = View();
  std::string value;
  const rocksdb::Status status =
      db_->Get(view.options, families_.subject_keys, ToSlice(subject), &value);
  if (status.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocks(status, "reading a subject key"));
  return value;
}

absl::StatusOr<std::string> RocksEventStore::PutSubjectKeyIfAbsent(
    absl::string_view subject, absl::string_view record) {
  if (mode_ != Mode::kReadWrite) return ReadOnlyError();
  std::lock_guard<std::mutex> lock(subject_keys_mu_);
  ASSIGN_OR_RETURN(std::optional<std::string> existing, GetSubjectKey(subject));
  if (existing.has_value()) return *std::move(existing);
  rocksdb::WriteOptions options;
  options.sync = options_.sync;
  RETURN_IF_ERROR(FromRocks(db_->Put(options, families_.subject_keys,
                                     ToSlice(subject), ToSlice(record)),
                            "writing a subject key"));
  return std::string(record);
}

absl::Status RocksEventStore::PurgeDeletedSubjectKeys() {
  RETURN_IF_ERROR(Flush());
  return CompactSubjectKeys();
}

absl::Status RocksEventStore::CompactSubjectKeys() {
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction =
      rocksdb::BottommostLevelCompaction::kForce;
  return FromRocks(
      db_->CompactRange(options, families_.subject_keys, nullptr, nullptr),
      "compacting subject keys");
}

absl::Status RocksEventStore::ForEachSubjectKey(
    const std::function<absl::Status(absl::string_view subject,
                                     absl::string_view record)>& fn) {
  const ReadView view = View();
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(view.options, families_.subject_keys));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    RETURN_IF_ERROR(fn(ToView(it->key()), ToView(it->value())));
  }
  return FromRocks(it->status(), "reading subject keys");
}

}  // namespace opendata
