// HS256 JSON Web Tokens for local development: minting, and verification that
// refuses every token that is not a well-formed, correctly signed, currently
// valid HS256 token with the platform's claims.
// Thread-safety: Hs256JwtVerifier is immutable after construction; Verify may
// be called concurrently. MintHs256 is a pure function.
#ifndef OPENDATA_SERVICES_AUTH_HS256_JWT_H_
#define OPENDATA_SERVICES_AUTH_HS256_JWT_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/auth/token_claims.h"

namespace opendata::auth {

inline constexpr absl::string_view kDefaultIssuer = "jining-opendata-local";
inline constexpr absl::string_view kDefaultAudience = "jining.opendata.v1";
inline constexpr absl::Duration kDefaultClockSkew = absl::Seconds(60);
// Longer tokens are refused before any parsing.
inline constexpr size_t kMaxTokenBytes = 8 * 1024;

class Hs256JwtVerifier {
 public:
  // key: the raw key bytes (see ReadKeyFile). A key shorter than kHs256KeyBytes
  // makes every Verify fail with FailedPreconditionError. A negative clock_skew
  // counts as zero.
  explicit Hs256JwtVerifier(absl::string_view key,
                            absl::string_view issuer = kDefaultIssuer,
                            absl::string_view audience = kDefaultAudience,
                            absl::Duration clock_skew = kDefaultClockSkew);

  // Returns the claims of a valid token. Every refusal is UnauthenticatedError
  // whose message starts with a stable reason. The checks run in this order:
  //  1. token_too_large: more than kMaxTokenBytes.
  //  2. token_malformed: not three unpadded base64url segments of JSON, a crit
  //     header, or refused by libjwt.
  //  3. token_alg_not_allowed: header alg other than HS256 (none, HS512, ...).
  //  4. token_bad_signature: HMAC-SHA256 with the key does not match.
  //  5. token_missing_claim: <claim>: a required claim is absent. Required:
  //     iss, aud, sub, role, org, level, region, exp. Optional: iat, nbf,
  //     name, person_type, rnv.
  //  6. token_bad_claim: <claim>: a claim has the wrong JSON type (aud must be
  //     a single string; times are non-negative integers).
  //  7. token_wrong_issuer, then token_wrong_audience.
  //  8. token_expired: now >= exp + clock skew.
  //  9. token_not_yet_valid: now + clock skew < nbf.
  // 10. token_bad_claim: <claim>: a value breaks ValidateClaimValues.
  absl::StatusOr<TokenClaims> Verify(absl::string_view token,
                                     absl::Time now) const;

 private:
  std::string key_;
  std::string issuer_;
  std::string audience_;
  absl::Duration clock_skew_;
};

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
