// RocksEventStore::ReplaceProjectionRows: the online projection rebuild's
// write. The comparison with the stored rows and the write both run on the
// single writer thread, between two group commits, so no append can slip in
// between the head check, the scan and the write. If the head has moved and the
// caller gave a catch-up, the writer reads the events committed since and lets
// the caller fold them into rows as of the head, so the replacement always
// lands; appends wait only for those few events. Thread-safety:
// ReplaceProjectionRows from any thread; ApplyReplacement only on the writer
// thread.
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "rocksdb/write_batch.h"
#include "storage/rocks_event_store.h"
#include "storage/rocks_util.h"

namespace opendata {
namespace {

bool UnderAny(const std::vector<std::string>& prefixes, absl::string_view key) {
  for (const std::string& prefix : prefixes) {
    if (absl::StartsWith(key, prefix)) return true;
  }
  return false;
}

absl::Status ValidateReplacement(
    const std::vector<std::string>& prefixes,
    const std::map<std::string, std::string>& rows) {
  if (prefixes.empty()) {
    return MakeError(absl::StatusCode::kInvalidArgument, "REPLACEMENT_INVALID",
                     "a replacement needs at least one row prefix");
  }
  for (const std::string& prefix : prefixes) {
    if (prefix.empty()) {
      return MakeError(absl::StatusCode::kInvalidArgument,
                       "REPLACEMENT_INVALID",
                       "an empty prefix would replace every row");
    }
  }
  for (const auto& row : rows) {
    if (!UnderAny(prefixes, row.first)) {
      return MakeError(
          absl::StatusCode::kInvalidArgument, "REPLACEMENT_INVALID",
          "a row falls under none of the prefixes", {{"key", row.first}});
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ProjectionReplacement> RocksEventStore::ReplaceProjectionRows(
    const std::vector<std::string>& prefixes,
    const std::map<std::string, std::string>& rows, uint64_t as_of_sequence,
    const ProjectionCatchUp& catch_up) {
  if (mode_ != Mode::kReadWrite) return ReadOnlyError();
  if (absl::Status valid = ValidateReplacement(prefixes, rows); !valid.ok()) {
    return valid;
  }
  absl::StatusOr<ProjectionReplacement> outcome =
      absl::InternalError("the writer did not run the replacement");
  const std::function<void()> task = [&] {
    outcome = ApplyReplacement(prefixes, rows, as_of_sequence, catch_up);
  };
  if (absl::Status queued = queue_.RunOnWriter(task); !queued.ok()) {
    return queued;
  }
  return outcome;
}

absl::StatusOr<ProjectionReplacement> RocksEventStore::ApplyReplacement(
    const std::vector<std::string>& prefixes,
    const std::map<std::string, std::string>& rows, uint64_t as_of_sequence,
    const ProjectionCatchUp& catch_up) {
  if (failed_.load()) {
    return MakeError(absl::StatusCode::kUnavailable, "STORE_FAILED",
                     "a commit failed; the store must be reopened");
  }
  ProjectionReplacement result;
  result.head_sequence = last_sequence_.load();
  std::map<std::string, std::string> unseen = rows;
  if (result.head_sequence != as_of_sequence) {
    if (!catch_up || result.head_sequence < as_of_sequence) return result;
    // Only this thread appends, so the events up to the head are all there.
    absl::StatusOr<std::vector<RecordedEvent>> events =
        ReadAll(as_of_sequence + 1, result.head_sequence - as_of_sequence);
    if (!events.ok()) return events.status();
    absl::StatusOr<std::map<std::string, std::string>> caught_up =
        catch_up(*events);
    if (!caught_up.ok()) return caught_up.status();
    if (absl::Status valid = ValidateReplacement(prefixes, *caught_up);
        !valid.ok()) {
      return valid;
    }
    result.caught_up = static_cast<int64_t>(events->size());
    unseen = *std::move(caught_up);
  }
  // Only this thread writes, so the latest state is stable while we scan.
  rocksdb::WriteBatch batch;
  for (const std::string& prefix : prefixes) {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), families_.projections));
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
         it->Next()) {
      ++result.scanned;
      const std::string key = it->key().ToString();
      const auto wanted = unseen.find(key);
      if (wanted == unseen.end()) {
        ++result.extra;
        batch.Delete(families_.projections, key);
        continue;
      }
      if (wanted->second != ToView(it->value())) {
        ++result.different;
        batch.Put(families_.projections, key, wanted->second);
      }
      unseen.erase(wanted);
    }
    if (absl::Status read = FromRocks(it->status(), "reading projection rows");
        !read.ok()) {
      return read;
    }
  }
  for (const auto& [key, value] : unseen) {
    ++result.missing;
    batch.Put(families_.projections, key, value);
  }
  if (batch.Count() > 0) {
    rocksdb::WriteOptions write_options;
    write_options.sync = options_.sync;
    const rocksdb::Status status = db_->Write(write_options, &batch);
    if (!status.ok()) {
      return MakeError(
          absl::StatusCode::kUnavailable, "COMMIT_FAILED",
          absl::StrCat("the replacement failed: ", status.ToString()));
    }
  }
  result.applied = true;
  return result;
}

}  // namespace opendata
