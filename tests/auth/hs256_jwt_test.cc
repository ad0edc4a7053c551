// Tests of MintHs256 and of JwtVerifier's HS256 path (an HS256 key configured,
// no JWKS), with hand-crafted hostile tokens for every refusal reason.
// Thread-safety: not applicable (single-threaded tests).
#include "services/auth/hs256_jwt.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "services/auth/jwt_verifier.h"

namespace opendata::auth {
namespace {

constexpr absl::string_view kKey = "0123456789abcdef0123456789abcdef";
constexpr absl::string_view kOtherKey = "fedcba9876543210fedcba9876543210";
constexpr absl::string_view kHs256Header = R"({"alg":"HS256","typ":"JWT"})";
constexpr absl::Time kNow =
    absl::FromUnixSeconds(1767225600);  // 2026-01-01T00:00:00Z

// JwtVerifier with only an HS256 key, returning the claims.
class Hs256JwtVerifier {
 public:
  explicit Hs256JwtVerifier(absl::string_view key,
                            absl::string_view issuer = kDefaultIssuer,
                            absl::string_view audience = kDefaultAudience,
                            absl::Duration clock_skew = kDefaultClockSkew) {
    JwtVerifierOptions options;
    options.hs256_key = std::string(key);
    options.issuer = std::string(issuer);
    options.audience = std::string(audience);
    options.clock_skew = clock_skew;
    verifier_ = JwtVerifier::Create(std::move(options), Jwks{});
  }

  absl::StatusOr<TokenClaims> Verify(absl::string_view token,
                                     absl::Time now) const {
    if (!verifier_.ok()) return verifier_.status();
    absl::StatusOr<VerifiedToken> verified = (*verifier_)->Verify(token, now);
    if (!verified.ok()) return verified.status();
    return verified->claims;
  }

 private:
  absl::StatusOr<std::unique_ptr<JwtVerifier>> verifier_;
};

// Claim name to its raw JSON value.
using JsonObject = std::map<std::string, std::string>;

std::string Quoted(absl::string_view text) {
  return absl::StrCat("\"", text, "\"");
}

std::string Seconds(absl::Time time) {
  return absl::StrCat(absl::ToUnixSeconds(time));
}

JsonObject ValidPayload() {
  return {{"iss", Quoted(kDefaultIssuer)},
          {"aud", Quoted(kDefaultAudience)},
          {"sub", Quoted("provider-1")},
          {"role", Quoted("PROVIDER")},
          {"org", Quoted("rencheng-stats-bureau")},
          {"level", Quoted("COUNTY")},
          {"region", Quoted("370811")},
          {"iat", Seconds(kNow - absl::Minutes(1))},
          {"nbf", Seconds(kNow - absl::Minutes(1))},
          {"exp", Seconds(kNow + absl::Hours(1))}};
}

std::string ToJson(const JsonObject& object) {
  return absl::StrCat("{",
                      absl::StrJoin(object, ",",
                                    [](std::string* out, const auto& member) {
                                      absl::StrAppend(out, Quoted(member.first),
                                                      ":", member.second);
                                    }),
                      "}");
}

std::string Base64Url(absl::string_view bytes) {
  return absl::WebSafeBase64Escape(bytes);
}

std::string Hmac(const EVP_MD* digest, absl::string_view key,
                 absl::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(digest, key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac,
       &size);
  return std::string(reinterpret_cast<const char*>(mac), size);
}

// header.payload.HMAC(digest, key) with any header, so that hostile headers can
// be signed properly.
std::string SignedToken(absl::string_view header, const JsonObject& payload,
                        absl::string_view key = kKey,
                        const EVP_MD* digest = EVP_sha256()) {
  const std::string input =
      absl::StrCat(Base64Url(header), ".", Base64Url(ToJson(payload)));
  return absl::StrCat(input, ".", Base64Url(Hmac(digest, key, input)));
}

// The same with a payload that need not be JSON.
std::string SignedRawToken(absl::string_view header,
                           absl::string_view payload) {
  const std::string input =
      absl::StrCat(Base64Url(header), ".", Base64Url(payload));
  return absl::StrCat(input, ".", Base64Url(Hmac(EVP_sha256(), kKey, input)));
}

std::string ValidToken() { return SignedToken(kHs256Header, ValidPayload()); }

void RequireRefused(const absl::StatusOr<TokenClaims>& result,
                    const std::string& reason) {
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == absl::StatusCode::kUnauthenticated);
  CHECK_THAT(std::string(result.status().message()),
             Catch::Matchers::StartsWith(reason));
}

TokenClaims UserClaims() {
  TokenClaims claims;
  claims.subject = "user-42";
  claims.role = "USER";
  claims.organization = "public";
  claims.level = "CITY";
  claims.region = "3708";
  claims.name = "张三";
  claims.person_type = "NATURAL";
  claims.real_name_verified = true;
  claims.issued_at = kNow;
  claims.not_before = kNow;
  claims.expires_at = kNow + absl::Hours(8);
  return claims;
}

TEST_CASE("MintHs256 and Verify round-trip every claim", "[hs256]") {
  const TokenClaims minted = UserClaims();
  const absl::StatusOr<std::string> token =
      MintHs256(minted, kKey, kDefaultIssuer, kDefaultAudience);
  REQUIRE(token.ok());
  const absl::StatusOr<TokenClaims> claims =
      Hs256JwtVerifier(kKey).Verify(*token, kNow + absl::Hours(1));
  REQUIRE(claims.ok());
  CHECK(claims->subject == minted.subject);
  CHECK(claims->role == minted.role);
  CHECK(claims->organization == minted.organization);
  CHECK(claims->level == minted.level);
  CHECK(claims->region == minted.region);
  CHECK(claims->name == minted.name);
  CHECK(claims->person_type == minted.person_type);
  CHECK(claims->real_name_verified);
  CHECK(claims->issued_at == minted.issued_at);
  CHECK(claims->not_before == minted.not_before);
  CHECK(claims->expires_at == minted.expires_at);
}

TEST_CASE("Minted token has an HS256 JWT header", "[hs256]") {
  const absl::StatusOr<std::string> token =
      MintHs256(UserClaims(), kKey, kDefaultIssuer, kDefaultAudience);
  REQUIRE(token.ok());
  const std::vector<std::string> segments = absl::StrSplit(*token, '.');
  REQUIRE(segments.size() == 3);
  std::string header;
  REQUIRE(absl::WebSafeBase64Unescape(segments[0], &header));
  CHECK_THAT(header, Catch::Matchers::Contains(R"("alg":"HS256")"));
}

TEST_CASE("Verify accepts a hand-made token and fills defaults", "[hs256]") {
  JsonObject payload = ValidPayload();
  payload.erase("iat");
  payload.erase("nbf");
  const absl::StatusOr<TokenClaims> claims = Hs256JwtVerifier(kKey).Verify(
      SignedToken(R"({"alg":"HS256"})", payload), kNow);
  REQUIRE(claims.ok());
  CHECK(claims->subject == "provider-1");
  CHECK(claims->name.empty());
  CHECK(claims->person_type.empty());
  CHECK_FALSE(claims->real_name_verified);
  CHECK(claims->issued_at == absl::InfinitePast());
  CHECK(claims->not_before == absl::InfinitePast());
  CHECK(claims->expires_at == kNow + absl::Hours(1));
}

TEST_CASE("Verify refuses alg none", "[hs256]") {
  const Hs256JwtVerifier verifier(kKey);
  const std::string unsigned_part =
      absl::StrCat(Base64Url(R"({"alg":"none","typ":"JWT"})"), ".",
                   Base64Url(ToJson(ValidPayload())));
  SECTION("with an empty signature") {
    RequireRefused(verifier.Verify(unsigned_part + ".", kNow),
                   "token_alg_not_allowed");
  }
  SECTION("with the signature of a valid token") {
    const std::string valid = ValidToken();
    const std::string signature = valid.substr(valid.rfind('.') + 1);
    RequireRefused(verifier.Verify(unsigned_part + "." + signature, kNow),
                   "token_alg_not_allowed");
  }
  SECTION("signed with HMAC-SHA256 over the none header") {
    RequireRefused(
        verifier.Verify(SignedToken(R"({"alg":"none"})", ValidPayload()), kNow),
        "token_alg_not_allowed");
  }
  SECTION("spelled in capitals") {
    const absl::StatusOr<TokenClaims> result = verifier.Verify(
        SignedToken(R"({"alg":"NONE","typ":"JWT"})", ValidPayload()), kNow);
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().code() == absl::StatusCode::kUnauthenticated);
  }
}

TEST_CASE("Verify refuses every algorithm but HS256, even with the right key",
          "[hs256]") {
  // RS256 and ES256 are allowed algorithms, but only with a kid naming a JWKS
  // key, and this verifier has none.
  const Hs256JwtVerifier verifier(kKey);
  SECTION("HS384") {
    RequireRefused(
        verifier.Verify(SignedToken(R"({"alg":"HS384","typ":"JWT"})",
                                    ValidPayload(), kKey, EVP_sha384()),
                        kNow),
        "token_alg_not_allowed");
  }
  SECTION("HS512") {
    RequireRefused(
        verifier.Verify(SignedToken(R"({"alg":"HS512","typ":"JWT"})",
                                    ValidPayload(), kKey, EVP_sha512()),
                        kNow),
        "token_alg_not_allowed");
  }
  SECTION("RS256 header with an HMAC-SHA256 signature (key confusion)") {
    RequireRefused(verifier.Verify(SignedToken(R"({"alg":"RS256","typ":"JWT"})",
                                               ValidPayload()),
                                   kNow),
                   "token_unknown_kid");
  }
  SECTION("ES256 header") {
    RequireRefused(verifier.Verify(SignedToken(R"({"alg":"ES256","typ":"JWT"})",
                                               ValidPayload()),
                                   kNow),
                   "token_unknown_kid");
  }
  SECTION("no alg at all") {
    const absl::StatusOr<TokenClaims> result =
        verifier.Verify(SignedToken(R"({"typ":"JWT"})", ValidPayload()), kNow);
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().code() == absl::StatusCode::kUnauthenticated);
  }
}

TEST_CASE("Verify refuses a bad signature", "[hs256]") {
  const Hs256JwtVerifier verifier(kKey);
  const std::string valid = ValidToken();
  const size_t payload_start = valid.find('.') + 1;
  const size_t signature_start = valid.rfind('.') + 1;
  SECTION("tampered payload keeping the original signature") {
    JsonObject payload = ValidPayload();
    payload["role"] = Quoted("OPERATOR");
    const std::string tampered =
        absl::StrCat(valid.substr(0, payload_start), Base64Url(ToJson(payload)),
                     ".", valid.substr(signature_start));
    RequireRefused(verifier.Verify(tampered, kNow), "token_bad_signature");
  }
  SECTION("signed with another key") {
    RequireRefused(
        verifier.Verify(SignedToken(kHs256Header, ValidPayload(), kOtherKey),
                        kNow),
        "token_bad_signature");
  }
  SECTION("verified with another key") {
    RequireRefused(Hs256JwtVerifier(kOtherKey).Verify(valid, kNow),
                   "token_bad_signature");
  }
  SECTION("empty signature") {
    RequireRefused(verifier.Verify(valid.substr(0, signature_start), kNow),
                   "token_bad_signature");
  }
  SECTION("truncated signature") {
    RequireRefused(verifier.Verify(valid.substr(0, valid.size() - 1), kNow),
                   "token_bad_signature");
  }
  SECTION("signature with one character changed") {
    std::string changed = valid;
    changed[signature_start] = changed[signature_start] == 'A' ? 'B' : 'A';
    RequireRefused(verifier.Verify(changed, kNow), "token_bad_signature");
  }
}

TEST_CASE("Verify applies exp with the clock skew", "[hs256]") {
  const Hs256JwtVerifier verifier(kKey);
  JsonObject payload = ValidPayload();
  SECTION("expired beyond the skew") {
    payload["exp"] = Seconds(kNow - absl::Seconds(61));
    RequireRefused(verifier.Verify(SignedToken(kHs256Header, payload), kNow),
                   "token_expired");
  }
  SECTION("expired exactly by the skew") {
    payload["exp"] = Seconds(kNow - absl::Seconds(60));
    RequireRefused(verifier.Verify(SignedToken(kHs256Header, payload), kNow),
                   "token_expired");
  }
  SECTION("expired within the skew") {
    payload["exp"] = Seconds(kNow - absl::Seconds(30));
    CHECK(verifier.Verify(SignedToken(kHs256Header, payload), kNow).ok());
  }
  SECTION("no skew") {
    payload["exp"] = Seconds(kNow);
    RequireRefused(Hs256JwtVerifier(kKey, kDefaultIssuer, kDefaultAudience,
                                    absl::ZeroDuration())
                       .Verify(SignedToken(kHs256Header, payload), kNow),
                   "token_expired");
  }
}

TEST_CASE("Verify applies nbf with the clock skew", "[hs256]") {
  const Hs256JwtVerifier verifier(kKey);
  JsonObject payload = ValidPayload();
  SECTION("not yet valid beyond the skew") {
    payload["nbf"] = Seconds(kNow + absl::Seconds(61));
    RequireRefused(verifier.Verify(SignedToken(kHs256Header, payload), kNow),
                   "token_not_yet_valid");
  }
  SECTION("not yet valid within the skew") {
    payload["nbf"] = Seconds(kNow + absl::Seconds(60));
    CHECK(verifier.Verify(SignedToken(kHs256Header, payload), kNow).ok());
  }
}

TEST_CASE("Verify checks issuer and audience", "[hs256]") {
  const Hs256JwtVerifier verifier(kKey);
  JsonObject payload = ValidPayload();
  SECTION("wrong issuer") {
    payload["iss"] = Quoted("somebody-else");
    RequireRefused(verifier.Verify(SignedToken(kHs256Header, payload), kNow),
                   "token_wrong_issuer");
  }
  SECTION("wrong audience") {
    payload["aud"] = Quoted("jining.opendata.v2");
    RequireRefused(verifier.Verify(SignedToken(kHs256Header, payload), kNow),
                   "token_wrong_audience");
  }
  SECTION("audience as an array (RFC 7519 4.1.3) must contain ours") {
    payload["aud"] = absl::StrCat("[", Quoted(kDefaultAudience), "]");
    CHECK(verifier.Verify(SignedToken(kHs256Header, payload), kNow).ok());
    payload["aud"] = absl::StrCat("[", Quoted("other"), "]");
    RequireRefused(verifier.Verify(SignedToken(kHs256Header, payload), kNow),
                   "token_wrong_audience");
    payload["aud"] = "[1]";
    RequireRefused(verifier.Verify(SignedToken(kHs256Header, payload), kNow),
                   "token_bad_claim: aud");
  }
  SECTION("a verifier configured for another issuer and audience") {
    payload["iss"] = Quoted("staging");
    payload["aud"] = Quoted("staging-api");
    CHECK(Hs256JwtVerifier(kKey, "staging", "staging-api")
              .Verify(SignedToken(kHs256Header, payload), kNow)
              .ok());
  }
}

TEST_CASE("Verify refuses a token missing a required claim", "[hs256]") {
  const std::string claim = GENERATE(as<std::string>{}, "iss", "aud", "sub",
                                     "role", "org", "level", "region", "exp");
  JsonObject payload = ValidPayload();
  payload.erase(claim);
  RequireRefused(
      Hs256JwtVerifier(kKey).Verify(SignedToken(kHs256Header, payload), kNow),
      "token_missing_claim: " + claim);
}

TEST_CASE("Verify refuses bad claim values and types", "[hs256]") {
  struct Case {
    std::string claim;
    std::string json;
  };
  const Case bad = GENERATE(values<Case>({
      {"role", Quoted("ADMIN")},
      {"role", Quoted("provider")},
      {"role", "7"},
      {"level", Quoted("PROVINCE")},
      {"region", Quoted("37081")},
      {"region", Quoted("37A811")},
      {"region", Quoted("3708")},  // COUNTY level needs 6 digits.
      {"sub", Quoted("")},
      {"org", Quoted("")},
      {"org", "null"},
      {"person_type", Quoted("NATURAL")},  // Only for role USER.
      {"exp", Quoted("1767229200")},
      {"exp", "1767229200.5"},
      {"nbf", "-5"},
      {"iat", "true"},
      {"rnv", Quoted("yes")},
      {"rnv", "1"},
      {"name", "{}"},
  }));
  JsonObject payload = ValidPayload();
  payload[bad.claim] = bad.json;
  INFO(bad.claim << " = " << bad.json);
  RequireRefused(
      Hs256JwtVerifier(kKey).Verify(SignedToken(kHs256Header, payload), kNow),
      "token_bad_claim: " + bad.claim);
}

TEST_CASE("Verify checks person_type and region against role and level",
          "[hs256]") {
  const Hs256JwtVerifier verifier(kKey);
  JsonObject payload = ValidPayload();
  payload["role"] = Quoted("USER");
  SECTION("USER without person_type") {
    RequireRefused(verifier.Verify(SignedToken(kHs256Header, payload), kNow),
                   "token_bad_claim: person_type");
  }
  SECTION("USER with an unknown person_type") {
    payload["person_type"] = Quoted("ROBOT");
    RequireRefused(verifier.Verify(SignedToken(kHs256Header, payload), kNow),
                   "token_bad_claim: person_type");
  }
  SECTION("USER with a person_type") {
    payload["person_type"] = Quoted("LEGAL");
    payload["rnv"] = "true";
    const absl::StatusOr<TokenClaims> claims =
        verifier.Verify(SignedToken(kHs256Header, payload), kNow);
    REQUIRE(claims.ok());
    CHECK(claims->person_type == "LEGAL");
    CHECK(claims->real_name_verified);
  }
  SECTION("CITY level with a county code") {
    payload["person_type"] = Quoted("LEGAL");
    payload["level"] = Quoted("CITY");
    RequireRefused(verifier.Verify(SignedToken(kHs256Header, payload), kNow),
                   "token_bad_claim: region");
  }
}

TEST_CASE("Verify refuses garbage as token_malformed", "[hs256]") {
  const std::string valid = ValidToken();
  const std::string header = valid.substr(0, valid.find('.'));
  const std::string garbage = GENERATE_COPY(
      std::string(), std::string("abc"), std::string("a.b"),
      std::string("a.b.c.d"), std::string(".."), valid + ".", "." + valid,
      valid + "=", " " + valid, valid + "\n",
      "!!!." + valid.substr(valid.find('.') + 1),
      Base64Url("not json") + "." + Base64Url(ToJson(ValidPayload())) + ".sig",
      // The payload is read only once the signature holds, so these are
      // signed.
      SignedRawToken(kHs256Header, "not json"),
      SignedRawToken(kHs256Header, "{\"sub\":"),
      Base64Url("{\"alg\":\"HS256\"") + "." +
          Base64Url(ToJson(ValidPayload())) + ".sig");
  INFO("token: " << garbage);
  RequireRefused(Hs256JwtVerifier(kKey).Verify(garbage, kNow),
                 "token_malformed");
}

TEST_CASE("Verify refuses crit header extensions", "[hs256]") {
  RequireRefused(Hs256JwtVerifier(kKey).Verify(
                     SignedToken(R"({"alg":"HS256","crit":["exp"],"exp":1})",
                                 ValidPayload()),
                     kNow),
                 "token_malformed");
}

TEST_CASE("Verify refuses a signed payload that is not a claims object",
          "[hs256]") {
  const std::string input =
      absl::StrCat(Base64Url(kHs256Header), ".", Base64Url("[1,2]"));
  const std::string token =
      absl::StrCat(input, ".", Base64Url(Hmac(EVP_sha256(), kKey, input)));
  const absl::StatusOr<TokenClaims> result =
      Hs256JwtVerifier(kKey).Verify(token, kNow);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == absl::StatusCode::kUnauthenticated);
}

TEST_CASE("Verify refuses an oversized token before parsing it", "[hs256]") {
  JsonObject payload = ValidPayload();
  payload["name"] = Quoted(std::string(kMaxTokenBytes, 'x'));
  const std::string token = SignedToken(kHs256Header, payload);
  REQUIRE(token.size() > kMaxTokenBytes);
  RequireRefused(Hs256JwtVerifier(kKey).Verify(token, kNow), "token_too_large");
  RequireRefused(
      Hs256JwtVerifier(kKey).Verify(std::string(kMaxTokenBytes + 1, 'a'), kNow),
      "token_too_large");
}

TEST_CASE("A verifier with a short key refuses to work", "[hs256]") {
  const absl::StatusOr<TokenClaims> result =
      Hs256JwtVerifier("short").Verify(ValidToken(), kNow);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("MintHs256 refuses what Verify would refuse", "[hs256]") {
  TokenClaims claims = UserClaims();
  SECTION("short key") {
    CHECK(absl::IsInvalidArgument(
        MintHs256(claims, "short", kDefaultIssuer, kDefaultAudience).status()));
  }
  SECTION("empty issuer") {
    CHECK(absl::IsInvalidArgument(
        MintHs256(claims, kKey, "", kDefaultAudience).status()));
  }
  SECTION("unknown role") {
    claims.role = "ADMIN";
    CHECK(absl::IsInvalidArgument(
        MintHs256(claims, kKey, kDefaultIssuer, kDefaultAudience).status()));
  }
  SECTION("exp not after iat") {
    claims.expires_at = claims.issued_at;
    CHECK(absl::IsInvalidArgument(
        MintHs256(claims, kKey, kDefaultIssuer, kDefaultAudience).status()));
  }
  SECTION("infinite exp") {
    claims.expires_at = absl::InfiniteFuture();
    CHECK(absl::IsInvalidArgument(
        MintHs256(claims, kKey, kDefaultIssuer, kDefaultAudience).status()));
  }
  SECTION("NUL in a claim") {
    claims.name = std::string("a\0b", 3);
    CHECK(absl::IsInvalidArgument(
        MintHs256(claims, kKey, kDefaultIssuer, kDefaultAudience).status()));
  }
  SECTION("invalid UTF-8 in a claim") {
    claims.name = "\xff\xfe";
    CHECK(absl::IsInvalidArgument(
        MintHs256(claims, kKey, kDefaultIssuer, kDefaultAudience).status()));
  }
}

}  // namespace
}  // namespace opendata::auth
