// Test helper: runs a program to completion with given standard input and
// captures its output and exit code.
// Thread-safety: RunProcess may be called concurrently; it ignores SIGPIPE
// process-wide.
#ifndef OPENDATA_TESTS_RPC_SUBPROCESS_H_
#define OPENDATA_TESTS_RPC_SUBPROCESS_H_

#include <string>
#include <vector>

namespace opendata::rpc::testing {

struct ProcessResult {
  int exit_code =
      -1;  // The exit status, or 128 + signal number when killed by a signal.
  std::string out;  // Everything written to stdout.
  std::string err;  // Everything written to stderr.
};

// Runs argv[0] (a path) with the arguments argv[1..], feeding `input` on stdin.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::string& input = "");

}  // namespace opendata::rpc::testing

#endif  // OPENDATA_TESTS_RPC_SUBPROCESS_H_
