// rpc_test_server as a child process (see test_server.h).
// Thread-safety: see the header.
#include "tests/rpc/test_server.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

extern char** environ;

namespace opendata::rpc::testing {
namespace {

// Reads the first line of `fd`, waiting at most `timeout_ms` in total.
absl::StatusOr<std::string> ReadLine(int fd, int timeout_ms) {
  std::string line;
  while (line.find('\n') == std::string::npos) {
    pollfd pfd = {fd, POLLIN, 0};
    const int ready = poll(&pfd, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0)
      return absl::DeadlineExceededError("server printed no port");
    char c;
    if (read(fd, &c, 1) != 1) {
      return absl::UnavailableError("server exited before printing its port");
    }
    line.push_back(c);
  }
  return line;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TestServer>> TestServer::Start(
    const std::vector<std::string>& flags) {
  int in_pipe[2];
  int out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0) {
    return absl::InternalError("pipe2 failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  std::vector<std::string> argv = {TestServerPath()};
  argv.insert(argv.end(), flags.begin(), flags.end());
  std::vector<char*> args;
  for (std::string& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned =
      posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  if (spawned != 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    return absl::InternalError("could not spawn rpc_test_server");
  }
  // From here on the destructor closes stdin and reaps the child, also on
  // failure.
  std::unique_ptr<TestServer> server(new TestServer(pid, in_pipe[1], 0));
  absl::StatusOr<std::string> line = ReadLine(out_pipe[0], 10000);
  close(out_pipe[0]);
  if (!line.ok()) return line.status();
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(*line), &server->port_) ||
      server->port_ <= 0) {
    return absl::InternalError(absl::StrCat("bad port line: ", *line));
  }
  return server;
}

TestServer::~TestServer() {
  close(stdin_fd_);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

std::string TestServer::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

const char* OpendataRpcPath() { return OPENDATA_RPC_BINARY; }
const char* TestServerPath() { return RPC_TEST_SERVER_BINARY; }

}  // namespace opendata::rpc::testing
