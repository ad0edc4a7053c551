// Implementation of client_util.h.
#include "tests/e2e/client_util.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "services/auth/hs256_jwt.h"
#include "services/auth/key_file.h"

namespace opendata::e2e {

absl::StatusOr<std::shared_ptr<grpc::Channel>> Connect(
    const std::string& address, absl::Duration timeout) {
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  if (!channel->WaitForConnected(absl::ToChronoTime(absl::Now() + timeout))) {
    return absl::UnavailableError(absl::StrCat("cannot connect to ", address));
  }
  return channel;
}

absl::StatusOr<std::string> MintBearer(const std::string& key_file,
                                       const Principal& who) {
  absl::StatusOr<std::string> key = auth::ReadKeyFile(key_file);
  if (!key.ok()) return key.status();
  auth::TokenClaims claims;
  claims.subject = who.subject;
  claims.role = who.role;
  claims.organization = who.organization;
  claims.level = who.level;
  claims.region = who.region;
  const absl::Time now =
      absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  claims.issued_at = now;
  claims.not_before = now;
  claims.expires_at = now + absl::Hours(1);
  absl::StatusOr<std::string> token = auth::MintHs256(
      claims, *key, auth::kDefaultIssuer, auth::kDefaultAudience);
  if (!token.ok()) return token.status();
  return absl::StrCat("Bearer ", *token);
}

std::unique_ptr<grpc::ClientContext> NewContext(const std::string& bearer,
                                                absl::Duration timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  if (!bearer.empty()) context->AddMetadata("authorization", bearer);
  return context;
}

}  // namespace opendata::e2e
