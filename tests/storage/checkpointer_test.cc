// The Checkpointer on a real RocksEventStore: a checkpoint only when the head
// has advanced, its root equal to the Merkle root recomputed from the log, its
// signature checkable with the public key, inclusion proofs from the node
// cache for every event; and Ed25519 key files (created once with mode 0600,
// reused after).
#include "storage/checkpointer.h"

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "catch2/catch.hpp"
#include "common/ed25519.h"
#include "common/merkle.h"
#include "common/sha256.h"
#include "storage/checkpoint.h"
#include "tests/storage/storage_test_util.h"

namespace opendata {
namespace {

namespace pb = ::jining::opendata::v1;
using testing::OneStream;
using testing::OpenOrDie;
using testing::TempDir;

// Root of the tree over every event in the store, from a plain read.
std::string RootOfLog(RocksEventStore& store) {
  absl::StatusOr<std::vector<RecordedEvent>> events = store.ReadAll(1, 100000);
  REQUIRE(events.ok());
  std::vector<std::string> leaves;
  for (const RecordedEvent& e : *events)
    leaves.push_back(MerkleLeafHash(e.hash));
  return MerkleRoot(leaves);
}

Ed25519Signer NewSigner() {
  absl::StatusOr<Ed25519Signer> signer = Ed25519Signer::Generate();
  REQUIRE(signer.ok());
  return *std::move(signer);
}

void Append(RocksEventStore& store, const std::string& stream, int count) {
  REQUIRE(store.Append(OneStream(stream, kAnyVersion, count)).ok());
}

TEST_CASE("checkpointer signs the head only when it has advanced",
          "[checkpoint]") {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  FakeClock clock(absl::FromUnixSeconds(1771000000) + absl::Milliseconds(250));
  Checkpointer checkpointer(store.get(), NewSigner(), &clock);

  auto none = checkpointer.CheckpointNow();
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());  // Empty log: nothing to sign.

  Append(*store, "s-a", 5);
  auto first = checkpointer.CheckpointNow();
  REQUIRE(first.ok());
  REQUIRE(first->has_value());
  const pb::SignedCheckpoint& cp = **first;
  CHECK(cp.tree_size() == 5);
  CHECK(cp.root_hash() == RootOfLog(*store));
  CHECK(cp.last_event_hash() == store->HeadHash());
  CHECK(cp.signed_at().seconds() == 1771000000);
  CHECK(cp.signed_at().nanos() == 0);
  CHECK(cp.key_id() == checkpointer.signer().key_id());
  CHECK(VerifyCheckpointSignature(cp, checkpointer.signer().raw_public_key()));
  CHECK(CheckpointMessage(cp) ==
        "jining-opendata-checkpoint/v1\n5\n" + ToHex(cp.root_hash()) + "\n" +
            ToHex(cp.last_event_hash()) + "\n2026-02-13T16:26:40Z\n" +
            cp.key_id() + "\n");

  auto again = checkpointer.CheckpointNow();
  REQUIRE(again.ok());
  CHECK_FALSE(again->has_value());  // Head unchanged: no new checkpoint.

  Append(*store, "s-b", 8);
  auto second = checkpointer.CheckpointNow();
  REQUIRE(second.ok());
  REQUIRE(second->has_value());
  CHECK((*second)->tree_size() == 13);
  CHECK((*second)->root_hash() == RootOfLog(*store));
  auto latest = store->LatestCheckpoint();
  REQUIRE(latest.ok());
  REQUIRE(latest->has_value());
  CHECK((*latest)->tree_size() == 13);
  int stored = 0;
  REQUIRE(store
              ->ForEachCheckpoint([&](uint64_t, absl::string_view) {
                ++stored;
                return absl::OkStatus();
              })
              .ok());
  CHECK(stored == 2);
  auto leaves = store->MerkleLeafCount();
  REQUIRE(leaves.ok());
  CHECK(*leaves == 13);
}

TEST_CASE("checkpointer proves every event of every checkpoint",
          "[checkpoint]") {
  TempDir dir;
  auto store = OpenOrDie(dir.path());
  FakeClock clock(absl::FromUnixSeconds(1771000000));
  Checkpointer checkpointer(store.get(), NewSigner(), &clock);
  std::vector<pb::SignedCheckpoint> checkpoints;
  for (int round = 1; round <= 5; ++round) {
    Append(*store, "s-" + std::to_string(round), round * 3 - 1);
    auto made = checkpointer.CheckpointNow();
    REQUIRE(made.ok());
    REQUIRE(made->has_value());
    checkpoints.push_back(**made);
  }
  auto events = store->ReadAll(1, 1000);
  REQUIRE(events.ok());
  for (const pb::SignedCheckpoint& cp : checkpoints) {
    for (uint64_t i = 0; i < cp.tree_size(); ++i) {
      auto proof = checkpointer.InclusionProof(i, cp.tree_size());
      REQUIRE(proof.ok());
      INFO("tree " << cp.tree_size() << " leaf " << i);
      CHECK(VerifyMerkleInclusion(MerkleLeafHash((*events)[i].hash), i,
                                  cp.tree_size(), *proof, cp.root_hash()));
    }
  }
  // Covering: an older event is covered by the latest checkpoint; one beyond
  // the log is NOT_FOUND.
  auto covering = checkpointer.Covering(1);
  REQUIRE(covering.ok());
  CHECK(covering->tree_size() == checkpoints.back().tree_size());
  CHECK(absl::IsNotFound(
      checkpointer.Covering(checkpoints.back().tree_size() + 1).status()));
  Append(*store, "s-late", 1);
  auto late = checkpointer.Covering(checkpoints.back().tree_size() + 1);
  REQUIRE(late.ok());
  CHECK(late->tree_size() == checkpoints.back().tree_size() + 1);
}

TEST_CASE("checkpoint key files are created once and reused", "[checkpoint]") {
  TempDir dir;
  const std::string path = dir.Sub("keys/checkpoint-ed25519.pem");
  CHECK(absl::IsNotFound(LoadEd25519KeyFile(path, false).status()));
  auto created = LoadEd25519KeyFile(path, true);
  REQUIRE(created.ok());
  struct stat info;
  REQUIRE(stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  REQUIRE(std::filesystem::exists(dir.Sub("keys/checkpoint-ed25519.pub.pem")));
  auto reused = LoadEd25519KeyFile(path, true);
  REQUIRE(reused.ok());
  CHECK(reused->key_id() == created->key_id());
  CHECK(reused->raw_public_key() == created->raw_public_key());
  auto from_pub = Ed25519RawPublicKeyFromPem(created->public_key_pem());
  REQUIRE(from_pub.ok());
  CHECK(*from_pub == created->raw_public_key());
  CHECK(absl::IsAlreadyExists(WriteNewEd25519KeyPair(path).status()));
  CHECK(absl::IsInvalidArgument(Ed25519Signer::FromPem("not a key").status()));

  auto signature = created->Sign("message");
  REQUIRE(signature.ok());
  CHECK(VerifyEd25519(created->raw_public_key(), "message", *signature));
  CHECK_FALSE(VerifyEd25519(created->raw_public_key(), "messagE", *signature));
}

}  // namespace
}  // namespace opendata
