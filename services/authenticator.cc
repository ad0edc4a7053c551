// Implementation of authenticator.h.
#include "services/authenticator.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "services/auth/bearer_token.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

// The verifier's messages start with a stable reason ("token_expired: ...");
// make it an ErrorInfo reason.
absl::Status Unauthenticated(const absl::Status& status) {
  std::string reason(
      status.message().substr(0, status.message().find_first_of(":( ")));
  if (reason.empty()) reason = "token_invalid";
  return MakeError(absl::StatusCode::kUnauthenticated,
                   absl::AsciiStrToUpper(reason), status.message());
}

pb::AuthMethod MethodOf(auth::JwtAlg alg) {
  switch (alg) {
    case auth::JwtAlg::kRs256:
      return pb::AUTH_METHOD_JWT_RS256;
    case auth::JwtAlg::kEs256:
      return pb::AUTH_METHOD_JWT_ES256;
    case auth::JwtAlg::kHs256:
      break;
  }
  return pb::AUTH_METHOD_JWT_HS256;
}

pb::Role RoleOf(absl::string_view role) {
  pb::Role r = pb::ROLE_UNSPECIFIED;
  pb::Role_Parse(absl::StrCat("ROLE_", role), &r);
  return r == pb::ROLE_SYSTEM ? pb::ROLE_UNSPECIFIED : r;
}

}  // namespace

absl::StatusOr<pb::Actor> Authenticator::Authenticate(
    const grpc::ServerContext& context) const {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return MakeError(absl::StatusCode::kUnauthenticated, "TOKEN_MISSING",
                     "send \"authorization: Bearer <token>\" (mint one with "
                     "opendata-admin mint-token)");
  }
  absl::StatusOr<std::string> token = auth::BearerToken(
      absl::string_view(it->second.data(), it->second.size()));
  if (!token.ok()) return Unauthenticated(token.status());
  absl::StatusOr<auth::VerifiedToken> verified =
      verifier_->Verify(*token, clock_->Now());
  if (!verified.ok()) return Unauthenticated(verified.status());
  const auth::TokenClaims* claims = &verified->claims;
  pb::Actor actor;
  actor.set_subject(claims->subject);
  actor.set_role(RoleOf(claims->role));
  // Actor.organization is empty for natural persons (common.proto), so that a
  // USER with an organisation is a legal person (Art. 10(3) industry entry).
  if (claims->person_type != auth::kPersonTypeNatural)
    actor.set_organization(claims->organization);
  actor.set_level(claims->level == auth::kLevelCity ? pb::LEVEL_CITY
                                                    : pb::LEVEL_COUNTY);
  actor.set_region(claims->region);
  actor.set_auth_method(MethodOf(verified->alg));
  actor.set_display_name(claims->name);
  // Art. 16: a USER is a natural or a legal person, real-name verified or
  // not, as the identity service said.
  if (claims->person_type == auth::kPersonTypeNatural) {
    actor.set_person_kind(pb::PERSON_KIND_NATURAL);
  } else if (claims->person_type == auth::kPersonTypeLegal) {
    actor.set_person_kind(pb::PERSON_KIND_LEGAL);
  }
  if (actor.role() == pb::ROLE_USER)
    actor.set_real_name_verified(claims->real_name_verified);
  return actor;
}

}  // namespace opendata
