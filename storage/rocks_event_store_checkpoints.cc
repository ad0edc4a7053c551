// RocksEventStore: the Merkle node cache and signed checkpoints (families
// "merkle" and "checkpoints", storage/README.md). Written by the checkpointer
// with their own synced writes, outside the commit path. Thread-safety: see
// rocks_event_store.h.
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "rocksdb/write_batch.h"
#include "storage/keys.h"
#include "storage/rocks_event_store.h"
#include "storage/rocks_util.h"
#include "storage/stored_event.h"

namespace opendata {
namespace {

namespace keys = storage_keys;
namespace pb = ::jining::opendata::v1;

constexpr char kCheckpointCorrupt[] = "CHECKPOINT_CORRUPT";

rocksdb::WriteOptions SyncedWrite() {
  rocksdb::WriteOptions options;
  options.sync = true;
  return options;
}

}  // namespace

absl::StatusOr<std::optional<std::string>> RocksEventStore::GetMerkleNode(
    int level, uint64_t index) {
  const ReadView view = View();
  std::string value;
  const rocksdb::Status status =
      db_->Get(view.options, families_.merkle,
               keys::MerkleNodeKey(level, index), &value);
  if (status.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocks(status, "reading the Merkle node cache"));
  if (value.size() != kSha256Size) {
    return MakeError(
        absl::StatusCode::kDataLoss, "MERKLE_NODE_CORRUPT",
        "a cached Merkle node is not 32 bytes",
        {{"level", absl::StrCat(level)}, {"index", absl::StrCat(index)}});
  }
  return value;
}

absl::StatusOr<uint64_t> RocksEventStore::MerkleLeafCount() {
  const ReadView view = View();
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(view.options, families_.merkle));
  // The last level-0 key sorts just before the first level-1 key.
  it->SeekForPrev(keys::MerkleNodeKey(0, UINT64_MAX));
  RETURN_IF_ERROR(FromRocks(it->status(), "reading the Merkle node cache"));
  if (!it->Valid() || it->key().size() != 9 || it->key()[0] != 0) return 0;
  const std::optional<uint64_t> index =
      keys::DecodeUint64(ToView(it->key()).substr(1));
  return index.value_or(0) + 1;
}

absl::Status RocksEventStore::PutMerkleNodes(
    const std::vector<MerkleNode>& nodes) {
  if (mode_ != Mode::kReadWrite) return ReadOnlyError();
  rocksdb::WriteBatch batch;
  for (const MerkleNode& node : nodes) {
    RETURN_IF_ERROR(FromRocks(
        batch.Put(families_.merkle, keys::MerkleNodeKey(node.level, node.index),
                  ToSlice(node.hash)),
        "staging Merkle nodes"));
  }
  return FromRocks(db_->Write(SyncedWrite(), &batch),
                   "writing the Merkle node cache");
}

absl::Status RocksEventStore::PutCheckpoint(
    const pb::SignedCheckpoint& checkpoint) {
  if (mode_ != Mode::kReadWrite) return ReadOnlyError();
  std::string value;
  checkpoint.SerializeToString(&value);
  return FromRocks(db_->Put(SyncedWrite(), families_.checkpoints,
                            keys::EncodeUint64(checkpoint.tree_size()), value),
                   "writing a checkpoint");
}

absl::StatusOr<std::optional<pb::SignedCheckpoint>>
RocksEventStore::LatestCheckpoint() {
  const ReadView view = View();
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(view.options, families_.checkpoints));
  it->SeekToLast();
  RETURN_IF_ERROR(FromRocks(it->status(), "reading checkpoints"));
  if (!it->Valid()) return std::nullopt;
  pb::SignedCheckpoint checkpoint;
  const std::optional<uint64_t> key = keys::DecodeUint64(ToView(it->key()));
  if (!key.has_value() ||
      !checkpoint.ParseFromArray(it->value().data(),
                                 static_cast<int>(it->value().size())) ||
      checkpoint.tree_size() != *key) {
    return MakeError(absl::StatusCode::kDataLoss, kCheckpointCorrupt,
                     "the latest checkpoint record does not parse",
                     {{"key", ToHex(ToView(it->key()))}});
  }
  return checkpoint;
}

absl::StatusOr<std::optional<pb::StoredEvent>> RocksEventStore::ReadStoredEvent(
    uint64_t sequence) {
  const ReadView view = View();
  std::string value;
  const rocksdb::Status status = db_->Get(view.options, families_.events,
                                          keys::EncodeUint64(sequence), &value);
  if (status.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocks(status, "reading an event"));
  RETURN_IF_ERROR(DecodeStoredEvent(sequence, value).status());
  pb::StoredEvent stored;
  stored.ParseFromString(value);
  return stored;
}

absl::Status RocksEventStore::ForEachCheckpoint(
    const std::function<absl::Status(uint64_t, absl::string_view)>& fn) {
  const ReadView view = View();
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(view.options, families_.checkpoints));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::optional<uint64_t> key = keys::DecodeUint64(ToView(it->key()));
    if (!key.has_value()) {
      return MakeError(absl::StatusCode::kDataLoss, kCheckpointCorrupt,
                       "malformed checkpoint key",
                       {{"key", ToHex(ToView(it->key()))}});
    }
    RETURN_IF_ERROR(fn(*key, ToView(it->value())));
  }
  return FromRocks(it->status(), "reading checkpoints");
}

}  // namespace opendata
