// Implementation of checkpoint.h. Stateless; safe from any thread.
#include "storage/checkpoint.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/merkle.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "jining/opendata/v1/events.pb.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

std::string CheckpointTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

std::string CheckpointMessage(const pb::SignedCheckpoint& checkpoint) {
  return absl::StrCat(kCheckpointFormat, "\n", checkpoint.tree_size(), "\n",
                      ToHex(checkpoint.root_hash()), "\n",
                      ToHex(checkpoint.last_event_hash()), "\n",
                      CheckpointTime(FromProto(checkpoint.signed_at())), "\n",
                      checkpoint.key_id(), "\n");
}

absl::StatusOr<pb::SignedCheckpoint> SignCheckpoint(
    uint64_t tree_size, absl::string_view root_hash,
    absl::string_view last_event_hash, absl::Time now,
    const Ed25519Signer& signer) {
  pb::SignedCheckpoint checkpoint;
  checkpoint.set_tree_size(tree_size);
  checkpoint.set_root_hash(std::string(root_hash));
  checkpoint.set_last_event_hash(std::string(last_event_hash));
  *checkpoint.mutable_signed_at() =
      ToProto(absl::FromUnixSeconds(absl::ToUnixSeconds(now)));
  checkpoint.set_key_id(signer.key_id());
  ASSIGN_OR_RETURN(std::string signature,
                   signer.Sign(CheckpointMessage(checkpoint)));
  checkpoint.set_signature(std::move(signature));
  return checkpoint;
}

bool VerifyCheckpointSignature(const pb::SignedCheckpoint& checkpoint,
                               absl::string_view raw_public_key) {
  return checkpoint.key_id() == Ed25519KeyId(raw_public_key) &&
         VerifyEd25519(raw_public_key, CheckpointMessage(checkpoint),
                       checkpoint.signature());
}

ReceiptCheck VerifyReceipt(const pb::GetEventReceiptResponse& receipt,
                           absl::string_view raw_public_key) {
  ReceiptCheck check;
  check.ok = true;
  auto report = [&](bool passed, std::string what) {
    check.lines.push_back(absl::StrCat(passed ? "ok     " : "FAILED ", what));
    check.ok = check.ok && passed;
  };
  const pb::SignedCheckpoint& cp = receipt.checkpoint();
  report(Sha256(receipt.stored_envelope()) == receipt.event_hash(),
         absl::StrCat("event hash: SHA-256(stored_envelope) = ",
                      ToHex(Sha256(receipt.stored_envelope()))));
  pb::EventEnvelope envelope;
  report(envelope.ParseFromString(receipt.stored_envelope()) &&
             envelope.sequence() == receipt.sequence(),
         absl::StrCat("the envelope is event ", receipt.sequence()));
  report(receipt.sequence() >= 1 &&
             receipt.leaf_index() == receipt.sequence() - 1 &&
             receipt.leaf_index() < cp.tree_size(),
         absl::StrCat("leaf ", receipt.leaf_index(), " lies in the tree of ",
                      cp.tree_size(), " events"));
  const std::vector<std::string> proof(receipt.inclusion_proof().begin(),
                                       receipt.inclusion_proof().end());
  report(VerifyMerkleInclusion(MerkleLeafHash(receipt.event_hash()),
                               receipt.leaf_index(), cp.tree_size(), proof,
                               cp.root_hash()),
         absl::StrCat("inclusion proof (", proof.size(),
                      " hashes) leads to root ", ToHex(cp.root_hash())));
  report(cp.key_id() == Ed25519KeyId(raw_public_key),
         absl::StrCat("checkpoint key id ", cp.key_id(),
                      " names the public key ", Ed25519KeyId(raw_public_key)));
  report(VerifyEd25519(raw_public_key, CheckpointMessage(cp), cp.signature()),
         absl::StrCat("Ed25519 signature over the checkpoint of tree size ",
                      cp.tree_size(), " signed at ",
                      CheckpointTime(FromProto(cp.signed_at()))));
  return check;
}

}  // namespace opendata
