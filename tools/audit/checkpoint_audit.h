// The checkpoint part of the audit replay: every signed checkpoint stored in a
// data dir is checked against the log alone. Its signature must verify with
// one of the given public keys, its tree must not reach beyond the log's last
// event (which would mean the log was truncated), and its root and last event
// hash must equal those recomputed from the first tree_size stored events.
// Every finding names the checkpoint's tree size. Also the offline receipt
// check of `opendata-audit verify-receipt`. Thread-safety: reentrant; no
// shared state.
#ifndef OPENDATA_TOOLS_AUDIT_CHECKPOINT_AUDIT_H_
#define OPENDATA_TOOLS_AUDIT_CHECKPOINT_AUDIT_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/rocks_event_store.h"

namespace opendata {

struct CheckpointAuditReport {
  uint64_t checkpoints = 0;  // stored checkpoints examined
  uint64_t problems = 0;     // findings (each reported with its tree size)
};

// The raw public keys of the PEM files `public_key_files`; if there are none,
// of every *.pub.pem file in <data_dir>/keys (the server's own key pair).
// INVALID_ARGUMENT (CHECKPOINT_KEY_INVALID) for a file that is not an Ed25519
// public key.
absl::StatusOr<std::vector<std::string>> LoadCheckpointPublicKeys(
    const std::string& data_dir,
    const std::vector<std::string>& public_key_files);

// Checks every stored checkpoint of `store` against its raw log (stored
// hashes, not re-verified here: the chain check does that) with
// `raw_public_keys`, writing one line per finding and a summary to `out`.
absl::StatusOr<CheckpointAuditReport> AuditCheckpoints(
    RocksEventStore& store, const std::vector<std::string>& raw_public_keys,
    std::ostream& out);

// opendata-audit verify-receipt --receipt=FILE --public-key=FILE.pem: checks a
// receipt (the proto3 JSON of a GetEventReceiptResponse) offline and prints
// each check. Returns the exit code: 0 valid, 1 invalid, 2 bad usage, 3 a file
// cannot be read or parsed.
int RunVerifyReceipt(const std::vector<std::string>& args, std::ostream& out,
                     std::ostream& err);

}  // namespace opendata

#endif  // OPENDATA_TOOLS_AUDIT_CHECKPOINT_AUDIT_H_
