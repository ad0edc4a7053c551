// opendata-audit: examines a data directory from its event log alone — verify
// (the default), state, history, export; see AuditUsage() in audit_options.cc
// or --help. Exit status: 0 success (verify: everything agrees), 1 a problem
// was found (verify findings, no such stream, a damaged log), 2 bad usage, 3
// the tool could not run. Single-threaded.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "storage/rocks_event_store.h"
#include "tools/audit/audit.h"
#include "tools/audit/audit_options.h"
#include "tools/audit/checkpoint_audit.h"
#include "tools/audit/inspect.h"

namespace opendata {
namespace {

// "CODE: message", without the status payloads.
std::string Describe(const absl::Status& status) {
  return absl::StrCat(absl::StatusCodeToString(status.code()), ": ",
                      status.message());
}

// Removes the scratch dir of the secondary instance on every path out.
class ScratchDir {
 public:
  ScratchDir() {
    char path[] = "/tmp/opendata-audit-XXXXXX";
    if (mkdtemp(path) != nullptr) path_ = path;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

int Verify(const AuditOptions& options, const std::string& scratch) {
  auto report = RunAudit(options.data_dir, scratch, std::cout,
                         options.public_key_files);
  if (!report.ok()) {
    std::cerr << "opendata-audit: " << Describe(report.status()) << "\n";
    return 3;
  }
  return report->ok() ? 0 : 1;
}

int Inspect(const AuditOptions& options, const std::string& scratch) {
  auto store = RocksEventStore::OpenForAudit(options.data_dir, scratch);
  if (!store.ok()) {
    std::cerr << "opendata-audit: " << Describe(store.status()) << "\n";
    return 3;
  }
  std::ofstream file;
  if (!options.out_file.empty()) {
    file.open(options.out_file, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "opendata-audit: --out: cannot write " << options.out_file
                << "\n";
      return 3;
    }
  }
  std::ostream& out = options.out_file.empty() ? std::cout : file;
  absl::Status status;
  switch (options.command) {
    case AuditCommand::kState:
      status = RunState(**store, options, out);
      break;
    case AuditCommand::kHistory:
      status = RunHistory(**store, options, out);
      break;
    default:
      status = RunExport(**store, options, out);
      break;
  }
  out.flush();
  if (!out) {
    std::cerr << "opendata-audit: writing the output failed\n";
    return 3;
  }
  if (status.ok()) return 0;
  if (status.code() == absl::StatusCode::kNotFound) {
    std::cerr << "opendata-audit: " << status.message() << "\n";
    return 1;
  }
  if (status.code() == absl::StatusCode::kDataLoss) {
    const auto meta = ErrorMetadata(status);
    auto sequence = meta.find("sequence");
    std::cerr << "opendata-audit: the log is damaged"
              << (sequence == meta.end() ? ""
                                         : " at sequence " + sequence->second)
              << ": " << status.message() << " (run verify for details)\n";
    return 1;
  }
  std::cerr << "opendata-audit: " << Describe(status) << "\n";
  return 3;
}

int Main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "verify-receipt") {
    return RunVerifyReceipt(std::vector<std::string>(argv + 2, argv + argc),
                            std::cout, std::cerr);
  }
  auto options =
      ParseAuditArgs(std::vector<std::string>(argv + 1, argv + argc));
  if (!options.ok()) {
    std::cerr << "opendata-audit: " << options.status().message()
              << " (see --help)\n";
    return 2;
  }
  if (options->command == AuditCommand::kHelp) {
    std::fputs(AuditUsage(), stdout);
    return 0;
  }
  ScratchDir scratch;
  if (scratch.path().empty()) {
    std::perror("opendata-audit: mkdtemp");
    return 3;
  }
  return options->command == AuditCommand::kVerify
             ? Verify(*options, scratch.path())
             : Inspect(*options, scratch.path());
}

}  // namespace
}  // namespace opendata

int main(int argc, char** argv) { return opendata::Main(argc, argv); }
