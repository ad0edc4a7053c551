// Implementation of server_process.h.
#include "tests/e2e/server_process.h"

#include <signal.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "tests/e2e/binaries.h"

namespace opendata::e2e {

namespace {
constexpr absl::string_view kListening = "listening on port ";
}  // namespace

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(
    const std::string& data_dir, const std::string& key_file) {
  absl::StatusOr<std::unique_ptr<Subprocess>> process =
      // No rate limit: the crash test's writers send as fast as they can.
      Subprocess::Spawn({kServerBinary, "--listen=127.0.0.1:0",
                         absl::StrCat("--data-dir=", data_dir),
                         absl::StrCat("--key-file=", key_file),
                         "--rate-limit=0"});
  if (!process.ok()) return process.status();
  absl::StatusOr<std::string> line =
      (*process)->WaitForLine(kListening, absl::Seconds(20));
  if (!line.ok()) return line.status();
  int port = 0;
  if (!absl::SimpleAtoi(line->substr(kListening.size()), &port) || port <= 0) {
    return absl::InternalError(absl::StrCat("bad port line: ", *line));
  }
  return std::unique_ptr<ServerProcess>(
      new ServerProcess(*std::move(process), port));
}

std::string ServerProcess::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

void ServerProcess::Kill() {
  process_->Signal(SIGKILL);
  process_->Wait(absl::Seconds(10));
}

int ServerProcess::Stop(absl::Duration timeout) {
  process_->Signal(SIGTERM);
  return process_->Wait(timeout);
}

std::string ServerProcess::Log() const {
  return absl::StrCat("server stdout:\n", process_->Stdout(),
                      "\nserver stderr:\n", process_->Stderr());
}

absl::Status GenerateKeyFile(const std::string& path) {
  const ProcessResult result = RunProcess(
      {kAdminBinary, "gen-key", "--key-file", path}, "", absl::Seconds(20));
  if (result.exit_code != 0) {
    return absl::InternalError(absl::StrCat(
        "opendata-admin gen-key exited ", result.exit_code, ": ", result.err));
  }
  return absl::OkStatus();
}

ProcessResult RunAuditBinary(const std::string& data_dir) {
  return RunProcess({kAuditBinary, absl::StrCat("--data-dir=", data_dir)}, "",
                    absl::Seconds(60));
}

}  // namespace opendata::e2e
