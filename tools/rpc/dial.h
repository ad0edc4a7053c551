// Connecting to a gRPC server like grpcurl does: plaintext or TLS (optionally
// with a custom CA and a client certificate), waiting until the connection is
// up or has failed.
// Thread-safety: stateless functions; safe to call concurrently.
#ifndef OPENDATA_TOOLS_RPC_DIAL_H_
#define OPENDATA_TOOLS_RPC_DIAL_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"

namespace opendata::rpc {

struct DialOptions {
  bool plaintext = false;    // No TLS.
  std::string ca_cert_file;  // PEM roots to verify the server; "" = gRPC's
                             // default roots.
  std::string cert_file;   // PEM client certificate chain (with key_file), for
                           // mutual TLS.
  std::string key_file;    // PEM client private key.
  std::string authority;   // :authority, and with TLS the name the server
                           // certificate must match.
  std::string user_agent;  // Prepended to the user agent.
  int max_receive_message_size = 0;  // Bytes; 0 = gRPC's default (4 MiB).
  absl::Duration connect_timeout = absl::Seconds(10);
};

// Creates a channel to `target` and waits until it is connected, for at most
// options.connect_timeout and never past `deadline`. Errors: InvalidArgument
// when a TLS file cannot be read; Unavailable with gRPC's reason when
// connecting failed; DeadlineExceeded "context deadline exceeded" when time ran
// out.
absl::StatusOr<std::shared_ptr<grpc::Channel>> Dial(
    const std::string& target, const DialOptions& options,
    std::optional<absl::Time> deadline);

}  // namespace opendata::rpc

#endif  // OPENDATA_TOOLS_RPC_DIAL_H_
