// Implementation of rocks_util.h. Stateless; safe from any thread.
#include "storage/rocks_util.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace opendata {

absl::Status FromRocks(const rocksdb::Status& status,
                       absl::string_view context) {
  if (status.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat(context, ": ", status.ToString());
  if (status.IsCorruption()) {
    return MakeError(absl::StatusCode::kDataLoss, kStorageCorruption, message);
  }
  if (status.IsIOError() || status.IsBusy() || status.IsTimedOut() ||
      status.IsTryAgain() || status.IsIncomplete() || status.IsAborted() ||
      status.IsShutdownInProgress()) {
    return MakeError(absl::StatusCode::kUnavailable, kStorageUnavailable,
                     message);
  }
  return MakeError(absl::StatusCode::kFailedPrecondition, kStorageFailed,
                   message);
}

}  // namespace opendata
