// Tests of JwtVerifier: RS256 and ES256 tokens against a JWKS, HS256 only when
// configured, and a hand-made token for every refusal reason, including the
// algorithm-confusion attack (HS256 signed with the RSA public key's bytes).
// Thread-safety: not applicable (single-threaded tests).
#include "services/auth/jwt_verifier.h"

#include <catch2/catch.hpp>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/auth/jwt_signer.h"
#include "tests/auth/jwt_test_keys.h"

namespace opendata::auth {
namespace {

using testing::Base64Url;
using testing::kTestNow;
using testing::PayloadJson;
using testing::ProviderClaims;
using testing::SignedEs256;
using testing::SignedWithHmac;
using testing::SignedWithKey;

constexpr absl::string_view kHs256Key = "0123456789abcdef0123456789abcdef";
constexpr char kRsaHeader[] = R"({"alg":"RS256","kid":"rsa-1","typ":"JWT"})";
constexpr char kEcHeader[] = R"({"alg":"ES256","kid":"ec-1","typ":"JWT"})";

// One RSA and one EC key, shared by the tests (key generation is slow).
struct Keys {
  PublicKey rsa = testing::NewRsaKey();
  PublicKey ec = testing::NewEcKey();
  Jwks jwks() const { return testing::JwksOf({{"rsa-1", rsa}, {"ec-1", ec}}); }
};

const Keys& TestKeys() {
  static const Keys* keys = new Keys();
  return *keys;
}

std::unique_ptr<JwtVerifier> Verifier(bool hs256 = false,
                                      JwtVerifierOptions options = {}) {
  if (hs256) options.hs256_key = std::string(kHs256Key);
  absl::StatusOr<std::unique_ptr<JwtVerifier>> verifier =
      JwtVerifier::Create(std::move(options), TestKeys().jwks());
  INFO(verifier.status().ToString());
  REQUIRE(verifier.ok());
  return *std::move(verifier);
}

void RequireRefused(const absl::StatusOr<VerifiedToken>& result,
                    const std::string& reason) {
  INFO((result.ok() ? std::string("accepted") : result.status().ToString()));
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == absl::StatusCode::kUnauthenticated);
  CHECK_THAT(std::string(result.status().message()),
             Catch::Matchers::StartsWith(reason));
}

std::string RsaToken(const std::string& payload = PayloadJson()) {
  return SignedWithKey(kRsaHeader, payload, TestKeys().rsa.get());
}

std::string Minted(JwtAlg alg, absl::string_view kid) {
  EVP_PKEY* key =
      alg == JwtAlg::kRs256 ? TestKeys().rsa.get() : TestKeys().ec.get();
  absl::StatusOr<std::string> token = MintJwt(ProviderClaims(), alg, key, kid,
                                              kDefaultIssuer, kDefaultAudience);
  INFO(token.status().ToString());
  REQUIRE(token.ok());
  return *token;
}

TEST_CASE("JwtVerifier accepts minted RS256 and ES256 tokens", "[jwt]") {
  const auto verifier = Verifier();
  for (const auto& [alg, kid] : {std::pair{JwtAlg::kRs256, "rsa-1"},
                                 std::pair{JwtAlg::kEs256, "ec-1"}}) {
    const absl::StatusOr<VerifiedToken> verified =
        verifier->Verify(Minted(alg, kid), kTestNow);
    INFO(verified.status().ToString());
    REQUIRE(verified.ok());
    CHECK(verified->alg == alg);
    CHECK(verified->kid == kid);
    const TokenClaims want = ProviderClaims();
    CHECK(verified->claims.subject == want.subject);
    CHECK(verified->claims.role == want.role);
    CHECK(verified->claims.organization == want.organization);
    CHECK(verified->claims.level == want.level);
    CHECK(verified->claims.region == want.region);
    CHECK(verified->claims.name == want.name);
    CHECK(verified->claims.expires_at == want.expires_at);
    CHECK(verified->claims.not_before == want.not_before);
  }
}

TEST_CASE("JwtVerifier accepts a hand-made RS256 token and an aud array",
          "[jwt]") {
  const auto verifier = Verifier();
  CHECK(verifier->Verify(RsaToken(), kTestNow).ok());
  CHECK(verifier
            ->Verify(RsaToken(PayloadJson(
                         {{"aud", R"(["other-api","jining.opendata.v1"])"}})),
                     kTestNow)
            .ok());
  CHECK(verifier
            ->Verify(SignedEs256(kEcHeader, PayloadJson(), TestKeys().ec.get()),
                     kTestNow)
            .ok());
}

TEST_CASE("JwtVerifier refuses alg none and algorithms it does not know",
          "[jwt]") {
  for (const bool hs256 : {false, true}) {
    const auto verifier = Verifier(hs256);
    const std::string payload = Base64Url(PayloadJson());
    for (const char* header :
         {R"({"alg":"none","kid":"rsa-1"})", R"({"alg":"none"})",
          R"({"alg":"None"})", R"({"alg":"RS512","kid":"rsa-1"})",
          R"({"alg":"PS256","kid":"rsa-1"})", R"({"alg":"ES384","kid":"ec-1"})",
          R"({"alg":"HS512"})"}) {
      INFO(header);
      RequireRefused(
          verifier->Verify(absl::StrCat(Base64Url(header), ".", payload, "."),
                           kTestNow),
          "token_alg_not_allowed");
      // Signed properly with the RSA key, still refused.
      RequireRefused(verifier->Verify(SignedWithKey(header, PayloadJson(),
                                                    TestKeys().rsa.get()),
                                      kTestNow),
                     "token_alg_not_allowed");
    }
  }
}

TEST_CASE("JwtVerifier refuses HS256 unless an HS256 key is configured",
          "[jwt]") {
  absl::StatusOr<std::string> token =
      MintHs256(ProviderClaims(), kHs256Key, kDefaultIssuer, kDefaultAudience);
  REQUIRE(token.ok());
  RequireRefused(Verifier(/*hs256=*/false)->Verify(*token, kTestNow),
                 "token_alg_not_allowed");
  const absl::StatusOr<VerifiedToken> verified =
      Verifier(/*hs256=*/true)->Verify(*token, kTestNow);
  INFO(verified.status().ToString());
  REQUIRE(verified.ok());
  CHECK(verified->alg == JwtAlg::kHs256);
  CHECK(verified->kid.empty());
}

TEST_CASE("JwtVerifier refuses an HS256 token signed with the RSA public key",
          "[jwt]") {
  // The classic algorithm-confusion attack: the attacker knows the public key
  // and HMAC-signs a token with its bytes, hoping the verifier feeds the same
  // bytes to HMAC because the token says HS256.
  const std::string pem = testing::PublicPem(TestKeys().rsa.get());
  const std::string der = testing::PublicDer(TestKeys().rsa.get());
  const std::string jwk = testing::JwksText({{"rsa-1", TestKeys().rsa}});
  for (const bool hs256 : {false, true}) {
    const auto verifier = Verifier(hs256);
    for (const std::string& key_bytes : {pem, der, jwk}) {
      INFO("hs256 configured: " << hs256);
      RequireRefused(
          verifier->Verify(SignedWithHmac(R"({"alg":"HS256","kid":"rsa-1"})",
                                          PayloadJson(), key_bytes),
                           kTestNow),
          "token_alg_key_mismatch");
      RequireRefused(verifier->Verify(SignedWithHmac(R"({"alg":"HS256"})",
                                                     PayloadJson(), key_bytes),
                                      kTestNow),
                     hs256 ? "token_bad_signature" : "token_alg_not_allowed");
    }
  }
}

TEST_CASE("JwtVerifier refuses a header alg that does not match the key",
          "[jwt]") {
  const auto verifier = Verifier();
  RequireRefused(
      verifier->Verify(SignedWithKey(R"({"alg":"RS256","kid":"ec-1"})",
                                     PayloadJson(), TestKeys().rsa.get()),
                       kTestNow),
      "token_alg_key_mismatch");
  RequireRefused(
      verifier->Verify(SignedEs256(R"({"alg":"ES256","kid":"rsa-1"})",
                                   PayloadJson(), TestKeys().ec.get()),
                       kTestNow),
      "token_alg_key_mismatch");
}

TEST_CASE("JwtVerifier refuses a missing or unknown kid", "[jwt]") {
  const auto verifier = Verifier(/*hs256=*/true);
  RequireRefused(
      verifier->Verify(SignedWithKey(R"({"alg":"RS256"})", PayloadJson(),
                                     TestKeys().rsa.get()),
                       kTestNow),
      "token_unknown_kid");
  RequireRefused(
      verifier->Verify(
          SignedEs256(R"({"alg":"ES256"})", PayloadJson(), TestKeys().ec.get()),
          kTestNow),
      "token_unknown_kid");
  RequireRefused(
      verifier->Verify(SignedWithKey(R"({"alg":"RS256","kid":"rsa-9"})",
                                     PayloadJson(), TestKeys().rsa.get()),
                       kTestNow),
      "token_unknown_kid");
  RequireRefused(verifier->Verify(SignedWithHmac(R"({"alg":"HS256","kid":"x"})",
                                                 PayloadJson(), kHs256Key),
                                  kTestNow),
                 "token_unknown_kid");
}

TEST_CASE("JwtVerifier refuses bad signatures", "[jwt]") {
  const auto verifier = Verifier();
  const std::string token = RsaToken();
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  SECTION("payload changed after signing") {
    const std::string forged = absl::StrCat(
        parts[0], ".", Base64Url(PayloadJson({{"role", R"("REVIEWER")"}})), ".",
        parts[2]);
    RequireRefused(verifier->Verify(forged, kTestNow), "token_bad_signature");
  }
  SECTION("signed by another RSA key under the same kid") {
    const PublicKey other = testing::NewRsaKey();
    RequireRefused(
        verifier->Verify(SignedWithKey(kRsaHeader, PayloadJson(), other.get()),
                         kTestNow),
        "token_bad_signature");
  }
  SECTION("empty signature") {
    RequireRefused(
        verifier->Verify(absl::StrCat(parts[0], ".", parts[1], "."), kTestNow),
        "token_bad_signature");
  }
  SECTION("ES256 signature in DER instead of r||s") {
    RequireRefused(verifier->Verify(SignedWithKey(kEcHeader, PayloadJson(),
                                                  TestKeys().ec.get()),
                                    kTestNow),
                   "token_bad_signature");
  }
  SECTION("ES256 signature of 63 or 65 bytes") {
    const std::string es =
        SignedEs256(kEcHeader, PayloadJson(), TestKeys().ec.get());
    const std::vector<std::string> es_parts = absl::StrSplit(es, '.');
    std::string raw;
    REQUIRE(absl::WebSafeBase64Unescape(es_parts[2], &raw));
    for (const std::string& changed :
         {raw.substr(0, 63), absl::StrCat(raw, std::string(1, '\0')),
          absl::StrCat(std::string(1, '\0'), raw)}) {
      RequireRefused(
          verifier->Verify(absl::StrCat(es_parts[0], ".", es_parts[1], ".",
                                        Base64Url(changed)),
                           kTestNow),
          "token_bad_signature");
    }
  }
  SECTION("ES256 signature with r and s swapped") {
    const std::string es =
        SignedEs256(kEcHeader, PayloadJson(), TestKeys().ec.get());
    const std::vector<std::string> es_parts = absl::StrSplit(es, '.');
    std::string raw;
    REQUIRE(absl::WebSafeBase64Unescape(es_parts[2], &raw));
    const std::string swapped = absl::StrCat(raw.substr(32), raw.substr(0, 32));
    RequireRefused(verifier->Verify(absl::StrCat(es_parts[0], ".", es_parts[1],
                                                 ".", Base64Url(swapped)),
                                    kTestNow),
                   "token_bad_signature");
  }
}

TEST_CASE("JwtVerifier applies exp and nbf with the clock skew", "[jwt]") {
  const auto verifier = Verifier();
  const TokenClaims claims = ProviderClaims();
  const std::string token = RsaToken();
  CHECK(verifier->Verify(token, claims.expires_at + absl::Seconds(59)).ok());
  RequireRefused(verifier->Verify(token, claims.expires_at + absl::Seconds(60)),
                 "token_expired");
  CHECK(verifier->Verify(token, claims.not_before - absl::Seconds(60)).ok());
  RequireRefused(verifier->Verify(token, claims.not_before - absl::Seconds(61)),
                 "token_not_yet_valid");
  JwtVerifierOptions strict;
  strict.clock_skew = absl::ZeroDuration();
  RequireRefused(Verifier(false, strict)->Verify(token, claims.expires_at),
                 "token_expired");
  CHECK(Verifier(false, strict)
            ->Verify(token, claims.expires_at - absl::Seconds(1))
            .ok());
}

TEST_CASE("JwtVerifier checks issuer and audience", "[jwt]") {
  const auto verifier = Verifier();
  RequireRefused(
      verifier->Verify(RsaToken(PayloadJson({{"iss", R"("someone-else")"}})),
                       kTestNow),
      "token_wrong_issuer");
  RequireRefused(
      verifier->Verify(RsaToken(PayloadJson({{"aud", R"("other-api")"}})),
                       kTestNow),
      "token_wrong_audience");
  RequireRefused(
      verifier->Verify(RsaToken(PayloadJson({{"aud", R"(["a","b"])"}})),
                       kTestNow),
      "token_wrong_audience");
  JwtVerifierOptions staging;
  staging.issuer = "sd-idp";
  staging.audience = "staging-api";
  CHECK(Verifier(false, staging)
            ->Verify(RsaToken(PayloadJson({{"iss", R"("sd-idp")"},
                                           {"aud", R"(["staging-api"])"}})),
                     kTestNow)
            .ok());
}

TEST_CASE("JwtVerifier refuses a token missing a required claim", "[jwt]") {
  const auto verifier = Verifier();
  for (const char* claim :
       {"iss", "aud", "sub", "role", "org", "level", "region", "exp"}) {
    INFO(claim);
    RequireRefused(
        verifier->Verify(RsaToken(PayloadJson({{claim, ""}})), kTestNow),
        absl::StrCat("token_missing_claim: ", claim));
  }
  CHECK(
      verifier
          ->Verify(RsaToken(PayloadJson({{"iat", ""}, {"nbf", ""}})), kTestNow)
          .ok());
}

TEST_CASE("JwtVerifier refuses claims of the wrong type or value", "[jwt]") {
  const auto verifier = Verifier();
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"exp", R"("1767254400")"},
      {"exp", "1767254400.5"},
      {"exp", "-1"},
      {"exp", "1e300"},
      {"nbf", "true"},
      {"aud", "42"},
      {"aud", "[]"},
      {"aud", R"(["jining.opendata.v1",7])"},
      {"sub", "7"},
      {"rnv", R"("yes")"},
      {"role", R"("ROOT")"},
      {"region", R"("3708")"},
      {"sub", R"("")"},
      {"person_type", R"("NATURAL")"}};
  for (const auto& [claim, value] : bad) {
    INFO(claim << " = " << value);
    RequireRefused(
        verifier->Verify(RsaToken(PayloadJson({{claim, value}})), kTestNow),
        absl::StrCat("token_bad_claim: ", claim));
  }
}

TEST_CASE("JwtVerifier refuses malformed tokens", "[jwt]") {
  const auto verifier = Verifier(/*hs256=*/true);
  const std::string token = RsaToken();
  const std::vector<std::string> parts = absl::StrSplit(token, '.');
  const std::string payload = Base64Url(PayloadJson());
  for (const std::string& garbage :
       {std::string(), std::string("abc"),
        absl::StrCat(parts[0], ".", parts[1]), absl::StrCat(token, ".x"),
        absl::StrCat(parts[0], "=.", parts[1], ".", parts[2]),
        absl::StrCat("..", parts[2]),
        absl::StrCat(Base64Url("not json"), ".", payload, ".", parts[2]),
        absl::StrCat(Base64Url("[1]"), ".", payload, ".", parts[2]),
        absl::StrCat(Base64Url(R"({"alg":7})"), ".", payload, ".", parts[2]),
        absl::StrCat(Base64Url(R"({"alg":"RS256","kid":1})"), ".", payload, ".",
                     parts[2]),
        SignedWithKey(R"({"alg":"RS256","kid":"rsa-1","crit":["exp"]})",
                      PayloadJson(), TestKeys().rsa.get()),
        SignedWithKey(kRsaHeader, "not json", TestKeys().rsa.get()),
        SignedWithKey(kRsaHeader, "[]", TestKeys().rsa.get())}) {
    INFO(garbage);
    RequireRefused(verifier->Verify(garbage, kTestNow), "token_malformed");
  }
}

TEST_CASE("JwtVerifier refuses an oversized token before parsing it", "[jwt]") {
  const std::string token = RsaToken(PayloadJson(
      {{"name", absl::StrCat("\"", std::string(9000, 'x'), "\"")}}));
  REQUIRE(token.size() > kMaxTokenBytes);
  RequireRefused(Verifier()->Verify(token, kTestNow), "token_too_large");
}

TEST_CASE("JwtVerifier rotation: both kids verify and a removed kid is refused",
          "[jwt]") {
  const PublicKey old_key = testing::NewRsaKey();
  const PublicKey new_key = testing::NewRsaKey();
  absl::StatusOr<std::unique_ptr<JwtVerifier>> verifier = JwtVerifier::Create(
      {}, testing::JwksOf({{"2025", old_key}, {"2026", new_key}}));
  REQUIRE(verifier.ok());
  auto token = [&](const char* kid, EVP_PKEY* key) {
    absl::StatusOr<std::string> minted =
        MintJwt(ProviderClaims(), JwtAlg::kRs256, key, kid, kDefaultIssuer,
                kDefaultAudience);
    REQUIRE(minted.ok());
    return *minted;
  };
  const std::string old_token = token("2025", old_key.get());
  const std::string new_token = token("2026", new_key.get());
  CHECK((*verifier)->Verify(old_token, kTestNow).ok());
  CHECK((*verifier)->Verify(new_token, kTestNow).ok());
  // Signed by the new key but naming the old kid: the kid picks the key.
  RequireRefused((*verifier)->Verify(token("2025", new_key.get()), kTestNow),
                 "token_bad_signature");
  REQUIRE((*verifier)->ReplaceKeys(testing::JwksOf({{"2026", new_key}})).ok());
  RequireRefused((*verifier)->Verify(old_token, kTestNow), "token_unknown_kid");
  CHECK((*verifier)->Verify(new_token, kTestNow).ok());
  // Without an HS256 key, an empty set would lock everyone out.
  CHECK(absl::IsInvalidArgument((*verifier)->ReplaceKeys(Jwks{})));
  CHECK((*verifier)->Verify(new_token, kTestNow).ok());
}

TEST_CASE("JwtVerifier::Create refuses a configuration without keys", "[jwt]") {
  CHECK(absl::IsInvalidArgument(JwtVerifier::Create({}, Jwks{}).status()));
  JwtVerifierOptions short_key;
  short_key.hs256_key = "short";
  CHECK(
      absl::IsInvalidArgument(JwtVerifier::Create(short_key, Jwks{}).status()));
  JwtVerifierOptions no_audience;
  no_audience.audience = "";
  CHECK(absl::IsInvalidArgument(
      JwtVerifier::Create(no_audience, TestKeys().jwks()).status()));
  JwtVerifierOptions hs256_only;
  hs256_only.hs256_key = std::string(kHs256Key);
  CHECK(JwtVerifier::Create(hs256_only, Jwks{}).ok());
}

}  // namespace
}  // namespace opendata::auth
