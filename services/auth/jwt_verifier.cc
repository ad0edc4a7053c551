// Implementation of jwt_verifier.h: compact JWS parsing, signature checks with
// OpenSSL EVP (HMAC-SHA256, RSASSA-PKCS1-v1_5 SHA-256, ECDSA P-256 SHA-256) and
// the claim checks. JSON is read with protobuf's google.protobuf.Struct.
// Thread-safety: see jwt_verifier.h.
#include "services/auth/jwt_verifier.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/auth/key_file.h"

namespace opendata::auth {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// Largest NumericDate accepted: 9999-12-31T23:59:59Z.
constexpr double kMaxNumericDate = 253402300799.0;
constexpr size_t kEs256SignatureBytes = 64;

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

std::optional<Struct> DecodeJsonSegment(absl::string_view segment) {
  std::string json;
  if (!absl::WebSafeBase64Unescape(segment, &json)) return std::nullopt;
  Struct object;
  if (!google::protobuf::util::JsonStringToMessage(json, &object).ok()) {
    return std::nullopt;
  }
  return object;
}

const Value* Member(const Struct& object, const char* name) {
  const auto it = object.fields().find(name);
  return it == object.fields().end() ? nullptr : &it->second;
}

absl::Status ReadString(const Struct& payload, const char* claim,
                        Presence presence, std::string& value) {
  const Value* member = Member(payload, claim);
  if (member == nullptr) {
    return presence == Presence::kRequired
               ? Refuse("token_missing_claim", claim)
               : absl::OkStatus();
  }
  if (member->kind_case() != Value::kStringValue) {
    return Refuse("token_bad_claim",
                  absl::StrCat(claim, " (must be a string)"));
  }
  value = member->string_value();
  return absl::OkStatus();
}

// NumericDate: whole seconds since the Unix epoch.
absl::Status ReadTime(const Struct& payload, const char* claim,
                      Presence presence, absl::Time& value) {
  const Value* member = Member(payload, claim);
  if (member == nullptr) {
    return presence == Presence::kRequired
               ? Refuse("token_missing_claim", claim)
               : absl::OkStatus();
  }
  const double seconds = member->number_value();
  if (member->kind_case() != Value::kNumberValue || seconds < 0 ||
      seconds > kMaxNumericDate || std::trunc(seconds) != seconds) {
    return Refuse("token_bad_claim",
                  absl::StrCat(claim, " (must be a non-negative integer)"));
  }
  value = absl::FromUnixSeconds(static_cast<int64_t>(seconds));
  return absl::OkStatus();
}

absl::Status ReadOptionalBool(const Struct& payload, const char* claim,
                              bool& value) {
  const Value* member = Member(payload, claim);
  if (member == nullptr) return absl::OkStatus();
  if (member->kind_case() != Value::kBoolValue) {
    return Refuse("token_bad_claim",
                  absl::StrCat(claim, " (must be a boolean)"));
  }
  value = member->bool_value();
  return absl::OkStatus();
}

// aud: one string or an array of strings (RFC 7519 4.1.3).
absl::Status ReadAudience(const Struct& payload,
                          std::vector<std::string>& audiences) {
  const Value* member = Member(payload, kClaimAudience);
  if (member == nullptr) return Refuse("token_missing_claim", kClaimAudience);
  if (member->kind_case() == Value::kStringValue) {
    audiences.push_back(member->string_value());
    return absl::OkStatus();
  }
  const absl::Status bad =
      Refuse("token_bad_claim",
             absl::StrCat(kClaimAudience,
                          " (must be a string or an array of strings)"));
  if (member->kind_case() != Value::kListValue ||
      member->list_value().values().empty()) {
    return bad;
  }
  for (const Value& audience : member->list_value().values()) {
    if (audience.kind_case() != Value::kStringValue) return bad;
    audiences.push_back(audience.string_value());
  }
  return absl::OkStatus();
}

absl::Status ReadClaims(const Struct& payload, TokenClaims& claims,
                        std::string& issuer,
                        std::vector<std::string>& audiences) {
  claims.issued_at = absl::InfinitePast();
  claims.not_before = absl::InfinitePast();
  const absl::Status results[] = {
      ReadString(payload, kClaimIssuer, Presence::kRequired, issuer),
      ReadAudience(payload, audiences),
      ReadString(payload, kClaimSubject, Presence::kRequired, claims.subject),
      ReadString(payload, kClaimRole, Presence::kRequired, claims.role),
      ReadString(payload, kClaimOrganization, Presence::kRequired,
                 claims.organization),
      ReadString(payload, kClaimLevel, Presence::kRequired, claims.level),
      ReadString(payload, kClaimRegion, Presence::kRequired, claims.region),
      ReadString(payload, kClaimName, Presence::kOptional, claims.name),
      ReadString(payload, kClaimPersonType, Presence::kOptional,
                 claims.person_type),
      ReadOptionalBool(payload, kClaimRealNameVerified,
                       claims.real_name_verified),
      ReadTime(payload, kClaimIssuedAt, Presence::kOptional, claims.issued_at),
      ReadTime(payload, kClaimNotBefore, Presence::kOptional,
               claims.not_before),
      ReadTime(payload, kClaimExpiresAt, Presence::kRequired,
               claims.expires_at),
  };
  for (const absl::Status& status : results) {
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

bool HmacMatches(absl::string_view key, absl::string_view signing_input,
                 absl::string_view signature) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(signing_input.data()),
           signing_input.size(), mac, &mac_size) == nullptr) {
    return false;
  }
  return signature.size() == mac_size &&
         CRYPTO_memcmp(mac, signature.data(), mac_size) == 0;
}

// JOSE ES256 signatures are r||s (32 bytes each); OpenSSL wants DER.
std::optional<std::string> Es256ToDer(absl::string_view raw) {
  ECDSA_SIG* sig = ECDSA_SIG_new();
  if (sig == nullptr) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  BIGNUM* r = BN_bin2bn(bytes, 32, nullptr);
  BIGNUM* s = BN_bin2bn(bytes + 32, 32, nullptr);
  if (r == nullptr || s == nullptr || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  const int size = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (size <= 0) return std::nullopt;
  std::string result(reinterpret_cast<const char*>(der), size);
  OPENSSL_free(der);
  return result;
}

bool PublicKeyVerifies(EVP_PKEY* key, absl::string_view signing_input,
                       absl::string_view signature) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return false;
  const bool ok =
      EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(
          ctx, reinterpret_cast<const unsigned char*>(signature.data()),
          signature.size(),
          reinterpret_cast<const unsigned char*>(signing_input.data()),
          signing_input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

absl::Status CheckSignature(const Jwk* jwk, JwtAlg alg,
                            absl::string_view hs256_key,
                            absl::string_view signing_input,
                            absl::string_view signature_segment) {
  std::string signature;
  if (!absl::WebSafeBase64Unescape(signature_segment, &signature)) {
    return Refuse("token_bad_signature", "not base64url");
  }
  switch (alg) {
    case JwtAlg::kHs256:
      if (HmacMatches(hs256_key, signing_input, signature))
        return absl::OkStatus();
      break;
    case JwtAlg::kRs256:
      if (PublicKeyVerifies(jwk->key.get(), signing_input, signature))
        return absl::OkStatus();
      break;
    case JwtAlg::kEs256: {
      if (signature.size() != kEs256SignatureBytes) {
        return Refuse("token_bad_signature",
                      "an ES256 signature is 64 bytes (r||s)");
      }
      const std::optional<std::string> der = Es256ToDer(signature);
      if (der.has_value() &&
          PublicKeyVerifies(jwk->key.get(), signing_input, *der))
        return absl::OkStatus();
      break;
    }
  }
  return Refuse("token_bad_signature");
}

std::optional<JwtAlg> ParseAlg(absl::string_view name) {
  if (name == kAlgRs256) return JwtAlg::kRs256;
  if (name == kAlgEs256) return JwtAlg::kEs256;
  if (name == kAlgHs256) return JwtAlg::kHs256;
  return std::nullopt;
}

}  // namespace

absl::string_view JwtAlgName(JwtAlg alg) {
  switch (alg) {
    case JwtAlg::kRs256:
      return kAlgRs256;
    case JwtAlg::kEs256:
      return kAlgEs256;
    case JwtAlg::kHs256:
      break;
  }
  return kAlgHs256;
}

absl::StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::Create(
    JwtVerifierOptions options, Jwks jwks) {
  if (!options.hs256_key.empty() && options.hs256_key.size() < kHs256KeyBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the HS256 key must be at least ", kHs256KeyBytes, " bytes"));
  }
  if (options.hs256_key.empty() && jwks.keys.empty()) {
    return absl::InvalidArgumentError(
        "no token keys: configure a JWKS file or a development HS256 key");
  }
  if (options.issuer.empty() || options.audience.empty()) {
    return absl::InvalidArgumentError(
        "the token issuer and audience must not be empty");
  }
  return std::unique_ptr<JwtVerifier>(
      new JwtVerifier(std::move(options), std::move(jwks)));
}

JwtVerifier::JwtVerifier(JwtVerifierOptions options, Jwks jwks)
    : options_(std::move(options)),
      jwks_(std::make_shared<const Jwks>(std::move(jwks))) {}

std::shared_ptr<const Jwks> JwtVerifier::keys() const {
  absl::MutexLock lock(&mu_);
  return jwks_;
}

absl::Status JwtVerifier::ReplaceKeys(Jwks jwks) {
  if (options_.hs256_key.empty() && jwks.keys.empty()) {
    return absl::InvalidArgumentError(
        "refusing an empty JWKS: no HS256 key is configured either");
  }
  auto replacement = std::make_shared<const Jwks>(std::move(jwks));
  absl::MutexLock lock(&mu_);
  jwks_ = std::move(replacement);
  return absl::OkStatus();
}

absl::StatusOr<VerifiedToken> JwtVerifier::Verify(absl::string_view token,
                                                  absl::Time now) const {
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
  const std::optional<Struct> header = DecodeJsonSegment(segments[0]);
  if (!header.has_value()) {
    return Refuse("token_malformed", "the header is not a JSON object");
  }
  const Value* alg_member = Member(*header, "alg");
  const Value* kid_member = Member(*header, "kid");
  if (alg_member == nullptr || alg_member->kind_case() != Value::kStringValue ||
      (kid_member != nullptr &&
       kid_member->kind_case() != Value::kStringValue)) {
    return Refuse("token_malformed", "alg and kid must be strings");
  }
  // RFC 7515 4.1.11: crit extensions must be understood; none are.
  if (Member(*header, "crit") != nullptr) {
    return Refuse("token_malformed",
                  "crit header extensions are not supported");
  }
  const std::optional<JwtAlg> alg = ParseAlg(alg_member->string_value());
  if (!alg.has_value()) {
    return Refuse("token_alg_not_allowed", "only RS256, ES256 and HS256");
  }
  const std::string kid =
      kid_member == nullptr ? std::string() : kid_member->string_value();

  // The key decides the algorithm: a kid names a key, and the key verifies
  // exactly one algorithm.
  const std::shared_ptr<const Jwks> jwks = keys();
  const Jwk* jwk = kid.empty() ? nullptr : jwks->Find(kid);
  if (jwk != nullptr && jwk->alg != JwtAlgName(*alg)) {
    return Refuse("token_alg_key_mismatch",
                  absl::StrCat("key \"", kid, "\" verifies only ", jwk->alg));
  }
  if (*alg == JwtAlg::kHs256) {
    if (options_.hs256_key.empty()) {
      return Refuse("token_alg_not_allowed", "HS256 is not configured");
    }
    if (!kid.empty()) {
      return Refuse("token_unknown_kid", "HS256 tokens carry no kid");
    }
  } else if (jwk == nullptr) {
    return Refuse("token_unknown_kid", kid.empty() ? "the header has no kid"
                                                   : "no key with this kid");
  }
  const absl::string_view signing_input =
      token.substr(0, segments[0].size() + 1 + segments[1].size());
  if (absl::Status status = CheckSignature(jwk, *alg, options_.hs256_key,
                                           signing_input, segments[2]);
      !status.ok()) {
    return status;
  }

  const std::optional<Struct> payload = DecodeJsonSegment(segments[1]);
  if (!payload.has_value()) {
    return Refuse("token_malformed", "the payload is not a JSON object");
  }
  VerifiedToken verified;
  verified.alg = *alg;
  verified.kid = kid;
  TokenClaims& claims = verified.claims;
  std::string issuer;
  std::vector<std::string> audiences;
  if (absl::Status status = ReadClaims(*payload, claims, issuer, audiences);
      !status.ok()) {
    return status;
  }
  if (issuer != options_.issuer) return Refuse("token_wrong_issuer");
  if (std::find(audiences.begin(), audiences.end(), options_.audience) ==
      audiences.end()) {
    return Refuse("token_wrong_audience");
  }
  const absl::Duration skew =
      std::max(options_.clock_skew, absl::ZeroDuration());
  if (now >= claims.expires_at + skew) return Refuse("token_expired");
  if (now + skew < claims.not_before) return Refuse("token_not_yet_valid");
  if (absl::Status status = ValidateClaimValues(claims); !status.ok()) {
    return Refuse("token_bad_claim", status.message());
  }
  return verified;
}

}  // namespace opendata::auth
