// Test helpers for RS256/ES256 tokens: fresh key pairs, a JWKS holding their
// public keys, hand-made (hostile) tokens signed with any key, and the claims
// of a valid token.
// Thread-safety: the helpers are pure apart from key generation (OpenSSL's
// thread-safe RNG); keys are not modified after creation.
#ifndef OPENDATA_TESTS_AUTH_JWT_TEST_KEYS_H_
#define OPENDATA_TESTS_AUTH_JWT_TEST_KEYS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/auth/jwks.h"
#include "services/auth/token_claims.h"

namespace opendata::auth::testing {

inline constexpr absl::Time kTestNow =
    absl::FromUnixSeconds(1767225600);  // 2026-01-01T00:00:00Z

// A fresh RSA 2048 or EC P-256 private key (REQUIREs success).
PublicKey NewRsaKey();
PublicKey NewEcKey();

// The JWKS text with the public halves of (kid, key) pairs (REQUIREs success).
std::string JwksText(
    const std::vector<std::pair<std::string, PublicKey>>& keys);
// The parsed JWKS of the same (REQUIREs success).
Jwks JwksOf(const std::vector<std::pair<std::string, PublicKey>>& keys);

// The public key as SubjectPublicKeyInfo PEM text and DER bytes.
std::string PublicPem(EVP_PKEY* key);
std::string PublicDer(EVP_PKEY* key);

// base64url(header).base64url(payload).base64url(signature) where signature
// is made over the first two parts by `sign`.
std::string Base64Url(absl::string_view bytes);
std::string SignedWithHmac(absl::string_view header, absl::string_view payload,
                           absl::string_view key);
// RSASSA-PKCS1-v1_5 SHA-256 (RSA keys) or ECDSA SHA-256 in DER (EC keys).
std::string SignedWithKey(absl::string_view header, absl::string_view payload,
                          EVP_PKEY* key);
// ES256 JOSE form (r||s) with an EC key.
std::string SignedEs256(absl::string_view header, absl::string_view payload,
                        EVP_PKEY* key);

// A valid claim set for a county provider at kTestNow (8 h long).
TokenClaims ProviderClaims();

// The JSON payload of ProviderClaims() with members replaced or, for an empty
// value, removed: {{"aud", R"(["x","y"])"}, {"sub", ""}}.
std::string PayloadJson(
    const std::vector<std::pair<std::string, std::string>>& changes = {});

}  // namespace opendata::auth::testing

#endif  // OPENDATA_TESTS_AUTH_JWT_TEST_KEYS_H_
