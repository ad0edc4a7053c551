// Implementation of transport_security.h.
// Thread-safety: see the header.
#include "services/transport_security.h"

#include <arpa/inet.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "grpc/grpc_security_constants.h"
#include "grpcpp/security/auth_context.h"

namespace opendata {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path,
                                    absl::string_view what) {
  std::ifstream in(path);
  if (!in) {
    return MakeError(absl::StatusCode::kFailedPrecondition,
                     "TLS_FILE_UNREADABLE",
                     absl::StrCat("cannot read ", what, " ", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Status BadTls(absl::string_view message) {
  return MakeError(absl::StatusCode::kInvalidArgument, "TLS_CONFIG_INVALID",
                   message);
}

// The host part of host:port, [v6]:port.
absl::string_view HostOf(absl::string_view address) {
  if (absl::StartsWith(address, "[")) {
    const size_t close = address.find(']');
    return close == absl::string_view::npos ? address
                                            : address.substr(1, close - 1);
  }
  const size_t colon = address.rfind(':');
  return colon == absl::string_view::npos ? address : address.substr(0, colon);
}

}  // namespace

bool IsLoopbackListenAddress(absl::string_view address) {
  if (absl::StartsWith(address, "unix:")) return true;
  absl::string_view host = HostOf(address);
  if (absl::StartsWith(host, "ipv4:")) host.remove_prefix(5);
  if (absl::StartsWith(host, "ipv6:")) host.remove_prefix(5);
  if (host == "localhost") return true;
  const std::string text(host);
  in_addr v4;
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    return IN6_IS_ADDR_LOOPBACK(&v6);
  }
  return false;  // Any other host name may resolve to a public address.
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(
    const TlsFiles& files, absl::string_view listen_address,
    bool allow_insecure_plaintext) {
  if (files.cert_file.empty() != files.key_file.empty()) {
    return BadTls("--tls-cert and --tls-key must be given together");
  }
  if (files.cert_file.empty()) {
    if (!files.client_ca_file.empty()) {
      return BadTls("--tls-client-ca needs --tls-cert and --tls-key");
    }
    if (!allow_insecure_plaintext && !IsLoopbackListenAddress(listen_address)) {
      return FailedPrecondition(
          "PLAINTEXT_NOT_LOOPBACK",
          absl::StrCat("refusing to serve plaintext on ", listen_address,
                       ", which is not a loopback address: give --tls-cert "
                       "and --tls-key, listen on 127.0.0.1, or pass "
                       "--allow-insecure-plaintext"),
          {{"PLAINTEXT_NOT_LOOPBACK", "listen_address",
            "plaintext is served on loopback addresses only unless "
            "explicitly allowed"}});
    }
    return grpc::InsecureServerCredentials();
  }
  absl::StatusOr<std::string> cert =
      ReadPem(files.cert_file, "TLS certificate");
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadPem(files.key_file, "TLS key");
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions options(
      files.client_ca_file.empty()
          ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
          : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_key_cert_pairs.push_back({*key, *cert});
  if (!files.client_ca_file.empty()) {
    absl::StatusOr<std::string> ca =
        ReadPem(files.client_ca_file, "client CA bundle");
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *ca;
  }
  return grpc::SslServerCredentials(options);
}

std::optional<std::string> VerifiedClientSubject(
    const grpc::ServerContext& context) {
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr) return std::nullopt;
  // With GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY a presented
  // certificate that does not verify fails the handshake, so a subject here
  // is a verified one.
  const std::vector<grpc::string_ref> subjects =
      auth->FindPropertyValues(GRPC_X509_SUBJECT_PROPERTY_NAME);
  if (subjects.empty()) return std::nullopt;
  return std::string(subjects.front().data(), subjects.front().size());
}

std::string PeerHost(const grpc::ServerContext& context) {
  const std::string peer = context.peer();
  if (absl::StartsWith(peer, "ipv4:") || absl::StartsWith(peer, "ipv6:")) {
    const size_t colon = peer.rfind(':');
    if (colon > 5) return peer.substr(0, colon);
  }
  return peer;
}

}  // namespace opendata
