// opendata-server: runs every platform service on one port until SIGINT or
// SIGTERM, then drains in-flight calls and closes the store. Flags are
// described by --help.
#include <csignal>
#include <cstdio>
#include <string>

#include "absl/strings/match.h"
#include "services/platform_server.h"
#include "spdlog/spdlog.h"

namespace {

constexpr char kUsage[] =
    "usage: opendata-server [flags]\n"
    "  --listen=HOST:PORT     address to serve on (default 127.0.0.1:50051; "
    "port 0 picks one)\n"
    "  --data-dir=DIR         RocksDB data directory, created if missing "
    "(default var/data)\n"
    "  --key-file=FILE        HS256 bearer-token key, hex (default "
    "var/dev-hs256.key; make one with\n"
    "                         opendata-admin gen-key)\n"
    "  --calendar-dir=DIR     working-day calendar files *.textproto (default: "
    "the shipped 2025/2026 ones)\n"
    "  --checkpoint-key=FILE  Ed25519 PEM private key that signs checkpoints "
    "(default DIR/keys/\n"
    "                         checkpoint-ed25519.pem, created on first start; "
    "make one with\n"
    "                         opendata-admin checkpoint-key)\n"
    "  --master-key-file=FILE master key wrapping personal-data keys, 64 hex "
    "digits (default\n"
    "                         DIR/keys/master.key, created on first start; "
    "OPENDATA_MASTER_KEY wins)\n"
    "  --help                 this text\n";

bool ParseFlags(int argc, char** argv, opendata::PlatformServerConfig& config) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](const char* name, std::string& out) {
      const std::string prefix = std::string(name) + "=";
      if (!absl::StartsWith(arg, prefix)) return false;
      out = arg.substr(prefix.size());
      return true;
    };
    if (value("--listen", config.listen_address) ||
        value("--data-dir", config.data_dir) ||
        value("--key-file", config.key_file) ||
        value("--calendar-dir", config.calendar_dir) ||
        value("--checkpoint-key", config.checkpoint_key_file) ||
        value("--master-key-file", config.master_key_file)) {
      continue;
    }
    std::fprintf(arg == "--help" ? stdout : stderr, "%s%s",
                 arg == "--help" ? "" : "unknown flag\n", kUsage);
    std::exit(arg == "--help" ? 0 : 2);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  opendata::PlatformServerConfig config;
  config.data_dir = "var/data";
  config.key_file = "var/dev-hs256.key";
  config.calendar_dir = OPENDATA_DEFAULT_CALENDAR_DIR;
  ParseFlags(argc, argv, config);

  // Block the stop signals before any thread starts, so that only sigwait below
  // receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = opendata::PlatformServer::Start(config);
  if (!server.ok()) {
    spdlog::error("not starting: {}", server.status().ToString());
    return 1;
  }
  spdlog::info("opendata-server serving on port {} (data {})",
               (*server)->port(), config.data_dir);
  std::printf("listening on port %d\n", (*server)->port());
  std::fflush(stdout);
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("signal {}: draining in-flight calls and closing the store",
               received);
  (*server)->Shutdown();
  return 0;
}
