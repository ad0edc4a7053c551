// JSON Web Key Sets (RFC 7517) holding the identity provider's public keys for
// RS256 and ES256 bearer tokens: parsing a JWKS file into OpenSSL keys by kid,
// and writing a public key as a JWK (for opendata-admin gen-jwks).
// Thread-safety: Jwks is immutable after parsing (its keys are shared, never
// modified) and may be read concurrently; the functions here are pure apart
// from the file read.
#ifndef OPENDATA_SERVICES_AUTH_JWKS_H_
#define OPENDATA_SERVICES_AUTH_JWKS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

typedef struct evp_pkey_st EVP_PKEY;  // <openssl/evp.h>

namespace opendata::auth {

// Smallest RSA modulus a JWKS may hold.
inline constexpr int kMinRsaBits = 2048;
// Largest JWKS file that is read.
inline constexpr size_t kMaxJwksBytes = 1024 * 1024;

inline constexpr absl::string_view kAlgRs256 = "RS256";
inline constexpr absl::string_view kAlgEs256 = "ES256";
inline constexpr absl::string_view kAlgHs256 = "HS256";

// Owns an OpenSSL key; shared so that a verifier can keep using a key while the
// JWKS is replaced.
using PublicKey = std::shared_ptr<EVP_PKEY>;

struct Jwk {
  // kid: unique within the set.
  std::string kid;
  // The only algorithm this key verifies: RS256 for kty RSA, ES256 for kty EC
  // (crv P-256). A JWK "alg" member, when present, must say the same.
  std::string alg;
  PublicKey key;
};

struct Jwks {
  std::vector<Jwk> keys;

  // The key with this kid, or nullptr.
  const Jwk* Find(absl::string_view kid) const;
};

// Parses {"keys": [...]}. Each key needs kid (non-empty string) and kty; RSA
// keys n and e (base64url, modulus >= kMinRsaBits), EC keys crv "P-256", x and
// y (32 bytes each, a point on the curve). Optional: alg (must match kty), use
// (must be "sig"), key_ops (must contain "verify"). Refused with
// InvalidArgumentError naming the key by index and kid: duplicate kids, other
// kty or crv, private key members (d, p, q, ...), bad base64url, and members
// of the wrong JSON type. An empty "keys" array is refused too.
absl::StatusOr<Jwks> ParseJwks(absl::string_view json);

// Reads and parses a JWKS file; errors name the path.
absl::StatusOr<Jwks> ReadJwksFile(absl::string_view path);

// The public JWK of `key` (an RSA or EC P-256 key, public or private) as a JSON
// object text with kid, kty, alg, use "sig" and the public members only.
absl::StatusOr<std::string> PublicJwkJson(EVP_PKEY* key, absl::string_view kid);

// A JWKS text holding these JWK object texts (from PublicJwkJson or from an
// existing file's "keys"), checked with ParseJwks.
absl::StatusOr<std::string> JwksJson(const std::vector<std::string>& jwks);

// The JWK object texts of an existing JWKS file's "keys" (checked with
// ParseJwks first), for appending a key.
absl::StatusOr<std::vector<std::string>> JwkTexts(absl::string_view json);

}  // namespace opendata::auth

#endif  // OPENDATA_SERVICES_AUTH_JWKS_H_
