// Implementation of jwt_test_keys.h.
// Thread-safety: see jwt_test_keys.h.
#include "tests/auth/jwt_test_keys.h"

#include <openssl/bio.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <catch2/catch.hpp>
#include <map>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/auth/hs256_jwt.h"
#include "services/auth/jwt_signer.h"

namespace opendata::auth::testing {
namespace {

std::string Sign(EVP_PKEY* key, absl::string_view input) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t size = 0;
  REQUIRE(EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1);
  REQUIRE(EVP_DigestSign(ctx, nullptr, &size,
                         reinterpret_cast<const unsigned char*>(input.data()),
                         input.size()) == 1);
  std::string signature(size, '\0');
  REQUIRE(EVP_DigestSign(
              ctx, reinterpret_cast<unsigned char*>(signature.data()), &size,
              reinterpret_cast<const unsigned char*>(input.data()),
              input.size()) == 1);
  EVP_MD_CTX_free(ctx);
  signature.resize(size);
  return signature;
}

std::string Quoted(absl::string_view text) {
  return absl::StrCat("\"", text, "\"");
}

}  // namespace

PublicKey NewRsaKey() {
  absl::StatusOr<PublicKey> key = GeneratePrivateKey(JwtAlg::kRs256);
  REQUIRE(key.ok());
  return *key;
}

PublicKey NewEcKey() {
  absl::StatusOr<PublicKey> key = GeneratePrivateKey(JwtAlg::kEs256);
  REQUIRE(key.ok());
  return *key;
}

std::string JwksText(
    const std::vector<std::pair<std::string, PublicKey>>& keys) {
  std::vector<std::string> jwks;
  for (const auto& [kid, key] : keys) {
    absl::StatusOr<std::string> jwk = PublicJwkJson(key.get(), kid);
    INFO(jwk.status().ToString());
    REQUIRE(jwk.ok());
    jwks.push_back(*jwk);
  }
  absl::StatusOr<std::string> text = JwksJson(jwks);
  INFO(text.status().ToString());
  REQUIRE(text.ok());
  return *text;
}

Jwks JwksOf(const std::vector<std::pair<std::string, PublicKey>>& keys) {
  absl::StatusOr<Jwks> jwks = ParseJwks(JwksText(keys));
  REQUIRE(jwks.ok());
  return *jwks;
}

std::string PublicPem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  REQUIRE(PEM_write_bio_PUBKEY(bio, key) == 1);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(size));
  BIO_free(bio);
  return pem;
}

std::string PublicDer(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int size = i2d_PUBKEY(key, &der);
  REQUIRE(size > 0);
  std::string bytes(reinterpret_cast<const char*>(der), size);
  OPENSSL_free(der);
  return bytes;
}

std::string Base64Url(absl::string_view bytes) {
  return absl::WebSafeBase64Escape(bytes);
}

std::string SignedWithHmac(absl::string_view header, absl::string_view payload,
                           absl::string_view key) {
  const std::string input =
      absl::StrCat(Base64Url(header), ".", Base64Url(payload));
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  REQUIRE(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
               reinterpret_cast<const unsigned char*>(input.data()),
               input.size(), mac, &size) != nullptr);
  return absl::StrCat(
      input, ".",
      Base64Url(absl::string_view(reinterpret_cast<const char*>(mac), size)));
}

std::string SignedWithKey(absl::string_view header, absl::string_view payload,
                          EVP_PKEY* key) {
  const std::string input =
      absl::StrCat(Base64Url(header), ".", Base64Url(payload));
  return absl::StrCat(input, ".", Base64Url(Sign(key, input)));
}

std::string SignedEs256(absl::string_view header, absl::string_view payload,
                        EVP_PKEY* key) {
  const std::string input =
      absl::StrCat(Base64Url(header), ".", Base64Url(payload));
  const std::string der = Sign(key, input);
  const auto* bytes = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig =
      d2i_ECDSA_SIG(nullptr, &bytes, static_cast<long>(der.size()));
  REQUIRE(sig != nullptr);
  std::string raw(64, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  REQUIRE(BN_bn2binpad(ECDSA_SIG_get0_r(sig), out, 32) == 32);
  REQUIRE(BN_bn2binpad(ECDSA_SIG_get0_s(sig), out + 32, 32) == 32);
  ECDSA_SIG_free(sig);
  return absl::StrCat(input, ".", Base64Url(raw));
}

TokenClaims ProviderClaims() {
  TokenClaims claims;
  claims.subject = "provider-1";
  claims.role = "PROVIDER";
  claims.organization = "rencheng-stats-bureau";
  claims.level = "COUNTY";
  claims.region = "370811";
  claims.name = "王芳";
  claims.issued_at = kTestNow - absl::Minutes(1);
  claims.not_before = kTestNow - absl::Minutes(1);
  claims.expires_at = kTestNow + absl::Hours(8);
  return claims;
}

std::string PayloadJson(
    const std::vector<std::pair<std::string, std::string>>& changes) {
  const TokenClaims claims = ProviderClaims();
  std::map<std::string, std::string> members = {
      {"iss", Quoted(kDefaultIssuer)},
      {"aud", Quoted(kDefaultAudience)},
      {"sub", Quoted(claims.subject)},
      {"role", Quoted(claims.role)},
      {"org", Quoted(claims.organization)},
      {"level", Quoted(claims.level)},
      {"region", Quoted(claims.region)},
      {"name", Quoted(claims.name)},
      {"iat", absl::StrCat(absl::ToUnixSeconds(claims.issued_at))},
      {"nbf", absl::StrCat(absl::ToUnixSeconds(claims.not_before))},
      {"exp", absl::StrCat(absl::ToUnixSeconds(claims.expires_at))}};
  for (const auto& [name, value] : changes) {
    if (value.empty()) {
      members.erase(name);
    } else {
      members[name] = value;
    }
  }
  return absl::StrCat("{",
                      absl::StrJoin(members, ",",
                                    [](std::string* out, const auto& member) {
                                      absl::StrAppend(out, Quoted(member.first),
                                                      ":", member.second);
                                    }),
                      "}");
}

}  // namespace opendata::auth::testing
