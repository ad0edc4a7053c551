// Implementation of checkpointer.h.
#include "storage/checkpointer.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/merkle.h"
#include "common/status_macros.h"
#include "storage/checkpoint.h"

namespace opendata {
namespace {

namespace pb = ::jining::opendata::v1;

// Events read per node-cache write.
constexpr size_t kExtendBatch = 4096;

absl::Status NodeMissing(int level, uint64_t index) {
  return MakeError(
      absl::StatusCode::kDataLoss, "MERKLE_NODE_MISSING",
      "the Merkle node cache lacks a node",
      {{"level", absl::StrCat(level)}, {"index", absl::StrCat(index)}});
}

}  // namespace

Checkpointer::Checkpointer(RocksEventStore* store, Ed25519Signer signer,
                           const Clock* clock)
    : store_(store), signer_(std::move(signer)), clock_(clock) {}

Checkpointer::~Checkpointer() { Stop(); }

void Checkpointer::Start(absl::Duration interval,
                         std::function<void(const absl::Status&)> on_error) {
  thread_ = std::thread([this, interval, on_error = std::move(on_error)] {
    Loop(interval, on_error);
  });
}

void Checkpointer::Stop() {
  {
    std::lock_guard<std::mutex> lock(thread_mu_);
    stopping_ = true;
  }
  thread_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Checkpointer::Loop(absl::Duration interval,
                        std::function<void(const absl::Status&)> on_error) {
  std::unique_lock<std::mutex> lock(thread_mu_);
  while (!thread_cv_.wait_for(lock, absl::ToChronoMilliseconds(interval),
                              [&] { return stopping_; })) {
    lock.unlock();
    absl::StatusOr<std::optional<pb::SignedCheckpoint>> made = CheckpointNow();
    if (!made.ok() && on_error) on_error(made.status());
    lock.lock();
  }
}

absl::Status Checkpointer::ExtendNodeCache(uint64_t tree_size) {
  ASSIGN_OR_RETURN(uint64_t size, store_->MerkleLeafCount());
  while (size < tree_size) {
    ASSIGN_OR_RETURN(std::vector<RecordedEvent> events,
                     store_->ReadAll(size + 1, kExtendBatch));
    if (events.empty()) break;
    std::map<std::pair<int, uint64_t>, std::string> pending;
    std::vector<RocksEventStore::MerkleNode> nodes;
    auto node = [&](int level, uint64_t index) -> absl::StatusOr<std::string> {
      auto it = pending.find({level, index});
      if (it != pending.end()) return it->second;
      ASSIGN_OR_RETURN(std::optional<std::string> cached,
                       store_->GetMerkleNode(level, index));
      if (!cached.has_value()) return NodeMissing(level, index);
      return *cached;
    };
    for (const RecordedEvent& event : events) {
      uint64_t index = event.envelope.sequence() - 1;
      if (index != size) return NodeMissing(0, size);
      int level = 0;
      std::string hash = MerkleLeafHash(event.hash);
      pending[{level, index}] = hash;
      nodes.push_back({level, index, hash});
      // Each odd index completes its parent subtree.
      while ((index & 1) == 1) {
        ASSIGN_OR_RETURN(std::string left, node(level, index - 1));
        hash = MerkleNodeHash(left, hash);
        ++level;
        index >>= 1;
        pending[{level, index}] = hash;
        nodes.push_back({level, index, hash});
      }
      ++size;
    }
    RETURN_IF_ERROR(store_->PutMerkleNodes(nodes));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<pb::SignedCheckpoint>>
Checkpointer::CheckpointNow() {
  std::lock_guard<std::mutex> lock(mu_);
  const uint64_t head = store_->LastSequence();
  if (head == 0) return std::nullopt;
  ASSIGN_OR_RETURN(std::optional<pb::SignedCheckpoint> latest,
                   store_->LatestCheckpoint());
  if (latest.has_value() && latest->tree_size() >= head) return std::nullopt;
  RETURN_IF_ERROR(ExtendNodeCache(head));
  ASSIGN_OR_RETURN(
      std::string root,
      MerkleRootFromNodes(
          head, [&](int level, uint64_t index) -> absl::StatusOr<std::string> {
            ASSIGN_OR_RETURN(std::optional<std::string> cached,
                             store_->GetMerkleNode(level, index));
            if (!cached.has_value()) return NodeMissing(level, index);
            return *cached;
          }));
  ASSIGN_OR_RETURN(std::vector<RecordedEvent> last, store_->ReadAll(head, 1));
  if (last.empty()) return NodeMissing(0, head - 1);
  ASSIGN_OR_RETURN(
      pb::SignedCheckpoint checkpoint,
      SignCheckpoint(head, root, last.front().hash, clock_->Now(), signer_));
  RETURN_IF_ERROR(store_->PutCheckpoint(checkpoint));
  return checkpoint;
}

absl::StatusOr<pb::SignedCheckpoint> Checkpointer::Covering(uint64_t sequence) {
  if (sequence == 0 || sequence > store_->LastSequence()) {
    return MakeError(absl::StatusCode::kNotFound, "EVENT_NOT_FOUND",
                     absl::StrCat("the log has no event ", sequence),
                     {{"sequence", absl::StrCat(sequence)}});
  }
  ASSIGN_OR_RETURN(std::optional<pb::SignedCheckpoint> latest,
                   store_->LatestCheckpoint());
  if (latest.has_value() && latest->tree_size() >= sequence) return *latest;
  RETURN_IF_ERROR(CheckpointNow().status());
  ASSIGN_OR_RETURN(latest, store_->LatestCheckpoint());
  if (!latest.has_value() || latest->tree_size() < sequence) {
    return MakeError(absl::StatusCode::kInternal, "CHECKPOINT_MISSING",
                     "no checkpoint covers the event",
                     {{"sequence", absl::StrCat(sequence)}});
  }
  return *latest;
}

absl::StatusOr<std::optional<pb::SignedCheckpoint>> Checkpointer::Latest() {
  RETURN_IF_ERROR(CheckpointNow().status());
  return store_->LatestCheckpoint();
}

absl::StatusOr<std::vector<std::string>> Checkpointer::InclusionProof(
    uint64_t index, uint64_t tree_size) {
  return MerkleInclusionProof(
      index, tree_size,
      [&](int level, uint64_t node_index) -> absl::StatusOr<std::string> {
        ASSIGN_OR_RETURN(std::optional<std::string> cached,
                         store_->GetMerkleNode(level, node_index));
        if (!cached.has_value()) return NodeMissing(level, node_index);
        return *cached;
      });
}

}  // namespace opendata
