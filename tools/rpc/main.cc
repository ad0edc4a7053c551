// opendata-rpc: a grpcurl-compatible command-line gRPC client (see cli.h).
// Thread-safety: single-threaded entry point.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "grpc/support/log.h"
#include "tools/rpc/cli.h"

namespace {

void DiscardGrpcLog(gpr_log_func_args* /*args*/) {}

}  // namespace

int main(int argc, char** argv) {
  // gRPC's own log lines (e.g. about TLS handshakes) would interleave with
  // grpcurl-style output, and the reasons reach the user through statuses
  // anyway. Setting GRPC_VERBOSITY brings them back.
  if (std::getenv("GRPC_VERBOSITY") == nullptr) {
    gpr_set_log_function(DiscardGrpcLog);
  }
  absl::string_view program = argc > 0 ? argv[0] : "opendata-rpc";
  if (const size_t slash = program.rfind('/');
      slash != absl::string_view::npos) {
    program.remove_prefix(slash + 1);
  }
  const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  return opendata::rpc::RunCli(program, args, std::cin, std::cout, std::cerr);
}
