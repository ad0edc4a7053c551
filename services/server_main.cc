// opendata-server: runs every platform service on one port until SIGINT or
// SIGTERM, then drains in-flight calls and closes the store; SIGHUP re-reads
// the JWKS file. Flags are described by --help.
#include <csignal>
#include <cstdio>
#include <string>

#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "services/platform_server.h"
#include "spdlog/spdlog.h"

namespace {

constexpr char kUsage[] =
    "usage: opendata-server [flags]\n"
    "  --listen=HOST:PORT     address to serve on (default 127.0.0.1:50051; "
    "port 0 picks one)\n"
    "  --data-dir=DIR         RocksDB data directory, created if missing "
    "(default var/data)\n"
    "  --jwks-file=FILE       identity provider's public keys (JWKS, RS256/"
    "ES256 by kid);\n"
    "                         re-read on SIGHUP (make one with opendata-admin "
    "gen-jwks)\n"
    "  --jwt-issuer=ISS       required token iss (default "
    "jining-opendata-local)\n"
    "  --jwt-audience=AUD     required token aud (default "
    "jining.opendata.v1)\n"
    "  --jwt-clock-skew=DUR   tolerance for exp/nbf (default 60s)\n"
    "  --dev-hs256-key-file=FILE  development only: also accept HS256 tokens "
    "signed with\n"
    "                         this hex key (opendata-admin gen-key); "
    "--key-file is an alias.\n"
    "                         At least one of --jwks-file and this is "
    "required.\n"
    "  --calendar-dir=DIR     working-day calendar files *.textproto (default: "
    "the shipped 2025/2026 ones)\n"
    "  --checkpoint-key=FILE  Ed25519 PEM private key that signs checkpoints "
    "(default DIR/keys/\n"
    "                         checkpoint-ed25519.pem, created on first start; "
    "make one with\n"
    "                         opendata-admin checkpoint-key)\n"
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
        value("--jwks-file", config.jwks_file) ||
        value("--jwt-issuer", config.jwt_issuer) ||
        value("--jwt-audience", config.jwt_audience) ||
        value("--dev-hs256-key-file", config.hs256_key_file) ||
        value("--key-file", config.hs256_key_file) ||
        value("--calendar-dir", config.calendar_dir) ||
        value("--checkpoint-key", config.checkpoint_key_file)) {
      continue;
    }
    std::string skew;
    if (value("--jwt-clock-skew", skew)) {
      if (absl::ParseDuration(skew, &config.jwt_clock_skew) &&
          config.jwt_clock_skew >= absl::ZeroDuration()) {
        continue;
      }
      std::fprintf(stderr, "--jwt-clock-skew: a duration such as 60s\n");
      std::exit(2);
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
  config.calendar_dir = OPENDATA_DEFAULT_CALENDAR_DIR;
  ParseFlags(argc, argv, config);

  // Block the stop signals before any thread starts, so that only sigwait below
  // receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
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
  while (sigwait(&signals, &received) == 0 && received == SIGHUP) {
    const absl::Status reloaded = (*server)->ReloadJwks();
    if (!reloaded.ok()) {
      spdlog::error("SIGHUP: JWKS not reloaded, the old keys stay: {}",
                    reloaded.ToString());
    }
  }
  spdlog::info("signal {}: draining in-flight calls and closing the store",
               received);
  (*server)->Shutdown();
  return 0;
}
