// Implementation of audit.h.
#include "tools/audit/audit.h"

#include <map>
#include <utility>

#include "absl/strings/escaping.h"
#include "common/status_macros.h"
#include "engine/replay/rebuild.h"
#include "storage/rocks_event_store.h"
#include "tools/audit/checkpoint_audit.h"
#include "tools/audit/log_check.h"

namespace opendata {
namespace {

// Reports at most this many problems of each kind in detail.
constexpr uint64_t kMaxDetails = 20;

std::string Printable(absl::string_view key) { return absl::CHexEscape(key); }

void CompareProjections(const ProjectionRows& rebuilt,
                        const ProjectionRows& stored, AuditReport& report,
                        std::ostream& out) {
  report.projection_rows = rebuilt.size();
  for (const auto& [key, value] : rebuilt) {
    auto it = stored.find(key);
    if (it == stored.end()) {
      if (report.projection_missing++ < kMaxDetails)
        out << "projection row missing: " << Printable(key) << "\n";
    } else if (it->second != value) {
      if (report.projection_different++ < kMaxDetails)
        out << "projection row differs: " << Printable(key) << "\n";
    }
  }
  for (const auto& [key, value] : stored) {
    if (!rebuilt.count(key) && report.projection_extra++ < kMaxDetails) {
      out << "projection row not implied by the log: " << Printable(key)
          << "\n";
    }
  }
}

}  // namespace

absl::StatusOr<AuditReport> RunAudit(
    const std::string& data_dir, const std::string& scratch_dir,
    std::ostream& out, const std::vector<std::string>& public_key_files) {
  ASSIGN_OR_RETURN(std::unique_ptr<RocksEventStore> store,
                   RocksEventStore::OpenForAudit(data_dir, scratch_dir));
  AuditReport report;
  report.events = store->LastSequence();
  out << "events: " << report.events << "\n";

  // Where each (stream, version) sits in the log, as the stored envelopes say.
  std::map<std::pair<std::string, int64_t>, uint64_t> positions;
  ASSIGN_OR_RETURN(
      const LogCheckResult log,
      CheckLog(*store, kMaxDetails, out, [&](const EventEnvelope& envelope) {
        positions[{envelope.stream_id(), envelope.stream_version()}] =
            envelope.sequence();
      }));
  report.chain_ok = log.ok();
  report.log_problems = log.problems;
  report.first_bad_sequence = log.first_bad;
  if (log.ok()) {
    out << "hash chain: ok\n";
  } else {
    out << "hash chain BROKEN at sequence " << log.first_bad << ": "
        << log.problems << " problem(s) in the log\n";
  }
  // Checkpoints are checked even on a broken chain: they name what was lost.
  ASSIGN_OR_RETURN(std::vector<std::string> keys,
                   LoadCheckpointPublicKeys(data_dir, public_key_files));
  ASSIGN_OR_RETURN(CheckpointAuditReport checkpoints,
                   AuditCheckpoints(*store, keys, out));
  report.checkpoint_problems = checkpoints.problems;

  RETURN_IF_ERROR(store->ForEachStreamIndexEntry(
      [&](absl::string_view stream, int64_t version,
          uint64_t sequence) -> absl::Status {
        auto it = positions.find({std::string(stream), version});
        if (it == positions.end() || it->second != sequence) {
          if (report.stream_index_problems++ < kMaxDetails) {
            out << "stream index entry " << Printable(stream) << "@" << version
                << " -> " << sequence << " does not match the log\n";
          }
        } else {
          positions.erase(it);
        }
        return absl::OkStatus();
      }));
  for (const auto& [position, sequence] : positions) {
    if (report.stream_index_problems++ < kMaxDetails) {
      out << "event " << sequence << " (" << Printable(position.first) << "@"
          << position.second << ") missing from the stream index\n";
    }
  }
  out << "stream index: "
      << (report.stream_index_problems == 0 ? "ok" : "MISMATCH") << "\n";

  if (!report.chain_ok) {
    // Nothing after a broken chain can be trusted; do not replay it.
    out << "projections: not compared (the log is damaged)\n";
  } else {
    ProjectionRebuilder rebuilder;
    for (uint64_t next = 1; next <= report.events;) {
      ASSIGN_OR_RETURN(std::vector<RecordedEvent> batch,
                       store->ReadAll(next, 4096));
      if (batch.empty()) break;
      for (const RecordedEvent& e : batch) rebuilder.Apply(e.envelope);
      next = batch.back().envelope.sequence() + 1;
    }
    ProjectionRows stored;
    RETURN_IF_ERROR(store->ForEachProjectionRow(
        [&](absl::string_view key, absl::string_view value) {
          stored.emplace(std::string(key), std::string(value));
          return absl::OkStatus();
        }));
    CompareProjections(rebuilder.Rows(), stored, report, out);
    out << "projections: " << report.projection_rows << " rows rebuilt, "
        << (report.projection_missing + report.projection_extra +
                        report.projection_different ==
                    0
                ? "identical"
                : "DIFFERENT")
        << "\n";
  }
  out << (report.ok() ? "AUDIT PASSED" : "AUDIT FAILED") << "\n";
  return report;
}

}  // namespace opendata
