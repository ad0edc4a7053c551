// HS256 JSON Web Tokens: minting and strict verification on top of libjwt and
// OpenSSL (see hs256_jwt.h).
// Thread-safety: no shared mutable state; every call works on its own libjwt
// objects.
#include "services/auth/hs256_jwt.h"

#include <jwt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/auth/key_file.h"

namespace opendata::auth {
namespace {

constexpr absl::string_view kAlgHs256 = "HS256";

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

struct MallocDeleter {
  void operator()(char* text) const { free(text); }
};
using MallocString = std::unique_ptr<char, MallocDeleter>;

enum class Presence { kRequired, kOptional };

absl::Status Refuse(absl::string_view reason, absl::string_view detail = "") {
  return absl::UnauthenticatedError(detail.empty()
                                        ? std::string(reason)
                                        : absl::StrCat(reason, ": ", detail));
}

bool IsBase64UrlSegment(absl::string_view segment) {
  return std::all_of(segment.begin(), segment.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' ||
           c == '_';
  });
}

// Decodes with libjwt. With an empty key libjwt checks no signature at all.
JwtPtr Decode(const std::string& token, absl::string_view key) {
  jwt_t* jwt = nullptr;
  const unsigned char* key_bytes =
      key.empty() ? nullptr
                  : reinterpret_cast<const unsigned char*>(key.data());
  if (jwt_decode(&jwt, token.c_str(), key_bytes,
                 static_cast<int>(key.size())) != 0) {
    return nullptr;
  }
  return JwtPtr(jwt);
}

// Constant-time comparison of signature (a base64url segment) with
// HMAC-SHA256(key, signing_input).
bool SignatureMatches(absl::string_view key, absl::string_view signing_input,
                      absl::string_view signature) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(signing_input.data()),
           signing_input.size(), mac, &mac_size) == nullptr) {
    return false;
  }
  const std::string expected = absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(mac), mac_size));
  return expected.size() == signature.size() &&
         CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) == 0;
}

// The compact JSON text of a claim, or nullopt when the claim is absent.
std::optional<std::string> ClaimJson(jwt_t* jwt, const char* claim) {
  MallocString json(jwt_get_grants_json(jwt, claim));
  if (json == nullptr) return std::nullopt;
  return std::string(json.get());
}

absl::Status ReadString(jwt_t* jwt, const char* claim, Presence presence,
                        std::string& value) {
  const std::optional<std::string> json = ClaimJson(jwt, claim);
  if (!json.has_value()) {
    return presence == Presence::kRequired
               ? Refuse("token_missing_claim", claim)
               : absl::OkStatus();
  }
  const char* text = jwt_get_grant(jwt, claim);
  if (json->front() != '"' || text == nullptr) {
    return Refuse("token_bad_claim",
                  absl::StrCat(claim, " (must be a string)"));
  }
  value = text;
  return absl::OkStatus();
}

// NumericDate: whole seconds since the Unix epoch.
absl::Status ReadTime(jwt_t* jwt, const char* claim, Presence presence,
                      absl::Time& value) {
  const std::optional<std::string> json = ClaimJson(jwt, claim);
  if (!json.has_value()) {
    return presence == Presence::kRequired
               ? Refuse("token_missing_claim", claim)
               : absl::OkStatus();
  }
  int64_t seconds = 0;
  if (!absl::SimpleAtoi(*json, &seconds) || seconds < 0) {
    return Refuse("token_bad_claim",
                  absl::StrCat(claim, " (must be a non-negative integer)"));
  }
  value = absl::FromUnixSeconds(seconds);
  return absl::OkStatus();
}

absl::Status ReadOptionalBool(jwt_t* jwt, const char* claim, bool& value) {
  const std::optional<std::string> json = ClaimJson(jwt, claim);
  if (!json.has_value()) return absl::OkStatus();
  if (*json != "true" && *json != "false") {
    return Refuse("token_bad_claim",
                  absl::StrCat(claim, " (must be a boolean)"));
  }
  value = *json == "true";
  return absl::OkStatus();
}

// Reads every claim of a verified token; absent iat/nbf read as
// absl::InfinitePast().
absl::Status ReadClaims(jwt_t* jwt, TokenClaims& claims, std::string& issuer,
                        std::string& audience) {
  claims.issued_at = absl::InfinitePast();
  claims.not_before = absl::InfinitePast();
  const absl::Status results[] = {
      ReadString(jwt, kClaimIssuer, Presence::kRequired, issuer),
      ReadString(jwt, kClaimAudience, Presence::kRequired, audience),
      ReadString(jwt, kClaimSubject, Presence::kRequired, claims.subject),
      ReadString(jwt, kClaimRole, Presence::kRequired, claims.role),
      ReadString(jwt, kClaimOrganization, Presence::kRequired,
                 claims.organization),
      ReadString(jwt, kClaimLevel, Presence::kRequired, claims.level),
      ReadString(jwt, kClaimRegion, Presence::kRequired, claims.region),
      ReadString(jwt, kClaimName, Presence::kOptional, claims.name),
      ReadString(jwt, kClaimPersonType, Presence::kOptional,
                 claims.person_type),
      ReadOptionalBool(jwt, kClaimRealNameVerified, claims.real_name_verified),
      ReadTime(jwt, kClaimIssuedAt, Presence::kOptional, claims.issued_at),
      ReadTime(jwt, kClaimNotBefore, Presence::kOptional, claims.not_before),
      ReadTime(jwt, kClaimExpiresAt, Presence::kRequired, claims.expires_at),
  };
  for (const absl::Status& status : results) {
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace

Hs256JwtVerifier::Hs256JwtVerifier(absl::string_view key,
                                   absl::string_view issuer,
                                   absl::string_view audience,
                                   absl::Duration clock_skew)
    : key_(key),
      issuer_(issuer),
      audience_(audience),
      clock_skew_(std::max(clock_skew, absl::ZeroDuration())) {}

absl::StatusOr<TokenClaims> Hs256JwtVerifier::Verify(absl::string_view token,
                                                     absl::Time now) const {
  if (key_.size() < kHs256KeyBytes) {
    return absl::FailedPreconditionError(absl::StrCat(
        "HS256 verifier key must be at least ", kHs256KeyBytes, " bytes"));
  }
  if (token.size() > kMaxTokenBytes) {
    return Refuse("token_too_large",
                  absl::StrCat("more than ", kMaxTokenBytes, " bytes"));
  }
  const std::vector<absl::string_view> segments = absl::StrSplit(token, '.');
  if (segments.size() != 3 || segments[0].empty() || segments[1].empty() ||
      !std::all_of(segments.begin(), segments.end(), IsBase64UrlSegment)) {
    return Refuse("token_malformed",
                  "expected three unpadded base64url segments");
  }
  const std::string token_text(token);

  // The header is read before any key is involved. libjwt checks no signature
  // without a key, so nothing but the header is taken from this decode.
  const JwtPtr unverified = Decode(token_text, "");
  if (unverified == nullptr) {
    return Refuse("token_malformed", "header or payload is not a JSON object");
  }
  const char* alg = jwt_get_header(unverified.get(), "alg");
  if (alg == nullptr || alg != kAlgHs256) {
    return Refuse("token_alg_not_allowed", "only HS256 is accepted");
  }
  // RFC 7515 4.1.11: a token must be refused when it lists crit extensions
  // that the recipient does not understand; this one understands none.
  if (MallocString crit(jwt_get_headers_json(unverified.get(), "crit"));
      crit != nullptr) {
    return Refuse("token_malformed",
                  "crit header extensions are not supported");
  }

  // Checked here in constant time so that the refusal names its reason and does
  // not depend on libjwt's comparison (timing-safe only since CVE-2024-25189
  // was fixed).
  const absl::string_view signing_input =
      token.substr(0, segments[0].size() + 1 + segments[1].size());
  if (!SignatureMatches(key_, signing_input, segments[2])) {
    return Refuse("token_bad_signature");
  }

  // libjwt verifies again with the key. It takes the algorithm from the header
  // (an HS512 token passes with an HS256 key), so the algorithm of the
  // verified token is checked once more.
  const JwtPtr jwt = Decode(token_text, key_);
  if (jwt == nullptr) return Refuse("token_malformed", "refused by libjwt");
  if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256) {
    return Refuse("token_alg_not_allowed", "only HS256 is accepted");
  }

  TokenClaims claims;
  std::string issuer;
  std::string audience;
  if (absl::Status status = ReadClaims(jwt.get(), claims, issuer, audience);
      !status.ok()) {
    return status;
  }
  if (issuer != issuer_) return Refuse("token_wrong_issuer");
  if (audience != audience_) return Refuse("token_wrong_audience");
  if (now >= claims.expires_at + clock_skew_) return Refuse("token_expired");
  if (now + clock_skew_ < claims.not_before) {
    return Refuse("token_not_yet_valid");
  }
  if (absl::Status status = ValidateClaimValues(claims); !status.ok()) {
    return Refuse("token_bad_claim", status.message());
  }
  return claims;
}

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
