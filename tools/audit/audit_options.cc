// Implementation of audit_options.h.
#include "tools/audit/audit_options.h"

#include <map>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace opendata {
namespace {

struct CommandSpec {
  AuditCommand command;
  std::set<std::string> flags;  // Accepted flags besides --data-dir.
};

const std::map<std::string, CommandSpec>& Commands() {
  static const auto* const kCommands = new std::map<std::string, CommandSpec>{
      {"verify", {AuditCommand::kVerify, {"public-key"}}},
      {"state",
       {AuditCommand::kState,
        {"stream", "all", "as-of-sequence", "as-of-time", "format", "out"}}},
      {"history", {AuditCommand::kHistory, {"stream", "format", "out"}}},
      {"export",
       {AuditCommand::kExport,
        {"from-sequence", "to-sequence", "from-time", "to-time", "format",
         "out"}}},
  };
  return *kCommands;
}

absl::Status BadFlag(absl::string_view flag, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", problem));
}

absl::StatusOr<uint64_t> ParseSequence(const std::string& flag,
                                       const std::string& value) {
  uint64_t sequence = 0;
  if (!absl::SimpleAtoi(value, &sequence) || sequence == 0 ||
      value.find_first_not_of("0123456789") != std::string::npos) {
    return BadFlag(flag, absl::StrCat("expected a sequence number >= 1, got \"",
                                      value, "\""));
  }
  return sequence;
}

absl::StatusOr<absl::Time> ParseTime(const std::string& flag,
                                     const std::string& value) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, value, &time, &error)) {
    return BadFlag(flag, absl::StrCat("expected an RFC 3339 time such as "
                                      "2026-02-13T10:00:00+08:00, got \"",
                                      value, "\""));
  }
  return time;
}

}  // namespace

bool EventRange::Contains(uint64_t sequence, absl::Time occurred_at) const {
  if (sequence < from_sequence || sequence > to_sequence) return false;
  if (from_time.has_value() && occurred_at < *from_time) return false;
  if (to_time.has_value() && occurred_at > *to_time) return false;
  return true;
}

absl::StatusOr<AuditOptions> ParseAuditArgs(
    const std::vector<std::string>& args) {
  AuditOptions options;
  std::string command_name = "verify";
  size_t first_flag = 0;
  if (!args.empty() && args[0].rfind("--", 0) != 0) {
    command_name = args[0];
    first_flag = 1;
  }
  auto spec = Commands().find(command_name);
  if (spec == Commands().end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown subcommand \"", command_name,
                     "\" (expected verify, state, history or export)"));
  }
  options.command = spec->second.command;
  if (command_name == "export") options.format = OutputFormat::kJsonl;

  std::map<std::string, std::string> flags;
  for (size_t i = first_flag; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      options.command = AuditCommand::kHelp;
      return options;
    }
    if (arg.rfind("--", 0) != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected argument \"", arg, "\""));
    }
    const size_t equals = arg.find('=');
    const std::string name = arg.substr(2, equals - 2);
    if (name != "data-dir" && !spec->second.flags.count(name)) {
      return BadFlag(name, absl::StrCat("not a flag of `", command_name,
                                        "` (see --help)"));
    }
    if (name == "all") {
      if (equals != std::string::npos) return BadFlag(name, "takes no value");
    } else if (equals == std::string::npos || equals + 1 == arg.size()) {
      return BadFlag(name, "needs a value (--" + name + "=...)");
    }
    if (!flags
             .emplace(name,
                      equals == std::string::npos ? "" : arg.substr(equals + 1))
             .second) {
      return BadFlag(name, "given twice");
    }
  }

  auto data_dir = flags.find("data-dir");
  if (data_dir == flags.end()) return BadFlag("data-dir", "is required");
  options.data_dir = data_dir->second;
  for (const auto& [name, value] : flags) {
    if (name == "stream") {
      options.stream = value;
    } else if (name == "public-key") {
      options.public_key_files = absl::StrSplit(value, ',', absl::SkipEmpty());
      if (options.public_key_files.empty())
        return BadFlag(name, "expected one or more PEM files, comma-separated");
    } else if (name == "all") {
      options.all = true;
    } else if (name == "out") {
      options.out_file = value;
    } else if (name == "format") {
      if (value == "text") {
        options.format = OutputFormat::kText;
      } else if (value == "jsonl") {
        options.format = OutputFormat::kJsonl;
      } else {
        return BadFlag(
            name, absl::StrCat("expected text or jsonl, got \"", value, "\""));
      }
    } else if (name == "as-of-sequence" || name == "to-sequence") {
      auto sequence = ParseSequence(name, value);
      if (!sequence.ok()) return sequence.status();
      options.range.to_sequence = *sequence;
    } else if (name == "from-sequence") {
      auto sequence = ParseSequence(name, value);
      if (!sequence.ok()) return sequence.status();
      options.range.from_sequence = *sequence;
    } else if (name == "as-of-time" || name == "to-time") {
      auto time = ParseTime(name, value);
      if (!time.ok()) return time.status();
      options.range.to_time = *time;
    } else if (name == "from-time") {
      auto time = ParseTime(name, value);
      if (!time.ok()) return time.status();
      options.range.from_time = *time;
    }
  }

  if (options.command == AuditCommand::kState) {
    if (options.all == !options.stream.empty()) {
      return BadFlag("stream", "give exactly one of --stream=ID and --all");
    }
    if (flags.count("as-of-sequence") && flags.count("as-of-time")) {
      return BadFlag("as-of-time",
                     "give at most one of --as-of-sequence and "
                     "--as-of-time");
    }
  }
  if (options.command == AuditCommand::kHistory && options.stream.empty()) {
    return BadFlag("stream", "is required");
  }
  if (options.command == AuditCommand::kExport) {
    const bool by_sequence =
        flags.count("from-sequence") || flags.count("to-sequence");
    const bool by_time = flags.count("from-time") || flags.count("to-time");
    if (by_sequence && by_time) {
      return BadFlag("from-time",
                     "give a sequence range or a time range, not both");
    }
    if (options.range.from_sequence > options.range.to_sequence) {
      return BadFlag("to-sequence", "is below --from-sequence");
    }
    if (options.range.from_time.has_value() &&
        options.range.to_time.has_value() &&
        *options.range.from_time > *options.range.to_time) {
      return BadFlag("to-time", "is before --from-time");
    }
  }
  return options;
}

const char* AuditUsage() {
  return R"(usage: opendata-audit [SUBCOMMAND] --data-dir=DIR [FLAGS]
       opendata-audit verify-receipt --receipt=FILE --public-key=PEM

Examines a data directory from its event log alone. Safe beside a running
server: it opens a RocksDB secondary instance (no lock, a consistent prefix of
the log as of the moment it opens) whose own files go to a private scratch dir.
All output is deterministic: the same log gives the same bytes.

Subcommands:
  verify (the default) [--public-key=PEM[,PEM...]]
      Checks every stored event (contiguous sequences, SHA-256 of the envelope
      bytes, the envelope naming its key's sequence, prev_hash linking to the
      previous event), the chain head record, every signed checkpoint (its
      Ed25519 signature with the given public keys, or with
      DIR/keys/*.pub.pem if none are given, and its Merkle root recomputed
      from the log; a checkpoint beyond the log means events were lost), the
      stream index against the events, and rebuilds every projection row from
      sequence 1 and diffs it against the stored rows. Each finding names its
      sequence, tree size or row key; the log check keeps going past a bad
      event. Projections are not compared when the log itself is damaged.
  state (--stream=ID | --all) [--as-of-sequence=N | --as-of-time=T]
        [--format=text|jsonl] [--out=FILE]
      --stream: the projection rows that one stream's events imply, folded
      from its events up to that point, sorted by key, values in protobuf text
      format. --all: the whole platform at that point, i.e. every projection
      row (inbox index included) rebuilt from the events up to it: a summary
      of rows by family, then the rows sorted by key. --as-of-sequence=N folds
      the events with sequence <= N; --as-of-time=T (RFC 3339) folds the
      events with occurred_at <= T (occurred_at is stamped when the command
      is accepted). Default: the whole log.
  history --stream=ID [--format=text|jsonl] [--out=FILE]
      Every event of one stream. text: one block per event (sequence, stream
      version, time in UTC and Asia/Shanghai, actor, type, request id,
      payload in protobuf text format, prev hash and hash); jsonl: one JSON
      object per line {"sequence","hash","prev_hash","envelope"} with the
      envelope in proto3 JSON and the hashes in lowercase hex.
  export [--from-sequence=A] [--to-sequence=B] | [--from-time=T1] [--to-time=T2]
         [--format=jsonl|text] [--out=FILE]
      Every event in the range (inclusive; times compare occurred_at), in log
      order, in the history formats (jsonl by default).
  verify-receipt --receipt=FILE --public-key=PEM
      Checks an event receipt offline, without a data directory: the proto3
      JSON of an AuditService.GetEventReceipt response (as grpcurl or
      opendata-rpc print it). SHA-256 of the event bytes equals the hash, the
      inclusion proof leads to the checkpoint's root, and the checkpoint's
      signature verifies with the key. Exit 0 valid, 1 invalid, 2 bad usage,
      3 a file cannot be read.

Exit status: 0 success (verify: everything agrees); 1 a problem was found
(verify: any finding; other subcommands: no such stream, or a damaged log,
reported with its sequence); 2 bad usage (the message names the flag); 3 the
tool could not run (no database, unreadable directory, unwritable --out).
)";
}

}  // namespace opendata
