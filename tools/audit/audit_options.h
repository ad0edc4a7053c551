// Command-line options of opendata-audit: the subcommands (verify, state,
// history, export), their flags, and the parser that turns argv into an
// AuditOptions or an INVALID_ARGUMENT naming the offending flag. Pure
// functions; safe from any thread.
#ifndef OPENDATA_TOOLS_AUDIT_AUDIT_OPTIONS_H_
#define OPENDATA_TOOLS_AUDIT_AUDIT_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace opendata {

enum class AuditCommand { kHelp, kVerify, kState, kHistory, kExport };

enum class OutputFormat { kText, kJsonl };

// Which events a state, history or export run covers: a sequence range and an
// occurred_at range, both inclusive. The defaults cover the whole log.
struct EventRange {
  uint64_t from_sequence = 1;
  uint64_t to_sequence = UINT64_MAX;
  std::optional<absl::Time> from_time;
  std::optional<absl::Time> to_time;
  // True if `sequence` / `occurred_at` fall inside.
  bool Contains(uint64_t sequence, absl::Time occurred_at) const;
};

struct AuditOptions {
  AuditCommand command = AuditCommand::kVerify;
  std::string data_dir;
  // state / history: one stream; state --all: the whole platform.
  std::string stream;
  bool all = false;
  // state: --as-of-*; export: --from-* / --to-*.
  EventRange range;
  OutputFormat format = OutputFormat::kText;
  // state, history, export: write here instead of stdout.
  std::string out_file;
  // verify: PEM Ed25519 public keys that may have signed checkpoints; empty:
  // those in <data_dir>/keys.
  std::vector<std::string> public_key_files;
};

// Parses argv[1..] (`args` excludes the program name). The first argument may
// name the subcommand; without one the command is verify. INVALID_ARGUMENT
// with a message naming the flag for an unknown, repeated, malformed or
// misplaced flag, or a missing required one.
absl::StatusOr<AuditOptions> ParseAuditArgs(
    const std::vector<std::string>& args);

// The --help text.
const char* AuditUsage();

}  // namespace opendata

#endif  // OPENDATA_TOOLS_AUDIT_AUDIT_OPTIONS_H_
