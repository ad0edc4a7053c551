// Implementation of commit_queue.h. Thread-safety as documented there.
#include "storage/commit_queue.h"

#include <utility>

#include "common/errors.h"

namespace opendata {

absl::StatusOr<AppendOutcome> CommitQueue::Submit(AppendRequest* request,
                                                  size_t event_count) {
  Entry entry;
  entry.request = request;
  entry.event_count = event_count;
  return Wait(entry);
}

absl::Status CommitQueue::RunOnWriter(const std::function<void()>& task) {
  Entry entry;
  entry.task = &task;
  return Wait(entry).status();
}

absl::StatusOr<AppendOutcome> CommitQueue::Wait(Entry& entry) {
  bool wake_writer = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) {
      return MakeError(absl::StatusCode::kUnavailable, "STORE_CLOSED",
                       "the event store is closed");
    }
    wake_writer = waiting_.empty();
    waiting_.push_back(&entry);
  }
  // The writer only sleeps when the queue is empty, so only the first arrival
  // needs to wake it.
  if (wake_writer) writer_cv_.notify_one();
  std::unique_lock<std::mutex> lock(entry.mu);
  entry.cv.wait(lock, [&entry] { return entry.done; });
  return std::move(entry.outcome);
}

bool CommitQueue::TakeBatch(size_t max_events, std::vector<Entry*>* batch) {
  batch->clear();
  std::unique_lock<std::mutex> lock(mu_);
  writer_cv_.wait(lock, [this] { return !waiting_.empty() || closed_; });
  size_t events = 0;
  while (!waiting_.empty()) {
    Entry* next = waiting_.front();
    if (!batch->empty() &&
        (next->task != nullptr || batch->front()->task != nullptr ||
         events + next->event_count > max_events)) {
      break;
    }
    events += next->event_count;
    batch->push_back(next);
    waiting_.pop_front();
  }
  return !batch->empty();
}

void CommitQueue::Complete(Entry* entry,
                           absl::StatusOr<AppendOutcome> outcome) {
  // Notify while holding the entry's mutex: the caller cannot see `done`,
  // return and destroy the entry until this scope has released the mutex.
  std::lock_guard<std::mutex> lock(entry->mu);
  entry->outcome = std::move(outcome);
  entry->done = true;
  entry->cv.notify_one();
}

void CommitQueue::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
  }
  writer_cv_.notify_one();
}

}  // namespace opendata
