// ServerProcess: the real opendata-server binary as a child process, listening
// on 127.0.0.1:0 with a given data dir and key file; its port is read from the
// "listening on port N" line on its stdout. Plus the key file made by
// `opendata-admin gen-key` and `opendata-audit` runs. Thread-safety: one
// controlling thread per ServerProcess.
#ifndef OPENDATA_TESTS_E2E_SERVER_PROCESS_H_
#define OPENDATA_TESTS_E2E_SERVER_PROCESS_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tests/e2e/subprocess.h"

namespace opendata::e2e {

class ServerProcess {
 public:
  // Starts opendata-server --listen=127.0.0.1:0 --data-dir=... --key-file=...
  // --rate-limit=0 (no per-principal limit) and waits (at most 20 s) for it to
  // report its port.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(
      const std::string& data_dir, const std::string& key_file);

  // Kills a still running server with SIGKILL.
  ~ServerProcess() = default;

  int port() const { return port_; }
  // "127.0.0.1:<port>".
  std::string address() const;

  // SIGKILL: no drain, no store close; returns once the process is reaped.
  void Kill();

  // SIGTERM: the server drains in-flight calls and closes the store. Returns
  // its exit status (killed after `timeout`).
  int Stop(absl::Duration timeout = absl::Seconds(20));

  // Everything the server wrote, for failure messages.
  std::string Log() const;

 private:
  ServerProcess(std::unique_ptr<Subprocess> process, int port)
      : process_(std::move(process)), port_(port) {}

  std::unique_ptr<Subprocess> process_;
  int port_;
};

// Writes a fresh HS256 key to `path` with `opendata-admin gen-key --key-file
// path`.
absl::Status GenerateKeyFile(const std::string& path);

// Runs `opendata-audit --data-dir=<dir>`.
ProcessResult RunAuditBinary(const std::string& data_dir);

}  // namespace opendata::e2e

#endif  // OPENDATA_TESTS_E2E_SERVER_PROCESS_H_
