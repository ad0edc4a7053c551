// Authenticator: turns the bearer token of an incoming call into the Actor the
// engine authorizes. Only authentication happens here; what the actor may do is
// decided in engine/authz.h. Thread-safety: immutable after construction;
// Authenticate may be called concurrently.
#ifndef OPENDATA_SERVICES_AUTHENTICATOR_H_
#define OPENDATA_SERVICES_AUTHENTICATOR_H_

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "grpcpp/server_context.h"
#include "jining/opendata/v1/common.pb.h"
#include "services/auth/hs256_jwt.h"

namespace opendata {

class Authenticator {
 public:
  // `clock` must outlive this object.
  Authenticator(auth::Hs256JwtVerifier verifier, const Clock* clock)
      : verifier_(std::move(verifier)), clock_(clock) {}

  // UNAUTHENTICATED with ErrorInfo reason TOKEN_MISSING, TOKEN_EXPIRED,
  // TOKEN_BAD_SIGNATURE, ... (the verifier's reason in upper case) if the call
  // carries no valid "authorization: Bearer <jwt>".
  absl::StatusOr<jining::opendata::v1::Actor> Authenticate(
      const grpc::ServerContext& context) const;

 private:
  auth::Hs256JwtVerifier verifier_;
  const Clock* clock_;
};

}  // namespace opendata

#endif  // OPENDATA_SERVICES_AUTHENTICATOR_H_
