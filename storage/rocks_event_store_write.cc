// RocksEventStore: Append and the single writer thread that group-commits
// every waiting request in one WriteBatch. Thread-safety: Append from any
// thread; WriterLoop and CommitBatch run only on the writer thread.
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "storage/append_validation.h"
#include "storage/batch_planner.h"
#include "storage/rocks_event_store.h"
#include "storage/stream_versions.h"

namespace opendata {
namespace {

// Streams whose versions the writer keeps in memory before it starts over.
constexpr size_t kStreamCacheCapacity = 1 << 20;

absl::Status StoreFailedError() {
  return MakeError(absl::StatusCode::kUnavailable, "STORE_FAILED",
                   "a commit failed; the store must be reopened");
}

}  // namespace

absl::StatusOr<AppendOutcome> RocksEventStore::Append(AppendRequest request) {
  if (mode_ != Mode::kReadWrite) return ReadOnlyError();
  ASSIGN_OR_RETURN(const size_t events, ValidateAppendRequest(request));
  if (failed_.load()) return StoreFailedError();
  const bool shreds = !request.shredded_subject_keys.empty();
  absl::StatusOr<AppendOutcome> outcome = queue_.Submit(&request, events);
  if (shreds && outcome.ok() && !outcome->replayed) {
    // The shred is committed whatever this does; a purge that fails is
    // repeated when the store is next opened.
    PurgeDeletedSubjectKeys().IgnoreError();
  }
  return outcome;
}

void RocksEventStore::WriterLoop() {
  StreamVersionCache versions(db_.get(), families_.streams,
                              kStreamCacheCapacity);
  BatchPlanner planner(db_.get(), families_, &versions);
  std::vector<CommitQueue::Entry*> batch;
  std::vector<absl::StatusOr<AppendOutcome>> outcomes;
  while (queue_.TakeBatch(options_.max_batch_events, &batch)) {
    if (batch.front()->task != nullptr) {  // A task forms a batch of its own.
      (*batch.front()->task)();
      CommitQueue::Complete(batch.front(), AppendOutcome{});
      continue;
    }
    CommitBatch(&planner, batch, &outcomes);
    for (size_t i = 0; i < batch.size(); ++i) {
      CommitQueue::Complete(batch[i], std::move(outcomes[i]));
    }
  }
}

void RocksEventStore::CommitBatch(
    BatchPlanner* planner, const std::vector<CommitQueue::Entry*>& batch,
    std::vector<absl::StatusOr<AppendOutcome>>* outcomes) {
  outcomes->clear();
  if (failed_.load()) {
    outcomes->assign(batch.size(), StoreFailedError());
    return;
  }
  // Only this thread writes head_hash_, so reading it unlocked is safe.
  planner->Reset(last_sequence_.load(), head_hash_, clock_->Now());
  for (CommitQueue::Entry* entry : batch) {
    outcomes->push_back(planner->Add(entry->request));
  }
  if (!planner->has_writes()) return;
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync;
  const rocksdb::Status status = db_->Write(write_options, planner->Finish());
  if (!status.ok()) {
    // The outcome is unknown until recovery: refuse further appends rather than
    // run ahead of the disk.
    failed_.store(true);
    outcomes->assign(
        batch.size(),
        MakeError(absl::StatusCode::kUnavailable, "COMMIT_FAILED",
                  absl::StrCat("the commit failed: ", status.ToString())));
    return;
  }
  planner->Publish();
  {
    std::lock_guard<std::mutex> lock(head_mu_);
    head_hash_ = planner->head_hash();
  }
  PublishLastSequence(planner->last_sequence());
}

}  // namespace opendata
