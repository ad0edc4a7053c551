// opendata-audit: verifies a data directory from the log alone (see audit.h).
// Exit status: 0 everything agrees, 1 a problem was found, 2 bad usage, 3 the
// audit could not run.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "tools/audit/audit.h"

int main(int argc, char** argv) {
  std::string data_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--data-dir=", 0) == 0) {
      data_dir = arg.substr(11);
    } else {
      std::fprintf(arg == "--help" ? stdout : stderr,
                   "usage: opendata-audit --data-dir=DIR\n"
                   "  Verifies the hash chain, the stream index and every "
                   "projection of DIR against a replay\n"
                   "  of the log. Safe beside a running server. Exit 0 if all "
                   "agree, 1 if not, 3 on error.\n");
      return arg == "--help" ? 0 : 2;
    }
  }
  if (data_dir.empty()) {
    std::fprintf(stderr,
                 "opendata-audit: --data-dir is required (see --help)\n");
    return 2;
  }
  char scratch_template[] = "/tmp/opendata-audit-XXXXXX";
  const char* scratch = mkdtemp(scratch_template);
  if (scratch == nullptr) {
    std::perror("opendata-audit: mkdtemp");
    return 3;
  }
  auto report = opendata::RunAudit(data_dir, scratch, std::cout);
  std::error_code ignored;
  std::filesystem::remove_all(scratch, ignored);
  if (!report.ok()) {
    std::cerr << "opendata-audit: " << report.status().ToString() << "\n";
    return 3;
  }
  return report->ok() ? 0 : 1;
}
