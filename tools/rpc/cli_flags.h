// Command-line flags of opendata-rpc: grpcurl's names and Go flag-package
// syntax.
// Thread-safety: stateless functions; safe to call concurrently.
#ifndef OPENDATA_TOOLS_RPC_CLI_FLAGS_H_
#define OPENDATA_TOOLS_RPC_CLI_FLAGS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opendata::rpc {

// The parsed command line. Field names follow the flags (see Usage() for their
// meaning).
struct CliOptions {
  bool help = false;
  bool version = false;
  bool plaintext = false;
  bool insecure = false;
  std::string cacert;
  std::string cert;
  std::string key;
  std::string authority;
  std::string user_agent;
  std::vector<std::string> headers;          // -H
  std::vector<std::string> rpc_headers;      // -rpc-header
  std::vector<std::string> reflect_headers;  // -reflect-header
  bool expand_headers = false;
  std::optional<std::string> data;  // -d; "@" means standard input.
  std::string format = "json";
  bool allow_unknown_fields = false;
  bool emit_defaults = false;
  bool keep_proto_names = false;
  double connect_timeout = 0;           // Seconds; 0 = default (10).
  double max_time = 0;                  // Seconds; 0 = no limit.
  int max_msg_sz = 0;                   // Bytes; 0 = default.
  std::vector<std::string> positional;  // [address] [list|describe] [symbol]
};

// Parses `args` (without the program name) like Go's flag package: "-name" or
// "--name"; values as
// "-name value" or "-name=value"; booleans as "-name" or "-name=false". Parsing
// stops at the first argument that is not a flag ("-" counts as one) or after
// "--". "-h" means -help. Errors: InvalidArgument with Go's wording, e.g. "flag
// provided but not defined: -x" or "flag needs an argument: -d".
absl::StatusOr<CliOptions> ParseCommandLine(
    const std::vector<std::string>& args);

// The -help text.
std::string Usage(absl::string_view program);

}  // namespace opendata::rpc

#endif  // OPENDATA_TOOLS_RPC_CLI_FLAGS_H_
