// The audit replay (opendata-audit verify): verifies a data directory from the
// log alone. It checks every stored event and the hash chain (log_check.h,
// reporting each bad sequence) and every signed checkpoint
// (checkpoint_audit.h), checks the stream index against the events,
// rebuilds every projection from sequence 1 and compares it with the stored
// rows (unless the log is damaged), and writes a deterministic plain-text
// report. Used by opendata-audit and by tests.
// Thread-safety: RunAudit is reentrant; each call opens its own read-only
// (secondary) store.
#ifndef OPENDATA_TOOLS_AUDIT_AUDIT_H_
#define OPENDATA_TOOLS_AUDIT_AUDIT_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace opendata {

struct AuditReport {
  uint64_t events = 0;              // events in the log
  bool chain_ok = false;            // every stored event verified and linked
  uint64_t log_problems = 0;        // bad sequences in the log
  uint64_t first_bad_sequence = 0;  // the lowest of them; 0 if none
  uint64_t stream_index_problems = 0;
  uint64_t projection_rows = 0;       // rows rebuilt
  uint64_t projection_missing = 0;    // rebuilt rows absent from the store
  uint64_t projection_extra = 0;      // stored rows the log does not imply
  uint64_t projection_different = 0;  // rows whose stored value differs
  uint64_t checkpoint_problems = 0;   // see checkpoint_audit.h
  bool ok() const {
    return chain_ok && stream_index_problems == 0 && projection_missing == 0 &&
           checkpoint_problems == 0 && projection_extra == 0 &&
           projection_different == 0;
  }
};

// Audits `data_dir` (safe beside a running server: it opens a RocksDB secondary
// instance whose own files go to `scratch_dir`). Problems are written to `out`
// and counted in the report; an error status means the audit could not run at
// all (e.g. no database there). Checkpoint signatures are checked with the
// PEM public keys `public_key_files`, or if none are given with those in
// <data_dir>/keys.
absl::StatusOr<AuditReport> RunAudit(
    const std::string& data_dir, const std::string& scratch_dir,
    std::ostream& out, const std::vector<std::string>& public_key_files = {});

}  // namespace opendata

#endif  // OPENDATA_TOOLS_AUDIT_AUDIT_H_
