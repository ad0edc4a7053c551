// PlatformServer: wires the whole platform into one gRPC server on one port —
// the RocksDB event store, the calendar, the command pipeline and queries,
// authentication, every service, health (per-service serving status) and server
// reflection — and shuts it down in order. Thread-safety: Start/Shutdown/Wait
// from one controlling thread; the services themselves are concurrent.
#ifndef OPENDATA_SERVICES_PLATFORM_SERVER_H_
#define OPENDATA_SERVICES_PLATFORM_SERVER_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "jining/opendata/v1/receipts.pb.h"
#include "services/auth/hs256_jwt.h"
#include "services/rate_limiter.h"

namespace opendata {

struct PlatformServerConfig {
  // host:port to listen on; port 0 picks a free port (see
  // PlatformServer::port()).
  std::string listen_address = "127.0.0.1:50051";
  // RocksDB data directory (created if missing).
  std::string data_dir;
  // JWKS file (RFC 7517) with the identity provider's RS256/ES256 public keys
  // by kid (see opendata-admin gen-jwks). Empty: no RS256/ES256 tokens.
  // Re-read by ReloadJwks (opendata-server: on SIGHUP).
  std::string jwks_file;
  // Development HS256 key file (hex, see opendata-admin gen-key). Empty: HS256
  // tokens are refused. At least one of jwks_file and hs256_key_file is
  // required.
  std::string hs256_key_file;
  // The iss and aud every token must carry (aud: or an array containing it).
  std::string jwt_issuer = std::string(auth::kDefaultIssuer);
  std::string jwt_audience = std::string(auth::kDefaultAudience);
  // Tolerance for exp and nbf against this server's clock.
  absl::Duration jwt_clock_skew = auth::kDefaultClockSkew;
  // Directory of calendar year files (*.textproto).
  std::string calendar_dir;
  // Time source; nullptr: the system clock. Not owned.
  const Clock* clock = nullptr;
  // How often the deadline scheduler looks for due deadlines (real time). It
  // also runs once at start.
  absl::Duration scheduler_interval = absl::Seconds(1);
  // How often AuditService.SubscribeLog sends a heartbeat.
  absl::Duration audit_heartbeat_interval = absl::Seconds(5);
  // PEM PKCS#8 Ed25519 private key that signs checkpoints (must exist). Empty:
  // <data_dir>/keys/checkpoint-ed25519.pem, created (with
  // checkpoint-ed25519.pub.pem beside it) on first start.
  std::string checkpoint_key_file;
  // How often the checkpointer signs the log head if it has advanced (real
  // time). It also runs once at start.
  absl::Duration checkpoint_interval = absl::Seconds(1);
  // Hex file of the 32-byte master key that wraps the per-subject data keys
  // of personal information (docs/architecture.md "Personal information").
  // Empty: <data_dir>/keys/master.key, created (mode 0600) on first start.
  // The environment variable OPENDATA_MASTER_KEY (64 hex digits), if set,
  // wins over either.
  std::string master_key_file;

  // Transport and limits (docs/architecture.md "Transport and limits").
  // PEM server certificate chain and private key: both (TLS) or neither
  // (plaintext, loopback addresses only unless allow_insecure_plaintext).
  std::string tls_cert_file;
  std::string tls_key_file;
  // PEM CA bundle for client certificates (mutual TLS; needs TLS). Clients are
  // asked for a certificate; one presented must verify against this CA, but
  // none is required (citizens' apps send bearer tokens).
  std::string tls_client_ca_file;
  // jining.opendata.v1.ClientCertificateMapping text file: which actor each
  // verified client certificate subject acts as. Needs tls_client_ca_file.
  // Empty: every client certificate is unmapped.
  std::string client_cert_map_file;
  // Serve plaintext on a non-loopback address (never in production).
  bool allow_insecure_plaintext = false;
  // Largest request / response message in bytes; larger ones fail with
  // RESOURCE_EXHAUSTED before any handler runs.
  int max_receive_message_bytes = 4 * 1024 * 1024;
  int max_send_message_bytes = 16 * 1024 * 1024;
  // Requests per authenticated subject (token bucket; per_second 0: off).
  RateLimit principal_rate_limit{50, 100};
  // Failed authentications per peer host; when a host's bucket is empty its
  // calls are refused before the token is even looked at.
  RateLimit auth_failure_rate_limit{1, 20};
};

class PlatformServer {
 public:
  // Opens the store, loads the calendar and the token keys, and starts
  // serving. FAILED_PRECONDITION / INVALID_ARGUMENT for a bad configuration,
  // checked before the store is opened: neither a JWKS nor an HS256 key file
  // configured, an invalid or missing key file or JWKS (also NOT_FOUND),
  // TLS_CONFIG_INVALID, PLAINTEXT_NOT_LOOPBACK, CLIENT_CERT_MAP_INVALID naming
  // the entry, LIMITS_INVALID. UNAVAILABLE
  // if the port cannot be bound or the store cannot be opened.
  static absl::StatusOr<std::unique_ptr<PlatformServer>> Start(
      const PlatformServerConfig& config);

  ~PlatformServer();

  // The bound port.
  int port() const;

  // Stops accepting calls, lets in-flight calls finish (up to `grace`), and
  // closes the store.
  void Shutdown(absl::Duration grace = absl::Seconds(5));

  // Blocks until the server has shut down.
  void Wait();

  // Re-reads the JWKS file and, if it is valid, verifies tokens with its keys
  // from now on (a removed kid is refused, an added one accepted). On error the
  // old keys stay and the error is returned; FAILED_PRECONDITION when no JWKS
  // file is configured. Safe to call while serving.
  absl::Status ReloadJwks();

  // Runs the deadline scheduler once now (tests drive it this way with a fake
  // clock). Returns how many deadlines were newly recorded overdue.
  absl::StatusOr<int> RunSchedulerOnce();

  // Signs a checkpoint of the log head now if it has advanced; nullopt if none
  // was needed.
  absl::StatusOr<std::optional<jining::opendata::v1::SignedCheckpoint>>
  CheckpointNow();

  // The wired components (defined in platform_server.cc).
  struct Parts;

 private:
  explicit PlatformServer(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace opendata

#endif  // OPENDATA_SERVICES_PLATFORM_SERVER_H_
