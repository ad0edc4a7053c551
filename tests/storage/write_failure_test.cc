// A commit whose write fails: every caller of the batch gets UNAVAILABLE,
// in-memory state does not advance, later appends are refused until reopening,
// and after reopening the log is consistent and appends continue. Faults are
// injected into WAL writes through a rocksdb::FileSystem wrapper.
// The fault flag is atomic; the tests themselves are single-threaded.
#include <atomic>
#include <limits>
#include <memory>

#include "absl/strings/match.h"
#include "catch2/catch.hpp"
#include "common/errors.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "storage/rocks_event_store.h"
#include "tests/storage/storage_test_util.h"

namespace opendata {
namespace {

using testing::OneStream;
using testing::OpenOrDie;
using testing::TempDir;

// A WAL file whose appends fail while `*fail` is set.
class FailingWal final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FailingWal(std::unique_ptr<rocksdb::FSWritableFile> file,
             const std::atomic<bool>* fail)
      : FSWritableFileOwnerWrapper(std::move(file)), fail_(fail) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data,
                           const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
    if (fail_->load()) return rocksdb::IOStatus::IOError("injected fault");
    return FSWritableFileOwnerWrapper::Append(data, options, dbg);
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data,
                           const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info,
                           rocksdb::IODebugContext* dbg) override {
    if (fail_->load()) return rocksdb::IOStatus::IOError("injected fault");
    return FSWritableFileOwnerWrapper::Append(data, options, info, dbg);
  }

 private:
  const std::atomic<bool>* fail_;
};

// Wraps every new WAL file in a FailingWal.
class FaultFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  FaultFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FaultFileSystem"; }

  rocksdb::IOStatus NewWritableFile(
      const std::string& name, const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSWritableFile>* file,
      rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus status =
        FileSystemWrapper::NewWritableFile(name, options, file, dbg);
    if (status.ok() && absl::EndsWith(name, ".log")) {
      *file = std::make_unique<FailingWal>(std::move(*file), &fail);
    }
    return status;
  }

  std::atomic<bool> fail{false};
};

TEST_CASE("a failed commit answers UNAVAILABLE and advances nothing",
          "[failure]") {
  TempDir dir;
  auto fs = std::make_shared<FaultFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  RocksEventStoreOptions options;
  options.env = env.get();
  std::string head;
  {
    auto store = OpenOrDie(dir.path(), options);
    REQUIRE(store->Append(OneStream("a", kNoStream, 1, "k1", "f1")).ok());
    head = store->HeadHash();
    fs->fail = true;
    auto failed = store->Append(OneStream("a", 1, 1, "k2", "f2"));
    CHECK(failed.status().code() == absl::StatusCode::kUnavailable);
    CHECK(ErrorReason(failed.status()) == "COMMIT_FAILED");
    CHECK(store->LastSequence() == 1);
    CHECK(store->HeadHash() == head);
    CHECK(*store->StreamVersion("a") == 1);
    auto refused = store->Append(OneStream("b", kNoStream));
    CHECK(refused.status().code() == absl::StatusCode::kUnavailable);
    CHECK(ErrorReason(refused.status()) == "STORE_FAILED");
  }
  fs->fail = false;
  auto store = OpenOrDie(dir.path());
  CHECK(store->LastSequence() == 1);
  CHECK(store->HeadHash() == head);
  auto retried = store->Append(OneStream("a", 1, 1, "k2", "f2"));
  REQUIRE(retried.ok());
  CHECK_FALSE(retried->replayed);
  CHECK(retried->result.first_sequence() == 2);
  CHECK(store->VerifyChain(1, std::numeric_limits<uint64_t>::max()).ok());
}

}  // namespace
}  // namespace opendata
