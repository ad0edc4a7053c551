// RocksEventStore behaviour on a real RocksDB: appends, reads, versions,
// idempotency, the hash chain, reopening, projections, invalid requests and
// read-only opening.
// Single-threaded tests.
#include "storage/rocks_event_store.h"

#include <limits>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "catch2/catch.hpp"
#include "common/clock.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "common/time_util.h"
#include "storage/keys.h"
#include "storage/stored_event.h"
#include "tests/storage/storage_test_util.h"

namespace opendata {
namespace {

using testing::MakeEvent;
using testing::OneStream;
using testing::OpenOrDie;
using testing::TempDir;

constexpr uint64_t kAll = std::numeric_limits<uint64_t>::max();

std::vector<RecordedEvent> ReadAllOrDie(RocksEventStore& store) {
  auto events = store.ReadAll(1, 1000000);
  INFO(events.status().ToString());
  REQUIRE(events.ok());
  return *std::move(events);
}

TEST_CASE("append and read one stream", "[store]") {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  auto outcome = store->Append(OneStream("catalog-entry/a", kNoStream, 3));
  REQUIRE(outcome.ok());
  CHECK_FALSE(outcome->replayed);
  CHECK(outcome->result.first_sequence() == 1);
  CHECK(outcome->result.last_sequence() == 3);
  REQUIRE(outcome->result.streams_size() == 1);
  CHECK(outcome->result.streams(0).stream_id() == "catalog-entry/a");
  CHECK(outcome->result.streams(0).first_version() == 1);
  CHECK(outcome->result.streams(0).last_version() == 3);

  auto events = store->ReadStream("catalog-entry/a", 1, 100);
  REQUIRE(events.ok());
  REQUIRE(events->size() == 3);
  for (int i = 0; i < 3; ++i) {
    const EventEnvelope& e = (*events)[i].envelope;
    CHECK(e.sequence() == static_cast<uint64_t>(i + 1));
    CHECK(e.stream_id() == "catalog-entry/a");
    CHECK(e.stream_version() == i + 1);
    CHECK(e.event_type() == "catalog_entry_published");
    CHECK(e.actor().subject() == "reviewer-1");
    CHECK(e.payload().catalog_entry_published().submission() == i + 1);
  }
  auto middle = store->ReadStream("catalog-entry/a", 2, 1);
  REQUIRE(middle.ok());
  REQUIRE(middle->size() == 1);
  CHECK((*middle)[0].envelope.stream_version() == 2);
  auto missing = store->ReadStream("catalog-entry/none", 1, 100);
  REQUIRE(missing.ok());
  CHECK(missing->empty());
  auto past_end = store->ReadStream("catalog-entry/a", 4, 100);
  REQUIRE(past_end.ok());
  CHECK(past_end->empty());
  CHECK(*store->StreamVersion("catalog-entry/a") == 3);
  CHECK(*store->StreamVersion("catalog-entry/none") == 0);
  CHECK(store->LastSequence() == 3);
}

TEST_CASE("a multi-stream append is one ordered unit", "[store]") {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  AppendRequest request = OneStream("a", kNoStream, 2);
  request.streams.push_back(OneStream("b", kNoStream, 1).streams[0]);
  auto outcome = store->Append(std::move(request));
  REQUIRE(outcome.ok());
  CHECK(outcome->result.first_sequence() == 1);
  CHECK(outcome->result.last_sequence() == 3);
  REQUIRE(outcome->result.streams_size() == 2);
  CHECK(outcome->result.streams(0).stream_id() == "a");
  CHECK(outcome->result.streams(0).last_version() == 2);
  CHECK(outcome->result.streams(1).stream_id() == "b");
  CHECK(outcome->result.streams(1).first_version() == 1);
  auto b = store->ReadStream("b", 1, 10);
  REQUIRE(b.ok());
  REQUIRE(b->size() == 1);
  CHECK((*b)[0].envelope.sequence() == 3);
}

TEST_CASE("a version conflict fails the whole request and writes nothing",
          "[store]") {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  REQUIRE(store->Append(OneStream("a", kNoStream)).ok());
  REQUIRE(store->Append(OneStream("b", kNoStream)).ok());

  AppendRequest request = OneStream("a", 1, 1, "key-1", "fp-1");
  request.streams.push_back(OneStream("b", 5).streams[0]);
  request.projection.push_back({"row/a", "value"});
  auto outcome = store->Append(request);
  REQUIRE(outcome.status().code() == absl::StatusCode::kAborted);
  CHECK(ErrorReason(outcome.status()) == "VERSION_CONFLICT");
  const auto metadata = ErrorMetadata(outcome.status());
  CHECK(metadata.at("stream_id") == "b");
  CHECK(metadata.at("expected_version") == "5");
  CHECK(metadata.at("actual_version") == "1");

  CHECK(store->LastSequence() == 2);
  CHECK(*store->StreamVersion("a") == 1);
  CHECK_FALSE(store->GetProjection("row/a")->has_value());
  CHECK_FALSE(store->LookupIdempotency("key-1")->has_value());

  // The same key with the right versions is a fresh request, not a replay.
  request.streams[1].expected_version = 1;
  auto retried = store->Append(request);
  REQUIRE(retried.ok());
  CHECK_FALSE(retried->replayed);
  CHECK(retried->result.first_sequence() == 3);
  CHECK(**store->GetProjection("row/a") == "value");
}

TEST_CASE("kNoStream requires a new stream and kAnyVersion never conflicts",
          "[store]") {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  REQUIRE(store->Append(OneStream("a", kNoStream)).ok());
  auto again = store->Append(OneStream("a", kNoStream));
  REQUIRE(again.status().code() == absl::StatusCode::kAborted);
  CHECK(ErrorMetadata(again.status()).at("expected_version") == "0");
  CHECK(ErrorMetadata(again.status()).at("actual_version") == "1");
  auto any = store->Append(OneStream("a", kAnyVersion, 2));
  REQUIRE(any.ok());
  CHECK(any->result.streams(0).first_version() == 2);
  CHECK(any->result.streams(0).last_version() == 3);
}

TEST_CASE("idempotency keys replay and refuse another fingerprint", "[store]") {
  TempDir dir;
  FakeClock clock(absl::FromUnixSeconds(1700000000));
  RocksEventStoreOptions options;
  options.clock = &clock;
  auto store = OpenOrDie(dir.path(), options);
  auto first = store->Append(OneStream("a", kNoStream, 2, "key-1", "fp-1"));
  REQUIRE(first.ok());
  CHECK_FALSE(first->replayed);

  // A retry (even with a stale expected version) gets the original result.
  auto replay = store->Append(OneStream("a", kNoStream, 1, "key-1", "fp-1"));
  REQUIRE(replay.ok());
  CHECK(replay->replayed);
  CHECK(replay->result.SerializeAsString() ==
        first->result.SerializeAsString());
  CHECK(store->LastSequence() == 2);

  auto reused = store->Append(OneStream("b", kNoStream, 1, "key-1", "fp-2"));
  REQUIRE(reused.status().code() == absl::StatusCode::kAlreadyExists);
  CHECK(ErrorReason(reused.status()) == "REQUEST_ID_REUSED");
  CHECK(store->LastSequence() == 2);

  auto record = store->LookupIdempotency("key-1");
  REQUIRE(record.ok());
  REQUIRE(record->has_value());
  CHECK((*record)->fingerprint() == "fp-1");
  CHECK((*record)->result().last_sequence() == 2);
  CHECK(FromProto((*record)->commit_time()) == clock.Now());
  CHECK_FALSE(store->LookupIdempotency("key-2")->has_value());
}

TEST_CASE("events form a hash chain", "[store]") {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  CHECK(store->HeadHash() == GenesisHash());
  for (int i = 0; i < 3; ++i) {
    REQUIRE(
        store
            ->Append(OneStream("s" + std::to_string(i % 2), kAnyVersion, i + 1))
            .ok());
  }
  const auto events = ReadAllOrDie(*store);
  REQUIRE(events.size() == 6);
  std::string prev = GenesisHash();
  for (const RecordedEvent& event : events) {
    CHECK(event.envelope.prev_hash() == prev);
    std::string bytes;
    REQUIRE(SerializeDeterministic(event.envelope, &bytes));
    CHECK(Sha256(bytes) == event.hash);
    prev = event.hash;
  }
  CHECK(store->HeadHash() == prev);
  CHECK(store->VerifyChain(1, kAll).ok());
  CHECK(store->VerifyChain(3, 4).ok());
}

TEST_CASE("state survives reopening and the chain continues", "[store]") {
  TempDir dir;
  std::string head;
  {
    auto store = OpenOrDie(dir.path());
    REQUIRE(store->Append(OneStream("a", kNoStream, 2, "k1", "f1")).ok());
    REQUIRE(store->Append(OneStream("b", kNoStream, 1)).ok());
    head = store->HeadHash();
  }
  auto store = OpenOrDie(dir.path());
  CHECK(store->LastSequence() == 3);
  CHECK(store->HeadHash() == head);
  CHECK(*store->StreamVersion("a") == 2);
  auto conflict = store->Append(OneStream("a", kNoStream));
  CHECK(conflict.status().code() == absl::StatusCode::kAborted);
  auto replay = store->Append(OneStream("a", kNoStream, 2, "k1", "f1"));
  REQUIRE(replay.ok());
  CHECK(replay->replayed);
  auto next = store->Append(OneStream("a", 2));
  REQUIRE(next.ok());
  CHECK(next->result.first_sequence() == 4);
  const auto events = ReadAllOrDie(*store);
  REQUIRE(events.size() == 4);
  CHECK(events[3].envelope.prev_hash() == head);
  CHECK(events[3].envelope.stream_version() == 3);
  CHECK(store->VerifyChain(1, kAll).ok());
}

TEST_CASE("ReadAll reads in log order from a sequence", "[store]") {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  for (int i = 0; i < 5; ++i) {
    REQUIRE(store->Append(OneStream("s" + std::to_string(i % 3), kAnyVersion))
                .ok());
  }
  auto all = store->ReadAll(0, 100);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 5);
  for (size_t i = 0; i < all->size(); ++i) {
    CHECK((*all)[i].envelope.sequence() == i + 1);
  }
  auto some = store->ReadAll(3, 2);
  REQUIRE(some.ok());
  REQUIRE(some->size() == 2);
  CHECK((*some)[0].envelope.sequence() == 3);
  CHECK((*some)[1].envelope.sequence() == 4);
  CHECK(store->ReadAll(6, 100)->empty());
  CHECK(store->ReadAll(1, 0)->empty());
}

TEST_CASE("projection mutations commit with the events", "[store]") {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  AppendRequest put = OneStream("a", kNoStream);
  for (const char* key : {"a/1", "a/2", "a/3", "b/1"}) {
    put.projection.push_back({key, std::string("v-") + key});
  }
  REQUIRE(store->Append(std::move(put)).ok());
  AppendRequest del = OneStream("a", 1);
  del.projection.push_back({"a/2", std::nullopt});
  del.projection.push_back({"a/3", "changed"});
  REQUIRE(store->Append(std::move(del)).ok());

  CHECK(**store->GetProjection("a/1") == "v-a/1");
  CHECK_FALSE(store->GetProjection("a/2")->has_value());
  using Rows = std::vector<std::pair<std::string, std::string>>;
  CHECK(*store->ScanProjection("a/", "", 10) ==
        Rows{{"a/1", "v-a/1"}, {"a/3", "changed"}});
  CHECK(*store->ScanProjection("a/", "a/1", 10) == Rows{{"a/3", "changed"}});
  CHECK(*store->ScanProjection("a/", "", 1) == Rows{{"a/1", "v-a/1"}});
  CHECK(*store->ScanProjection("a/", "0", 10) ==
        Rows{{"a/1", "v-a/1"}, {"a/3", "changed"}});
  CHECK(store->ScanProjection("", "", 10)->size() == 3);
  CHECK(store->ScanProjection("c/", "", 10)->empty());

  std::vector<std::string> keys;
  REQUIRE(
      store
          ->ForEachProjectionRow([&](absl::string_view key, absl::string_view) {
            keys.emplace_back(key);
            return absl::OkStatus();
          })
          .ok());
  CHECK(keys == std::vector<std::string>{"a/1", "a/3", "b/1"});
}

TEST_CASE("malformed requests are refused without writing", "[store]") {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  auto check = [&](AppendRequest request, const std::string& field) {
    auto outcome = store->Append(std::move(request));
    REQUIRE(outcome.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(ErrorReason(outcome.status()) == "INVALID_APPEND_REQUEST");
    const auto violations = FieldViolations(outcome.status());
    REQUIRE_FALSE(violations.empty());
    CHECK(violations[0].field == field);
  };
  check(OneStream("", kNoStream), "streams[0].stream_id");
  check(OneStream(std::string("a\0b", 3), kNoStream), "streams[0].stream_id");
  check(OneStream("a", kNoStream, 0), "streams[0].events");
  check(OneStream("a", -2), "streams[0].expected_version");
  AppendRequest twice = OneStream("a", kNoStream);
  twice.streams.push_back(twice.streams[0]);
  check(twice, "streams[1].stream_id");
  AppendRequest no_events;
  no_events.projection.push_back({"row", "value"});
  check(no_events, "streams");
  AppendRequest empty_key = OneStream("a", kNoStream);
  empty_key.projection.push_back({"", "value"});
  check(empty_key, "projection[0].key");
  CHECK(store->LastSequence() == 0);
  CHECK_FALSE(store->GetProjection("row")->has_value());
  CHECK(store->ReadStream("", 1, 1).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

TEST_CASE("a read-only store reads but refuses to write", "[store]") {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.path());
    REQUIRE(store->Append(OneStream("a", kNoStream, 2)).ok());
  }
  RocksEventStoreOptions options;
  options.read_only = true;
  auto store = OpenOrDie(dir.path(), options);
  CHECK(store->LastSequence() == 2);
  CHECK(store->ReadStream("a", 1, 10)->size() == 2);
  auto outcome = store->Append(OneStream("a", 2));
  CHECK(outcome.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(ErrorReason(outcome.status()) == "STORE_READ_ONLY");
  CHECK(store->Flush().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(store->VerifyChain(1, kAll).ok());
}

TEST_CASE("an unknown format version is refused", "[store]") {
  TempDir dir;
  OpenOrDie(dir.path()).reset();
  {
    testing::RawDb raw(dir.path());
    raw.PutMeta(storage_keys::kFormatVersionKey, storage_keys::EncodeUint64(2));
  }
  auto store = RocksEventStore::Open(dir.path(), {});
  CHECK(store.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(ErrorReason(store.status()) == "UNSUPPORTED_FORMAT_VERSION");
}

TEST_CASE("a second read-write open of a live store is refused", "[store]") {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  auto second = RocksEventStore::Open(dir.path(), {});
  CHECK(second.status().code() == absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace opendata
