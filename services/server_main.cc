// opendata-server: runs every platform service on one port until SIGINT or
// SIGTERM, then drains in-flight calls and closes the store; SIGHUP re-reads
// the JWKS file. Flags are described by --help.
#include <csignal>
#include <cstdio>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
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
    "  --master-key-file=FILE master key wrapping personal-data keys, 64 hex "
    "digits (default\n"
    "                         DIR/keys/master.key, created on first start; "
    "OPENDATA_MASTER_KEY wins)\n"
    "transport (docs/architecture.md \"Transport and limits\"):\n"
    "  --tls-cert=PEM         server certificate chain; with --tls-key serves "
    "TLS. Without them the\n"
    "                         server listens in plaintext, and only on a "
    "loopback address\n"
    "  --tls-key=PEM          server private key\n"
    "  --tls-client-ca=PEM    CA bundle for client certificates (mutual TLS): "
    "clients are asked for\n"
    "                         one; a presented one must verify, but none is "
    "required (bearer tokens)\n"
    "  --client-cert-map=FILE jining.opendata.v1.ClientCertificateMapping "
    "text: verified certificate\n"
    "                         subject -> organisation actor (checked at "
    "start); needs --tls-client-ca\n"
    "  --allow-insecure-plaintext  serve plaintext on a non-loopback address "
    "(never in production)\n"
    "limits:\n"
    "  --max-receive-bytes=N  largest request message (default 4194304); "
    "larger: RESOURCE_EXHAUSTED\n"
    "  --max-send-bytes=N     largest response message (default 16777216)\n"
    "  --rate-limit=R         requests per second per authenticated subject "
    "(default 50; 0 turns it off)\n"
    "  --rate-burst=B         requests a subject may send at once (default "
    "100)\n"
    "  --auth-failure-rate=R  failed authentications per second per peer host "
    "(default 1; 0: off)\n"
    "  --auth-failure-burst=B failed authentications a host may make at once "
    "(default 20)\n"
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
        value("--checkpoint-key", config.checkpoint_key_file) ||
        value("--master-key-file", config.master_key_file) ||
        value("--tls-cert", config.tls_cert_file) ||
        value("--tls-key", config.tls_key_file) ||
        value("--tls-client-ca", config.tls_client_ca_file) ||
        value("--client-cert-map", config.client_cert_map_file)) {
      continue;
    }
    if (arg == "--allow-insecure-plaintext") {
      config.allow_insecure_plaintext = true;
      continue;
    }
    std::string number;
    bool numeric = true;
    bool parsed = false;
    if (value("--max-receive-bytes", number)) {
      parsed = absl::SimpleAtoi(number, &config.max_receive_message_bytes);
    } else if (value("--max-send-bytes", number)) {
      parsed = absl::SimpleAtoi(number, &config.max_send_message_bytes);
    } else if (value("--rate-limit", number)) {
      parsed =
          absl::SimpleAtod(number, &config.principal_rate_limit.per_second);
    } else if (value("--rate-burst", number)) {
      parsed = absl::SimpleAtod(number, &config.principal_rate_limit.burst);
    } else if (value("--auth-failure-rate", number)) {
      parsed =
          absl::SimpleAtod(number, &config.auth_failure_rate_limit.per_second);
    } else if (value("--auth-failure-burst", number)) {
      parsed = absl::SimpleAtod(number, &config.auth_failure_rate_limit.burst);
    } else {
      numeric = false;
    }
    if (numeric) {
      if (parsed) continue;
      std::fprintf(stderr, "not a number: %s\n%s", arg.c_str(), kUsage);
      std::exit(2);
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
