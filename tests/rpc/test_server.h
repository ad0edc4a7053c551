// Test helper: runs rpc_test_server as a child process for the duration of a
// test.
// Thread-safety: not thread-safe; one owner per server.
#ifndef OPENDATA_TESTS_RPC_TEST_SERVER_H_
#define OPENDATA_TESTS_RPC_TEST_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace opendata::rpc::testing {

class TestServer {
 public:
  // Starts rpc_test_server with `flags` and waits (up to 10 s) for the port it
  // prints.
  static absl::StatusOr<std::unique_ptr<TestServer>> Start(
      const std::vector<std::string>& flags = {});
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;
  // Closes the server's stdin, which stops it, and reaps it.
  ~TestServer();

  int port() const { return port_; }
  // "127.0.0.1:<port>".
  std::string address() const;

 private:
  TestServer(pid_t pid, int stdin_fd, int port)
      : pid_(pid), stdin_fd_(stdin_fd), port_(port) {}

  pid_t pid_;
  int stdin_fd_;
  int port_;
};

// The opendata-rpc and rpc_test_server binaries of this build.
const char* OpendataRpcPath();
const char* TestServerPath();

}  // namespace opendata::rpc::testing

#endif  // OPENDATA_TESTS_RPC_TEST_SERVER_H_
