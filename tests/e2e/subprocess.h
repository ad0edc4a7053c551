// Subprocess: runs a program as a child process (posix_spawn, in its own
// process group) with stdin from /dev/null and stdout / stderr captured through
// pipes by a reader thread; waits for a line on stdout, sends signals, and
// reaps the child with a time limit. RunProcess runs a program to completion.
// Thread-safety: a Subprocess is used from one thread, apart from its own
// reader thread; RunProcess may be called concurrently.
#ifndef OPENDATA_TESTS_E2E_SUBPROCESS_H_
#define OPENDATA_TESTS_E2E_SUBPROCESS_H_

#include <sys/types.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace opendata::e2e {

class Subprocess {
 public:
  // Starts argv[0] (a path) with arguments argv[1..] in `cwd` ("" = the current
  // directory). The environment is inherited.
  static absl::StatusOr<std::unique_ptr<Subprocess>> Spawn(
      const std::vector<std::string>& argv, const std::string& cwd = "");

  // Kills the process group with SIGKILL if the child still runs, and reaps it.
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  pid_t pid() const { return pid_; }

  // Waits until stdout has a complete line starting with `prefix` and returns
  // it (without the newline). DEADLINE_EXCEEDED after `timeout`;
  // FAILED_PRECONDITION if stdout closed first (the child exited).
  absl::StatusOr<std::string> WaitForLine(absl::string_view prefix,
                                          absl::Duration timeout);

  // Sends `signal` to the child (not to its group).
  void Signal(int signal);

  // Waits for the child to exit, for at most `timeout`; then kills its process
  // group with SIGKILL and reaps it. Returns the exit status, or 128 + the
  // signal number if a signal ended it. Idempotent.
  int Wait(absl::Duration timeout);

  // True once Wait has reaped the child.
  bool exited() const { return exit_code_.has_value(); }

  // True if Wait had to kill the child because its time ran out.
  bool timed_out() const { return timed_out_; }

  // Everything the child wrote so far.
  std::string Stdout() const;
  std::string Stderr() const;

 private:
  Subprocess(pid_t pid, int out_fd, int err_fd);
  void ReadLoop(int out_fd, int err_fd);

  const pid_t pid_;
  std::optional<int> exit_code_;
  bool timed_out_ = false;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::string out_;
  std::string err_;
  bool out_closed_ = false;
  bool reader_done_ = false;
  std::thread reader_;
};

struct ProcessResult {
  int exit_code = -1;  // exit status, or 128 + signal number
  bool timed_out = false;
  std::string out;
  std::string err;
};

// Runs argv to completion in `cwd`; kills it after `timeout`. A spawn failure
// is exit_code 127 with the reason in `err`.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::string& cwd = "",
                         absl::Duration timeout = absl::Seconds(60));

}  // namespace opendata::e2e

#endif  // OPENDATA_TESTS_E2E_SUBPROCESS_H_
