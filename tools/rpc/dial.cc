// Channel creation and connection (see dial.h).
// Thread-safety: stateless; safe to call concurrently.
#include "tools/rpc/dial.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "tools/rpc/generic_call.h"

namespace opendata::rpc {
namespace {

constexpr char kUserAgent[] = "opendata-rpc (grpcurl-compatible)";

absl::StatusOr<std::string> ReadPemFile(const std::string& path,
                                        const char* flag) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream contents;
  contents << file.rdbuf();
  if (!file || contents.str().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("could not read ", flag, " file \"", path, "\""));
  }
  return contents.str();
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeCredentials(
    const DialOptions& options) {
  if (options.plaintext) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  if (!options.ca_cert_file.empty()) {
    absl::StatusOr<std::string> roots =
        ReadPemFile(options.ca_cert_file, "-cacert");
    if (!roots.ok()) return roots.status();
    ssl.pem_root_certs = *std::move(roots);
  }
  if (!options.cert_file.empty()) {
    absl::StatusOr<std::string> chain = ReadPemFile(options.cert_file, "-cert");
    if (!chain.ok()) return chain.status();
    absl::StatusOr<std::string> key = ReadPemFile(options.key_file, "-key");
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *std::move(chain);
    ssl.pem_private_key = *std::move(key);
  }
  return grpc::SslCredentials(ssl);
}

// A channel in TRANSIENT_FAILURE fails calls at once with the reason of the
// last connection attempt; a call that is never sent to a server is the only
// way to learn that reason.
std::string ConnectionFailure(const std::shared_ptr<grpc::Channel>& channel,
                              absl::Time deadline) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(deadline));
  GenericCall call(&stub, &context,
                   "/grpc.reflection.v1alpha.ServerReflection/"
                   "ServerReflectionInfo");
  call.WritesDone();
  const grpc::Status status = call.Finish();
  return status.ok() ? "connection failed" : status.error_message();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::Channel>> Dial(
    const std::string& target, const DialOptions& options,
    std::optional<absl::Time> deadline) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      MakeCredentials(options);
  if (!credentials.ok()) return credentials.status();

  grpc::ChannelArguments arguments;
  arguments.SetUserAgentPrefix(
      options.user_agent.empty()
          ? std::string(kUserAgent)
          : absl::StrCat(options.user_agent, " ", kUserAgent));
  if (!options.authority.empty()) {
    if (options.plaintext) {
      arguments.SetString(GRPC_ARG_DEFAULT_AUTHORITY, options.authority);
    } else {
      arguments.SetSslTargetNameOverride(options.authority);
    }
  }
  if (options.max_receive_message_size > 0) {
    arguments.SetMaxReceiveMessageSize(options.max_receive_message_size);
  }
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateCustomChannel(target, *credentials, arguments);

  absl::Time connect_deadline = absl::Now() + options.connect_timeout;
  if (deadline.has_value())
    connect_deadline = std::min(connect_deadline, *deadline);
  grpc_connectivity_state state = channel->GetState(/*try_to_connect=*/true);
  while (state != GRPC_CHANNEL_READY) {
    if (state == GRPC_CHANNEL_TRANSIENT_FAILURE ||
        state == GRPC_CHANNEL_SHUTDOWN) {
      return absl::UnavailableError(
          ConnectionFailure(channel, connect_deadline));
    }
    if (!channel->WaitForStateChange(state,
                                     absl::ToChronoTime(connect_deadline))) {
      return absl::DeadlineExceededError("context deadline exceeded");
    }
    state = channel->GetState(/*try_to_connect=*/true);
  }
  return channel;
}

}  // namespace opendata::rpc
