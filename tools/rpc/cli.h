// The opendata-rpc command: grpcurl's `list`, `describe` and method invocation
// over server reflection, with grpcurl's output and exit codes.
// Thread-safety: RunCli keeps no state between calls; concurrent calls must use
// distinct streams.
#ifndef OPENDATA_TOOLS_RPC_CLI_H_
#define OPENDATA_TOOLS_RPC_CLI_H_

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace opendata::rpc {

// Exit codes, as grpcurl's: 0 success, 1 failure, 2 bad usage, and 64 plus the
// gRPC status code when the invoked method returned a non-OK status.
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitStatusOffset = 64;

// Runs the command given by `args` (without the program name; see Usage()).
// Responses go to `out`; diagnostics, usage and error reports to `err`; `in` is
// read for "-d @". `program` names the tool in messages. Returns the exit code.
int RunCli(absl::string_view program, const std::vector<std::string>& args,
           std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace opendata::rpc

#endif  // OPENDATA_TOOLS_RPC_CLI_H_
