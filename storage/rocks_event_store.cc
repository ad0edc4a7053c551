// RocksEventStore: opening, the chain tail, catching up and flushing. Append
// and the group-commit writer are in rocks_event_store_write.cc, reads in
// rocks_event_store_read.cc, raw iteration and chain verification in
// rocks_event_store_audit.cc. Thread-safety: see rocks_event_store.h.
#include "storage/rocks_event_store.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "storage/keys.h"
#include "storage/rocks_util.h"
#include "storage/stored_event.h"

namespace opendata {

namespace keys = storage_keys;

RocksEventStore::RocksEventStore(Mode mode,
                                 const RocksEventStoreOptions& options)
    : mode_(mode),
      options_(options),
      clock_(options.clock != nullptr ? options.clock : &system_clock_),
      head_hash_(GenesisHash()) {}

absl::StatusOr<std::unique_ptr<RocksEventStore>> RocksEventStore::Open(
    const std::string& dir, const RocksEventStoreOptions& options) {
  return OpenMode(options.read_only ? Mode::kReadOnly : Mode::kReadWrite, dir,
                  "", options);
}

absl::StatusOr<std::unique_ptr<RocksEventStore>> RocksEventStore::OpenForAudit(
    const std::string& dir, const std::string& secondary_dir) {
  std::error_code error;
  std::filesystem::create_directories(secondary_dir, error);
  if (error) {
    return MakeError(
        absl::StatusCode::kUnavailable, kStorageUnavailable,
        absl::StrCat("cannot create ", secondary_dir, ": ", error.message()));
  }
  RocksEventStoreOptions options;
  options.read_only = true;
  return OpenMode(Mode::kAudit, dir, secondary_dir, options);
}

absl::StatusOr<std::unique_ptr<RocksEventStore>> RocksEventStore::OpenMode(
    Mode mode, const std::string& dir, const std::string& secondary_dir,
    const RocksEventStoreOptions& options) {
  std::unique_ptr<RocksEventStore> store(new RocksEventStore(mode, options));
  RETURN_IF_ERROR(store->OpenDatabase(dir, secondary_dir));
  RETURN_IF_ERROR(store->CheckFormat());
  RETURN_IF_ERROR(store->LoadTail(/*verify=*/mode == Mode::kReadWrite));
  if (mode == Mode::kReadWrite) {
    // Recovery flushed the WAL; a deleted subject key may still sit in an SST
    // if the purge after its shred did not finish.
    RETURN_IF_ERROR(store->CompactSubjectKeys());
    store->writer_ = std::thread([raw = store.get()] { raw->WriterLoop(); });
  }
  return store;
}

RocksEventStore::~RocksEventStore() {
  queue_.Close();
  if (writer_.joinable()) writer_.join();
  if (db_ == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle);
  }
  db_->Close();
}

absl::Status RocksEventStore::OpenDatabase(const std::string& dir,
                                           const std::string& secondary_dir) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = mode_ == Mode::kReadWrite;
  db_options.create_missing_column_families = mode_ == Mode::kReadWrite;
  if (options_.env != nullptr) db_options.env = options_.env;
  // A secondary instance must open every table file when it catches up, before
  // the primary may delete it.
  if (mode_ == Mode::kAudit) db_options.max_open_files = -1;
  const std::vector<rocksdb::ColumnFamilyDescriptor> descriptors =
      ColumnFamilyDescriptors();
  rocksdb::DB* db = nullptr;
  rocksdb::Status status;
  switch (mode_) {
    case Mode::kReadWrite:
      status = rocksdb::DB::Open(db_options, dir, descriptors, &handles_, &db);
      break;
    case Mode::kReadOnly:
      status = rocksdb::DB::OpenForReadOnly(db_options, dir, descriptors,
                                            &handles_, &db);
      break;
    case Mode::kAudit:
      status = rocksdb::DB::OpenAsSecondary(db_options, dir, secondary_dir,
                                            descriptors, &handles_, &db);
      break;
  }
  RETURN_IF_ERROR(FromRocks(status, absl::StrCat("opening ", dir)));
  db_.reset(db);
  families_ = AssignColumnFamilies(handles_);
  return absl::OkStatus();
}

absl::Status RocksEventStore::CheckFormat() {
  std::string value;
  const rocksdb::Status status = db_->Get(VerifiedReadOptions(), families_.meta,
                                          keys::kFormatVersionKey, &value);
  if (status.ok()) {
    const std::optional<uint64_t> version = keys::DecodeUint64(value);
    if (!version.has_value()) {
      return MakeError(absl::StatusCode::kDataLoss, kStoreMetaCorrupt,
                       "malformed format version record");
    }
    if (*version != keys::kFormatVersion) {
      return MakeError(
          absl::StatusCode::kFailedPrecondition, "UNSUPPORTED_FORMAT_VERSION",
          absl::StrCat("store format version ", *version, " is not supported"),
          {{"format_version", absl::StrCat(*version)}});
    }
    return absl::OkStatus();
  }
  if (!status.IsNotFound()) return FromRocks(status, "reading format version");
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(VerifiedReadOptions(), families_.events));
  it->SeekToFirst();
  RETURN_IF_ERROR(FromRocks(it->status(), "reading the event log"));
  if (it->Valid()) {
    return MakeError(absl::StatusCode::kDataLoss, kStoreMetaCorrupt,
                     "the event log has no format version record");
  }
  if (mode_ != Mode::kReadWrite) return absl::OkStatus();
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  return FromRocks(
      db_->Put(write_options, families_.meta, keys::kFormatVersionKey,
               keys::EncodeUint64(keys::kFormatVersion)),
      "writing format version");
}

absl::Status RocksEventStore::LoadTail(bool verify) {
  const rocksdb::ReadOptions options = VerifiedReadOptions();
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(options, families_.events));
  it->SeekToLast();
  RETURN_IF_ERROR(FromRocks(it->status(), "reading the last event"));
  uint64_t last = 0;
  std::string hash = GenesisHash();
  if (it->Valid()) {
    const std::optional<uint64_t> key = keys::DecodeUint64(ToView(it->key()));
    last = key.value_or(0);
    absl::StatusOr<RecordedEvent> event =
        DecodeStoredEvent(last, ToView(it->value()));
    if (verify && !key.has_value()) {
      return MakeError(absl::StatusCode::kDataLoss, kStoredEventCorrupt,
                       "the last event key is not 8 bytes");
    }
    if (verify) RETURN_IF_ERROR(event.status());
    hash = event.ok() ? std::move(event->hash) : std::string();
  }
  if (verify) RETURN_IF_ERROR(VerifyHeadRecord(options, last, hash));
  {
    std::lock_guard<std::mutex> lock(head_mu_);
    head_hash_ = std::move(hash);
  }
  PublishLastSequence(last);
  return absl::OkStatus();
}

RocksEventStore::ReadView RocksEventStore::View() const {
  ReadView view;
  view.options = VerifiedReadOptions();
  if (mode_ == Mode::kReadWrite) {
    view.snapshot = std::make_unique<rocksdb::ManagedSnapshot>(db_.get());
    view.options.snapshot = view.snapshot->snapshot();
  } else {
    view.lock = std::shared_lock<std::shared_mutex>(view_mu_);
  }
  return view;
}

absl::Status RocksEventStore::ReadOnlyError() {
  return MakeError(absl::StatusCode::kFailedPrecondition, "STORE_READ_ONLY",
                   "the event store is open read-only");
}

uint64_t RocksEventStore::LastSequence() const { return last_sequence_.load(); }

void RocksEventStore::PublishLastSequence(uint64_t sequence) {
  last_sequence_.store(sequence);
  // Taking the mutex orders the store before any waiter's next check.
  { std::lock_guard<std::mutex> lock(commit_mu_); }
  commit_cv_.notify_all();
}

bool RocksEventStore::WaitForSequenceAbove(uint64_t sequence,
                                           absl::Time deadline) {
  std::unique_lock<std::mutex> lock(commit_mu_);
  return commit_cv_.wait_until(lock, absl::ToChronoTime(deadline), [&] {
    return last_sequence_.load() > sequence;
  });
}

std::string RocksEventStore::HeadHash() const {
  std::lock_guard<std::mutex> lock(head_mu_);
  return head_hash_;
}

absl::Status RocksEventStore::CatchUp() {
  if (mode_ != Mode::kAudit) {
    return MakeError(absl::StatusCode::kFailedPrecondition,
                     "NOT_AN_AUDIT_STORE",
                     "only an audit store catches up with a primary");
  }
  std::unique_lock<std::shared_mutex> lock(view_mu_);
  RETURN_IF_ERROR(
      FromRocks(db_->TryCatchUpWithPrimary(), "catching up with the primary"));
  return LoadTail(/*verify=*/false);
}

absl::Status RocksEventStore::Flush() {
  if (mode_ != Mode::kReadWrite) return ReadOnlyError();
  return FromRocks(db_->Flush(rocksdb::FlushOptions(), handles_),
                   "flushing memtables");
}

}  // namespace opendata
