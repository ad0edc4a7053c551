// The read subcommands of opendata-audit over an audit (secondary) store:
// `state` (one stream's projection rows, or every projection row of the
// platform, folded from the events up to a sequence or a time), `history`
// (every event of one stream) and `export` (every event in a range). Output is
// deterministic (event_format.h). Reads are verified: a damaged log ends the
// run with DATA_LOSS naming the sequence; an unknown stream is NOT_FOUND.
// Thread-safety: reentrant; reads the store through its thread-safe interface.
#ifndef OPENDATA_TOOLS_AUDIT_INSPECT_H_
#define OPENDATA_TOOLS_AUDIT_INSPECT_H_

#include <ostream>

#include "absl/status/status.h"
#include "storage/event_store.h"
#include "tools/audit/audit_options.h"

namespace opendata {

// `state --stream` or `state --all` with options.range.to_sequence / to_time
// as the point in time.
absl::Status RunState(EventStore& store, const AuditOptions& options,
                      std::ostream& out);

// `history --stream`.
absl::Status RunHistory(EventStore& store, const AuditOptions& options,
                        std::ostream& out);

// `export` of options.range.
absl::Status RunExport(EventStore& store, const AuditOptions& options,
                       std::ostream& out);

}  // namespace opendata

#endif  // OPENDATA_TOOLS_AUDIT_INSPECT_H_
