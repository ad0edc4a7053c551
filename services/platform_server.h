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

namespace opendata {

struct PlatformServerConfig {
  // host:port to listen on; port 0 picks a free port (see
  // PlatformServer::port()).
  std::string listen_address = "127.0.0.1:50051";
  // RocksDB data directory (created if missing).
  std::string data_dir;
  // HS256 key file for bearer tokens (hex, see opendata-admin gen-key).
  std::string key_file;
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
};

class PlatformServer {
 public:
  // Opens the store, loads the calendar and key, and starts serving.
  // FAILED_PRECONDITION / INVALID_ARGUMENT for a bad configuration, UNAVAILABLE
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
