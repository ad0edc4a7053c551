// RS256 and ES256 token signing for operators and tests (opendata-admin
// gen-jwks / mint-token): key generation, private key PEM files, and minting a
// token with the platform's claims and a kid. The identity provider does this
// in production; the platform itself only verifies (jwt_verifier.h).
// Thread-safety: the functions keep no shared state; EVP_PKEY objects are not
// modified after creation.
#ifndef OPENDATA_SERVICES_AUTH_JWT_SIGNER_H_
#define OPENDATA_SERVICES_AUTH_JWT_SIGNER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/auth/jwks.h"
#include "services/auth/jwt_verifier.h"
#include "services/auth/token_claims.h"

namespace opendata::auth {

// A fresh private key: RSA 2048 bits for kRs256, EC P-256 for kEs256.
// InvalidArgumentError for kHs256 (see GenerateKeyFile).
absl::StatusOr<PublicKey> GeneratePrivateKey(JwtAlg alg);

// Writes the private key as PKCS#8 PEM with mode 0600. AlreadyExists when the
// file exists.
absl::Status WritePrivateKeyPem(EVP_PKEY* key, absl::string_view path);

// Reads a PEM private key (RSA or EC P-256).
absl::StatusOr<PublicKey> ReadPrivateKeyPem(absl::string_view path);

// A signed RS256 or ES256 token with header {alg, kid, typ} and the claims as
// MintHs256 writes them. InvalidArgumentError when the key does not fit alg
// (RSA for RS256, EC P-256 for ES256), kid, issuer or audience is empty, or
// the claims or times are invalid (see MintHs256).
absl::StatusOr<std::string> MintJwt(const TokenClaims& claims, JwtAlg alg,
                                    EVP_PKEY* private_key,
                                    absl::string_view kid,
                                    absl::string_view issuer,
                                    absl::string_view audience);

}  // namespace opendata::auth

#endif  // OPENDATA_SERVICES_AUTH_JWT_SIGNER_H_
