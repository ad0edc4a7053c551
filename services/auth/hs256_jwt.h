// HS256 JSON Web Tokens for local development: minting (verification is
// JwtVerifier's, with an HS256 key configured), and the token defaults shared
// by every algorithm.
// Thread-safety: MintHs256 is a pure function.
#ifndef OPENDATA_SERVICES_AUTH_HS256_JWT_H_
#define OPENDATA_SERVICES_AUTH_HS256_JWT_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/auth/token_claims.h"

namespace opendata::auth {

// The iss and aud of tokens and the clock skew when none are configured.
inline constexpr absl::string_view kDefaultIssuer = "jining-opendata-local";
inline constexpr absl::string_view kDefaultAudience = "jining.opendata.v1";
inline constexpr absl::Duration kDefaultClockSkew = absl::Seconds(60);
// Longer tokens are refused before any parsing.
inline constexpr size_t kMaxTokenBytes = 8 * 1024;

// Returns a signed HS256 token carrying claims (iat/nbf/exp from
// issued_at/not_before/expires_at, name and person_type only when non-empty,
// rnv always). InvalidArgumentError when the key is shorter than
// kHs256KeyBytes, issuer or audience is empty, ValidateClaimValues fails, a
// time is infinite, or expires_at is not after both issued_at and not_before.
absl::StatusOr<std::string> MintHs256(const TokenClaims& claims,
                                      absl::string_view key,
                                      absl::string_view issuer,
                                      absl::string_view audience);

}  // namespace opendata::auth

#endif  // OPENDATA_SERVICES_AUTH_HS256_JWT_H_
