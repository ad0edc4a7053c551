// CommitQueue: the hand-off between Append callers and the store's single
// writer thread (group commit). A caller submits its request and blocks; the
// writer takes every waiting request (up to an event cap) as one batch, commits
// it, and completes each entry, which wakes exactly that caller. A caller may
// also hand the writer a task (RunOnWriter) that it runs alone, in queue order
// between two group commits.
//
// Thread-safety: Submit and Close may be called from any thread; TakeBatch and
// Complete only from the one writer thread.
#ifndef OPENDATA_STORAGE_COMMIT_QUEUE_H_
#define OPENDATA_STORAGE_COMMIT_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/event_store.h"

namespace opendata {

class CommitQueue {
 public:
  // One waiting Append. Lives on the caller's stack; the writer must not touch
  // it after Complete().
  struct Entry {
    AppendRequest* request = nullptr;
    size_t event_count = 0;
    // Set instead of `request` for a task the writer runs alone.
    const std::function<void()>* task = nullptr;

   private:
    friend class CommitQueue;
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    absl::StatusOr<AppendOutcome> outcome;
  };

  CommitQueue() = default;
  CommitQueue(const CommitQueue&) = delete;
  CommitQueue& operator=(const CommitQueue&) = delete;

  // Caller side: enqueues `request` (with `event_count` events in total) and
  // blocks until the writer completes it. The writer may modify *request while
  // the caller waits. UNAVAILABLE (reason STORE_CLOSED) if the queue was closed
  // before the request was enqueued.
  absl::StatusOr<AppendOutcome> Submit(AppendRequest* request,
                                       size_t event_count);

  // Caller side: enqueues `task` and blocks until the writer has run it (the
  // writer runs it alone, after every entry queued before it and before every
  // entry queued after). UNAVAILABLE (STORE_CLOSED) as Submit.
  absl::Status RunOnWriter(const std::function<void()>& task);

  // Writer side: blocks until an entry waits or the queue is closed. Moves the
  // oldest waiting entries into *batch (cleared first): at least one, then more
  // while their events fit in `max_events`; a task entry always forms a batch
  // of its own. Returns false once the queue is closed and empty.
  bool TakeBatch(size_t max_events, std::vector<Entry*>* batch);

  // Writer side: hands `outcome` to the caller of `entry` and wakes it.
  static void Complete(Entry* entry, absl::StatusOr<AppendOutcome> outcome);

  // Refuses further submissions. Entries already queued are still handed out by
  // TakeBatch.
  void Close();

 private:
  // Enqueues `entry` and blocks until the writer completes it.
  absl::StatusOr<AppendOutcome> Wait(Entry& entry);

  std::mutex mu_;
  std::condition_variable writer_cv_;
  std::deque<Entry*> waiting_;  // Guarded by mu_.
  bool closed_ = false;         // Guarded by mu_.
};

}  // namespace opendata

#endif  // OPENDATA_STORAGE_COMMIT_QUEUE_H_
