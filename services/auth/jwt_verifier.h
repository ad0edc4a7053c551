// JwtVerifier: verifies the platform's bearer tokens. RS256 and ES256 tokens
// from the provincial identity provider are checked against the public keys of
// a JWKS by kid (the key, never the token, decides the algorithm); HS256 tokens
// only when a development key is configured. Issuer, audience, exp and nbf are
// checked with a clock skew; the claims are those of token_claims.h.
// Thread-safety: Verify and ReplaceKeys may be called concurrently; the key set
// is swapped atomically under a mutex and a Verify uses the set it started
// with.
#ifndef OPENDATA_SERVICES_AUTH_JWT_VERIFIER_H_
#define OPENDATA_SERVICES_AUTH_JWT_VERIFIER_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/auth/hs256_jwt.h"
#include "services/auth/jwks.h"
#include "services/auth/token_claims.h"

namespace opendata::auth {

enum class JwtAlg { kHs256, kRs256, kEs256 };

struct JwtVerifierOptions {
  std::string issuer = std::string(kDefaultIssuer);
  std::string audience = std::string(kDefaultAudience);
  // A negative skew counts as zero.
  absl::Duration clock_skew = kDefaultClockSkew;
  // HS256 key bytes (see ReadKeyFile); empty: HS256 tokens are refused. Only
  // for local development.
  std::string hs256_key;
};

struct VerifiedToken {
  TokenClaims claims;
  // The algorithm that verified the signature.
  JwtAlg alg = JwtAlg::kHs256;
  // The header kid; empty for an HS256 token without one.
  std::string kid;
};

class JwtVerifier {
 public:
  // An hs256_key shorter than kHs256KeyBytes makes Create fail, as does a
  // verifier with neither an HS256 key nor a JWKS key (InvalidArgumentError).
  static absl::StatusOr<std::unique_ptr<JwtVerifier>> Create(
      JwtVerifierOptions options, Jwks jwks);

  // Returns the claims of a valid token. Every refusal is UnauthenticatedError
  // whose message starts with a stable lower-case reason:
  //  1. token_too_large: more than kMaxTokenBytes.
  //  2. token_malformed: not three unpadded base64url segments, a header that
  //     is not a JSON object, alg or kid not strings, or a crit header.
  //  3. token_alg_not_allowed: alg other than RS256, ES256, HS256 (none,
  //     HS512, ...).
  //  4. token_alg_key_mismatch: the kid names a JWKS key that verifies another
  //     algorithm (e.g. an HS256 token naming an RSA key: algorithm
  //     confusion).
  //  5. token_alg_not_allowed: HS256 when no HS256 key is configured;
  //     token_unknown_kid: an HS256 token with a kid, an RS256/ES256 token
  //     without kid, or a kid that is in no key of the JWKS.
  //  6. token_bad_signature: the signature does not verify (an ES256
  //     signature must be the 64-byte JOSE r||s).
  //  7. token_malformed: the payload is not a JSON object.
  //  8. token_missing_claim / token_bad_claim: <claim>. Required: iss, aud,
  //     sub, role, org, level, region, exp. aud is a string or an array of
  //     strings; times are non-negative integers.
  //  9. token_wrong_issuer, then token_wrong_audience (aud must be or contain
  //     ours).
  // 10. token_expired: now >= exp + skew; token_not_yet_valid: now + skew <
  //     nbf.
  // 11. token_bad_claim: <claim>: a value breaks ValidateClaimValues.
  absl::StatusOr<VerifiedToken> Verify(absl::string_view token,
                                       absl::Time now) const;

  // Replaces the JWKS (on reload). Tokens whose kid is no longer in the set
  // are refused from now on. InvalidArgumentError (and nothing changes) when
  // the new set is empty and no HS256 key is configured.
  absl::Status ReplaceKeys(Jwks jwks);

 private:
  JwtVerifier(JwtVerifierOptions options, Jwks jwks);
  std::shared_ptr<const Jwks> keys() const;

  const JwtVerifierOptions options_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const Jwks> jwks_ ABSL_GUARDED_BY(mu_);
};

// "RS256", "ES256" or "HS256".
absl::string_view JwtAlgName(JwtAlg alg);

}  // namespace opendata::auth

#endif  // OPENDATA_SERVICES_AUTH_JWT_VERIFIER_H_
