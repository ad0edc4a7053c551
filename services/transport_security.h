// Transport security of the server: the TLS / mutual-TLS server credentials
// built from PEM files, the rule that plaintext listens only on loopback, and
// what a call's TLS session says about the peer (the verified client
// certificate subject, the peer's host). Thread-safety: pure functions; safe
// from any thread.
#ifndef OPENDATA_SERVICES_TRANSPORT_SECURITY_H_
#define OPENDATA_SERVICES_TRANSPORT_SECURITY_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_context.h"

namespace opendata {

// PEM files of the server's TLS identity. All empty: plaintext.
struct TlsFiles {
  // Server certificate chain. With key_file, or neither.
  std::string cert_file;
  // Server private key.
  std::string key_file;
  // CA bundle that client certificates are verified against. Requires
  // cert_file. When set, clients are asked for a certificate; one that is
  // presented must verify (else the handshake fails), but none is required,
  // because citizens' apps authenticate with bearer tokens.
  std::string client_ca_file;
};

// True if `address` (host:port, [v6]:port or unix:path) can only be reached
// from this machine: localhost, 127.0.0.0/8, ::1 or a unix socket.
bool IsLoopbackListenAddress(absl::string_view address);

// Checks the combination of files and the plaintext rule, then reads the
// files. INVALID_ARGUMENT (reason TLS_CONFIG_INVALID) for a half configuration,
// FAILED_PRECONDITION (reason PLAINTEXT_NOT_LOOPBACK) for plaintext on a
// non-loopback address without `allow_insecure_plaintext`,
// FAILED_PRECONDITION (reason TLS_FILE_UNREADABLE) if a file cannot be read.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(
    const TlsFiles& files, absl::string_view listen_address,
    bool allow_insecure_plaintext);

// The subject (RFC 2253, e.g. "CN=gw,O=jn-gaj") of the client certificate the
// TLS handshake of this call verified, or nullopt if the client presented
// none (or the call is plaintext).
std::optional<std::string> VerifiedClientSubject(
    const grpc::ServerContext& context);

// The peer's host without its port ("ipv4:10.1.2.3", "ipv6:[::1]"), so that
// every connection from one host shares one rate-limit bucket.
std::string PeerHost(const grpc::ServerContext& context);

}  // namespace opendata

#endif  // OPENDATA_SERVICES_TRANSPORT_SECURITY_H_
