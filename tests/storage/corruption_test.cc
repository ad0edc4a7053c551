// Tampered, damaged and truncated logs are detected (DATA_LOSS naming the
// sequence), never served; the audit (secondary) store reads a live store and
// iterates the raw records.
// Single-threaded tests.
#include <filesystem>
#include <fstream>
#include <limits>

#include "catch2/catch.hpp"
#include "common/errors.h"
#include "common/sha256.h"
#include "jining/opendata/v1/events.pb.h"
#include "storage/rocks_event_store.h"
#include "storage/stored_event.h"
#include "tests/storage/storage_test_util.h"

namespace opendata {
namespace {

using jining::opendata::v1::StoredEvent;
using testing::OneStream;
using testing::OpenOrDie;
using testing::RawDb;
using testing::TempDir;

constexpr uint64_t kAll = std::numeric_limits<uint64_t>::max();

// Sequences 1..3: stream "a" versions 1-2 (sequences 1, 2), stream "b" version
// 1 (sequence 3).
void WriteThreeEvents(const std::string& dir) {
  auto store = OpenOrDie(dir);
  REQUIRE(store->Append(OneStream("a", kNoStream, 2)).ok());
  REQUIRE(store->Append(OneStream("b", kNoStream, 1)).ok());
}

void CheckDataLoss(const absl::Status& status, uint64_t sequence,
                   const std::string& reason) {
  INFO(status.ToString());
  CHECK(status.code() == absl::StatusCode::kDataLoss);
  CHECK(ErrorReason(status) == reason);
  CHECK(ErrorMetadata(status)["sequence"] == std::to_string(sequence));
}

TEST_CASE("a flipped byte in a stored event is DATA_LOSS", "[corruption]") {
  TempDir dir;
  WriteThreeEvents(dir.path());
  std::string tampered;
  {
    RawDb raw(dir.path());
    tampered = raw.GetEvent(2);
    tampered[10] ^= 0x01;  // Inside the envelope bytes.
    raw.PutEvent(2, tampered);
  }
  auto store = OpenOrDie(dir.path());
  CheckDataLoss(store->ReadStream("a", 1, 10).status(), 2, kStoredEventCorrupt);
  CheckDataLoss(store->ReadAll(1, 10).status(), 2, kStoredEventCorrupt);
  CheckDataLoss(store->VerifyChain(1, kAll), 2, kStoredEventCorrupt);
  CHECK(store->ReadAll(3, 10).ok());
  // Event 3 links to the damaged event 2, so even a walk from 3 names 2.
  CheckDataLoss(store->VerifyChain(3, kAll), 2, kStoredEventCorrupt);
  // The raw iteration hands out the stored bytes as they are.
  std::string seen;
  REQUIRE(
      store
          ->ForEachStoredEvent(2,
                               [&](uint64_t sequence, absl::string_view value) {
                                 if (sequence == 2) seen = std::string(value);
                                 return absl::OkStatus();
                               })
          .ok());
  CHECK(seen == tampered);
}

TEST_CASE("a rewritten event with a recomputed hash breaks the chain",
          "[corruption]") {
  TempDir dir;
  WriteThreeEvents(dir.path());
  {
    RawDb raw(dir.path());
    StoredEvent stored;
    REQUIRE(stored.ParseFromString(raw.GetEvent(2)));
    EventEnvelope envelope;
    REQUIRE(envelope.ParseFromString(stored.envelope()));
    envelope.set_event_type("catalog_entry_returned");
    std::string bytes;
    REQUIRE(SerializeDeterministic(envelope, &bytes));
    raw.PutEvent(2, EncodeStoredEvent(bytes, Sha256(bytes)));
  }
  auto store = OpenOrDie(dir.path());
  CheckDataLoss(store->ReadAll(1, 10).status(), 3, kHashChainBroken);
  CheckDataLoss(store->VerifyChain(1, kAll), 3, kHashChainBroken);
  CheckDataLoss(store->VerifyChain(3, 3), 3, kHashChainBroken);
}

TEST_CASE("a deleted event is DATA_LOSS", "[corruption]") {
  TempDir dir;
  WriteThreeEvents(dir.path());
  RawDb(dir.path()).DeleteEvent(2);
  auto store = OpenOrDie(dir.path());
  CheckDataLoss(store->ReadAll(1, 10).status(), 2, kStoredEventMissing);
  CheckDataLoss(store->ReadStream("a", 1, 10).status(), 2, kStoredEventMissing);
  CheckDataLoss(store->VerifyChain(1, kAll), 2, kStoredEventMissing);
  CHECK(store->ReadStream("b", 1, 10).ok());
}

TEST_CASE("a truncated log is refused read-write and reported to auditors",
          "[corruption]") {
  TempDir dir;
  WriteThreeEvents(dir.path());
  RawDb(dir.path()).DeleteEvent(3);
  auto refused = RocksEventStore::Open(dir.path(), {});
  CheckDataLoss(refused.status(), 3, kStoredEventMissing);

  auto audit = RocksEventStore::OpenForAudit(dir.path(), dir.Sub("audit"));
  REQUIRE(audit.ok());
  CHECK((*audit)->LastSequence() == 2);
  CheckDataLoss((*audit)->VerifyChain(1, kAll), 3, kStoredEventMissing);
  CheckDataLoss((*audit)->ReadStream("b", 1, 10).status(), 3,
                kStoredEventMissing);
}

TEST_CASE("a damaged last event is refused at open", "[corruption]") {
  TempDir dir;
  WriteThreeEvents(dir.path());
  {
    RawDb raw(dir.path());
    std::string value = raw.GetEvent(3);
    value[value.size() - 1] ^= 0x01;  // Inside the hash.
    raw.PutEvent(3, value);
  }
  CheckDataLoss(RocksEventStore::Open(dir.path(), {}).status(), 3,
                kStoredEventCorrupt);
  RocksEventStoreOptions read_only;
  read_only.read_only = true;
  auto store = OpenOrDie(dir.path(), read_only);
  CheckDataLoss(store->VerifyChain(1, kAll), 3, kStoredEventCorrupt);
}

TEST_CASE("a damaged table file is DATA_LOSS", "[corruption]") {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    for (int i = 0; i < 50; ++i) {
      REQUIRE(store->Append(OneStream("a", kAnyVersion, 4)).ok());
    }
    REQUIRE(store->Flush().ok());
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().extension() != ".sst") continue;
    std::fstream file(entry.path(),
                      std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(100);
    char c = 0;
    file.read(&c, 1);
    c ^= 0x40;
    file.seekp(100);
    file.write(&c, 1);
  }
  auto store = RocksEventStore::Open(dir.path(), {});
  absl::Status status = store.status();
  if (store.ok()) status = (*store)->ReadAll(1, 1000).status();
  INFO(status.ToString());
  CHECK(status.code() == absl::StatusCode::kDataLoss);
}

TEST_CASE("an audit store reads a live store and catches up", "[audit]") {
  TempDir dir;
  auto primary = OpenOrDie(dir.path());
  AppendRequest first = OneStream("a", kNoStream, 2);
  first.projection.push_back({"row/1", "one"});
  REQUIRE(primary->Append(std::move(first)).ok());
  REQUIRE(primary->Append(OneStream("b", kNoStream, 1)).ok());

  auto opened = RocksEventStore::OpenForAudit(dir.path(), dir.Sub("audit"));
  INFO(opened.status().ToString());
  REQUIRE(opened.ok());
  RocksEventStore& audit = **opened;
  CHECK(audit.LastSequence() == 3);
  CHECK(audit.HeadHash() == primary->HeadHash());
  CHECK(audit.VerifyChain(1, kAll).ok());
  CHECK(audit.ReadAll(1, 10)->size() == 3);
  CHECK(audit.Append(OneStream("c", kNoStream)).status().code() ==
        absl::StatusCode::kFailedPrecondition);

  REQUIRE(primary->Append(OneStream("a", 2, 2)).ok());
  CHECK(audit.LastSequence() == 3);
  REQUIRE(audit.CatchUp().ok());
  CHECK(audit.LastSequence() == 5);
  CHECK(audit.VerifyChain(1, kAll).ok());

  std::vector<std::tuple<std::string, int64_t, uint64_t>> index;
  REQUIRE(audit
              .ForEachStreamIndexEntry(
                  [&](absl::string_view stream, int64_t version, uint64_t seq) {
                    index.emplace_back(std::string(stream), version, seq);
                    return absl::OkStatus();
                  })
              .ok());
  using Entry = std::tuple<std::string, int64_t, uint64_t>;
  CHECK(index ==
        std::vector<Entry>{
            {"a", 1, 1}, {"a", 2, 2}, {"a", 3, 4}, {"a", 4, 5}, {"b", 1, 3}});
  std::vector<std::pair<std::string, int64_t>> heads;
  REQUIRE(
      audit
          .ForEachStreamHead([&](absl::string_view stream, int64_t version) {
            heads.emplace_back(std::string(stream), version);
            return absl::OkStatus();
          })
          .ok());
  CHECK(heads ==
        std::vector<std::pair<std::string, int64_t>>{{"a", 4}, {"b", 1}});
  CHECK(**audit.GetProjection("row/1") == "one");
  // A callback's error stops the iteration and is returned as is.
  int calls = 0;
  const absl::Status stop =
      audit.ForEachStoredEvent(1, [&](uint64_t, absl::string_view) {
        ++calls;
        return absl::CancelledError("enough");
      });
  CHECK(stop.code() == absl::StatusCode::kCancelled);
  CHECK(calls == 1);
  CHECK(primary->CatchUp().code() == absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace opendata
