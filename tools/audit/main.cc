// opendata-audit: verifies a data directory from the log alone (see audit.h).
// Exit status: 0 everything agrees, 1 a problem was found, 2 bad usage, 3 the
// audit could not run.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "tools/audit/audit.h"
#include "tools/audit/checkpoint_audit.h"

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "verify-receipt") {
    return opendata::RunVerifyReceipt(
        std::vector<std::string>(argv + 2, argv + argc), std::cout, std::cerr);
  }
  std::string data_dir;
  std::vector<std::string> public_keys;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--data-dir=", 0) == 0) {
      data_dir = arg.substr(11);
    } else if (arg.rfind("--public-key=", 0) == 0) {
      public_keys.push_back(arg.substr(13));
    } else {
      std::fprintf(
          arg == "--help" ? stdout : stderr,
          "usage: opendata-audit --data-dir=DIR [--public-key=PEM]...\n"
          "       opendata-audit verify-receipt --receipt=FILE "
          "--public-key=PEM\n"
          "  Verifies the hash chain, the stream index and every "
          "projection of DIR against a replay\n"
          "  of the log, and every signed checkpoint (signature with "
          "the given keys or DIR/keys/*.pub.pem,\n"
          "  root recomputed from the log). verify-receipt checks an "
          "event receipt (JSON) offline.\n"
          "  Safe beside a running server. Exit 0 if all "
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
  auto report = opendata::RunAudit(data_dir, scratch, std::cout, public_keys);
  std::error_code ignored;
  std::filesystem::remove_all(scratch, ignored);
  if (!report.ok()) {
    std::cerr << "opendata-audit: " << report.status().ToString() << "\n";
    return 3;
  }
  return report->ok() ? 0 : 1;
}
