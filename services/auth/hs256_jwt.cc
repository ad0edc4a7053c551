// HS256 JSON Web Tokens: minting on top of libjwt (see hs256_jwt.h).
// Thread-safety: no shared mutable state; every call works on its own libjwt
// objects.
#include "services/auth/hs256_jwt.h"

#include <jwt.h>

#include <cstdlib>
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/auth/key_file.h"

namespace opendata::auth {
namespace {

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

struct MallocDeleter {
  void operator()(char* text) const { free(text); }
};
using MallocString = std::unique_ptr<char, MallocDeleter>;

}  // namespace

absl::StatusOr<std::string> MintHs256(const TokenClaims& claims,
                                      absl::string_view key,
                                      absl::string_view issuer,
                                      absl::string_view audience) {
  if (key.size() < kHs256KeyBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("HS256 key must be at least ", kHs256KeyBytes, " bytes"));
  }
  if (issuer.empty() || audience.empty()) {
    return absl::InvalidArgumentError("issuer and audience must not be empty");
  }
  if (absl::Status status = ValidateClaimValues(claims); !status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad claim ", status.message()));
  }
  for (absl::Time time :
       {claims.issued_at, claims.not_before, claims.expires_at}) {
    if (time == absl::InfinitePast() || time == absl::InfiniteFuture()) {
      return absl::InvalidArgumentError("iat, nbf and exp must be finite");
    }
  }
  if (claims.expires_at <= claims.issued_at ||
      claims.expires_at <= claims.not_before) {
    return absl::InvalidArgumentError("exp must be after iat and nbf");
  }

  jwt_t* raw_jwt = nullptr;
  if (jwt_new(&raw_jwt) != 0) return absl::InternalError("jwt_new failed");
  const JwtPtr jwt(raw_jwt);
  const std::pair<const char*, absl::string_view> strings[] = {
      {kClaimIssuer, issuer},
      {kClaimAudience, audience},
      {kClaimSubject, claims.subject},
      {kClaimRole, claims.role},
      {kClaimOrganization, claims.organization},
      {kClaimLevel, claims.level},
      {kClaimRegion, claims.region},
      {kClaimName, claims.name},
      {kClaimPersonType, claims.person_type},
  };
  for (const auto& [claim, value] : strings) {
    if (value.empty()) continue;
    // libjwt takes C strings and its JSON library needs UTF-8.
    if (value.find('\0') != absl::string_view::npos ||
        jwt_add_grant(jwt.get(), claim, std::string(value).c_str()) != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("claim ", claim, " must be UTF-8 without NUL"));
    }
  }
  const std::pair<const char*, absl::Time> times[] = {
      {kClaimIssuedAt, claims.issued_at},
      {kClaimNotBefore, claims.not_before},
      {kClaimExpiresAt, claims.expires_at},
  };
  int error = jwt_add_grant_bool(jwt.get(), kClaimRealNameVerified,
                                 claims.real_name_verified ? 1 : 0);
  for (const auto& [claim, time] : times) {
    if (error == 0) {
      error = jwt_add_grant_int(jwt.get(), claim, absl::ToUnixSeconds(time));
    }
  }
  if (error == 0) {
    error = jwt_set_alg(jwt.get(), JWT_ALG_HS256,
                        reinterpret_cast<const unsigned char*>(key.data()),
                        static_cast<int>(key.size()));
  }
  if (error != 0) {
    return absl::InternalError("libjwt could not build the token");
  }
  const MallocString token(jwt_encode_str(jwt.get()));
  if (token == nullptr) {
    return absl::InternalError("libjwt could not encode the token");
  }
  return std::string(token.get());
}

}  // namespace opendata::auth
