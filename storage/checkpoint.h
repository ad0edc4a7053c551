// Signed checkpoints of the event log (proto SignedCheckpoint in
// receipts.proto): the canonical text that is signed, signing and verifying
// it, and checking an event receipt offline. Pure functions; safe from any
// thread.
#ifndef OPENDATA_STORAGE_CHECKPOINT_H_
#define OPENDATA_STORAGE_CHECKPOINT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/ed25519.h"
#include "jining/opendata/v1/receipts.pb.h"

namespace opendata {

// The first line of the signed text; names the format.
inline constexpr char kCheckpointFormat[] = "jining-opendata-checkpoint/v1";

// "2026-02-13T02:00:00Z": RFC 3339 UTC with whole seconds.
std::string CheckpointTime(absl::Time t);

// The canonical text a checkpoint's signature is over:
// format "\n" tree_size "\n" hex(root_hash) "\n" hex(last_event_hash) "\n"
// CheckpointTime(signed_at) "\n" key_id "\n".
std::string CheckpointMessage(
    const jining::opendata::v1::SignedCheckpoint& checkpoint);

// A checkpoint of `tree_size` events signed by `signer` at `now` (truncated to
// whole seconds).
absl::StatusOr<jining::opendata::v1::SignedCheckpoint> SignCheckpoint(
    uint64_t tree_size, absl::string_view root_hash,
    absl::string_view last_event_hash, absl::Time now,
    const Ed25519Signer& signer);

// True if the checkpoint's key_id names `raw_public_key` and its signature over
// CheckpointMessage verifies with it.
bool VerifyCheckpointSignature(
    const jining::opendata::v1::SignedCheckpoint& checkpoint,
    absl::string_view raw_public_key);

// What VerifyReceipt checked, one line per check, and whether all passed.
struct ReceiptCheck {
  bool ok = false;
  std::vector<std::string> lines;
};

// Checks a receipt offline: SHA-256(stored_envelope) == event_hash, the
// envelope's sequence equals the receipt's, leaf_index == sequence - 1 <
// tree_size, MerkleLeafHash(event_hash) with the inclusion proof gives the
// checkpoint's root, and the checkpoint's signature verifies with
// `raw_public_key`.
ReceiptCheck VerifyReceipt(
    const jining::opendata::v1::GetEventReceiptResponse& receipt,
    absl::string_view raw_public_key);

}  // namespace opendata

#endif  // OPENDATA_STORAGE_CHECKPOINT_H_
