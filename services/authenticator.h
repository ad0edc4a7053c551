// Authenticator: turns the bearer token of an incoming call into the Actor the
// engine authorizes. Only authentication happens here; what the actor may do is
// decided in engine/authz.h. Thread-safety: Authenticate may be called
// concurrently (the verifier's key set may be replaced meanwhile, see
// JwtVerifier::ReplaceKeys).
#ifndef OPENDATA_SERVICES_AUTHENTICATOR_H_
#define OPENDATA_SERVICES_AUTHENTICATOR_H_

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "grpcpp/server_context.h"
#include "jining/opendata/v1/common.pb.h"
#include "services/auth/jwt_verifier.h"

namespace opendata {

class Authenticator {
 public:
  // `verifier` and `clock` must outlive this object.
  Authenticator(const auth::JwtVerifier* verifier, const Clock* clock)
      : verifier_(verifier), clock_(clock) {}

  // UNAUTHENTICATED with ErrorInfo reason TOKEN_MISSING, TOKEN_EXPIRED,
  // TOKEN_BAD_SIGNATURE, ... (the verifier's reason in upper case) if the call
  // carries no valid "authorization: Bearer <jwt>". The actor's auth_method
  // is the algorithm that verified the token (JWT_RS256, JWT_ES256 or
  // JWT_HS256).
  absl::StatusOr<jining::opendata::v1::Actor> Authenticate(
      const grpc::ServerContext& context) const;

 private:
  const auth::JwtVerifier* verifier_;
  const Clock* clock_;
};

}  // namespace opendata

#endif  // OPENDATA_SERVICES_AUTHENTICATOR_H_
