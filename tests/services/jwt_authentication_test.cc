// RS256 and ES256 bearer tokens through a real server configured with a JWKS:
// both work end to end and the event envelope records the method; with HS256
// not configured an HS256 token is refused; the algorithm-confusion attack
// (HS256 signed with the RSA public key) is refused; a kid removed from the
// JWKS is refused after a reload, a kid added is accepted.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <tuple>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/auth/hs256_jwt.h"
#include "services/auth/jwks.h"
#include "services/auth/jwt_signer.h"
#include "tests/services/catalog_samples.h"
#include "tests/services/platform_fixture.h"
#include "tests/services/status_details.h"

namespace opendata::testing {
namespace {

struct SignedKey {
  std::string kid;
  auth::JwtAlg alg;
  auth::PublicKey key;
};

SignedKey NewKey(const std::string& kid, auth::JwtAlg alg) {
  absl::StatusOr<auth::PublicKey> key = auth::GeneratePrivateKey(alg);
  REQUIRE(key.ok());
  return {kid, alg, *key};
}

// Writes the JWKS with the public halves of `keys` to `path`.
void WriteJwks(const std::string& path, const std::vector<SignedKey>& keys) {
  std::vector<std::string> jwks;
  for (const SignedKey& key : keys) {
    absl::StatusOr<std::string> jwk =
        auth::PublicJwkJson(key.key.get(), key.kid);
    REQUIRE(jwk.ok());
    jwks.push_back(*jwk);
  }
  absl::StatusOr<std::string> text = auth::JwksJson(jwks);
  REQUIRE(text.ok());
  std::ofstream(path) << *text;
}

auth::TokenClaims ClaimsOf(const Identity& who, absl::Time now) {
  auth::TokenClaims claims;
  claims.subject = who.subject;
  claims.role = who.role;
  claims.organization = who.organization;
  claims.level = who.level;
  claims.region = who.region;
  claims.issued_at = now;
  claims.not_before = now;
  claims.expires_at = now + absl::Hours(1);
  return claims;
}

std::string BearerFrom(const SignedKey& key, const Identity& who,
                       absl::Time now) {
  absl::StatusOr<std::string> token =
      auth::MintJwt(ClaimsOf(who, now), key.alg, key.key.get(), key.kid,
                    auth::kDefaultIssuer, auth::kDefaultAudience);
  INFO(token.status().ToString());
  REQUIRE(token.ok());
  return absl::StrCat("Bearer ", *token);
}

pb::CreateCatalogEntryRequest CreateRequest(const std::string& id,
                                            const std::string& request_id) {
  pb::CreateCatalogEntryRequest create;
  create.set_request_id(request_id);
  create.set_catalog_entry_id(id);
  *create.mutable_content() = ConditionalContent();
  return create;
}

void RequireRefused(const grpc::Status& status, const std::string& reason) {
  INFO(Describe(status));
  CHECK(status.error_code() == grpc::StatusCode::UNAUTHENTICATED);
  CHECK(ErrorReason(status) == reason);
}

TEST_CASE("RS256 and ES256 tokens from the JWKS work end to end",
          "[services][authentication][jwt]") {
  TempDir keys_dir;
  const std::string jwks_path = keys_dir.File("jwks.json");
  const SignedKey rsa = NewKey("idp-rsa-2026", auth::JwtAlg::kRs256);
  const SignedKey ec = NewKey("idp-ec-2026", auth::JwtAlg::kEs256);
  WriteJwks(jwks_path, {rsa, ec});
  PlatformFixture f(FakeStart(), FixtureTokens{jwks_path, /*hs256=*/false});

  const std::tuple<const SignedKey*, pb::AuthMethod, std::string> cases[] = {
      {&rsa, pb::AUTH_METHOD_JWT_RS256, "jn-gaj-101"},
      {&ec, pb::AUTH_METHOD_JWT_ES256, "jn-gaj-102"}};
  for (const auto& [key, method, id] : cases) {
    INFO(key->kid);
    pb::CreateCatalogEntryResponse created;
    const grpc::Status status =
        f.Create(BearerFrom(*key, kGajProvider, f.clock().Now()),
                 CreateRequest(id, f.FreshRequestId()), &created);
    INFO(Describe(status));
    REQUIRE(status.ok());
    const std::vector<pb::EventEnvelope> events =
        f.RecordedEvents(absl::StrCat("catalog-entry/", id));
    REQUIRE(events.size() == 1);
    CHECK(events[0].actor().subject() == kGajProvider.subject);
    CHECK(events[0].actor().organization() == kGajProvider.organization);
    CHECK(events[0].actor().auth_method() == method);
  }

  // HS256 is not configured: a well-signed HS256 token is refused.
  RequireRefused(f.Create(f.Bearer(kGajProvider),
                          CreateRequest("jn-gaj-103", f.FreshRequestId())),
                 "TOKEN_ALG_NOT_ALLOWED");
  CHECK(f.RecordedEvents("catalog-entry/jn-gaj-103").empty());
}

TEST_CASE("The algorithm-confusion attack is refused by a real server",
          "[services][authentication][jwt]") {
  TempDir keys_dir;
  const std::string jwks_path = keys_dir.File("jwks.json");
  const SignedKey rsa = NewKey("idp-rsa-2026", auth::JwtAlg::kRs256);
  WriteJwks(jwks_path, {rsa});
  // HS256 on as well, so that the HMAC path is really there to be confused.
  PlatformFixture f(FakeStart(), FixtureTokens{jwks_path, /*hs256=*/true});

  // HMAC-SHA256 keyed with the public key's PEM bytes, as an attacker would.
  BIO* bio = BIO_new(BIO_s_mem());
  REQUIRE(PEM_write_bio_PUBKEY(bio, rsa.key.get()) == 1);
  char* pem_data = nullptr;
  const long pem_size = BIO_get_mem_data(bio, &pem_data);
  const std::string pem(pem_data, static_cast<size_t>(pem_size));
  BIO_free(bio);
  auth::TokenClaims claims = ClaimsOf(kGajProvider, f.clock().Now());
  absl::StatusOr<std::string> honest =
      auth::MintJwt(claims, auth::JwtAlg::kRs256, rsa.key.get(), rsa.kid,
                    auth::kDefaultIssuer, auth::kDefaultAudience);
  REQUIRE(honest.ok());
  const std::string payload = honest->substr(
      honest->find('.') + 1, honest->rfind('.') - honest->find('.') - 1);
  const std::string input = absl::StrCat(
      absl::WebSafeBase64Escape(R"({"alg":"HS256","kid":"idp-rsa-2026"})"), ".",
      payload);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  REQUIRE(HMAC(EVP_sha256(), pem.data(), static_cast<int>(pem.size()),
               reinterpret_cast<const unsigned char*>(input.data()),
               input.size(), mac, &size) != nullptr);
  const std::string forged =
      absl::StrCat("Bearer ", input, ".",
                   absl::WebSafeBase64Escape(absl::string_view(
                       reinterpret_cast<const char*>(mac), size)));
  RequireRefused(
      f.Create(forged, CreateRequest("jn-gaj-001", f.FreshRequestId())),
      "TOKEN_ALG_KEY_MISMATCH");
  CHECK(f.RecordedHead() == f.startup_head());
  // The honest token of the same claims passes.
  CHECK(f.Create(absl::StrCat("Bearer ", *honest),
                 CreateRequest("jn-gaj-001", f.FreshRequestId()))
            .ok());
}

TEST_CASE("Key rotation: a reloaded JWKS adds and removes kids",
          "[services][authentication][jwt]") {
  TempDir keys_dir;
  const std::string jwks_path = keys_dir.File("jwks.json");
  const SignedKey old_key = NewKey("idp-2025", auth::JwtAlg::kEs256);
  const SignedKey new_key = NewKey("idp-2026", auth::JwtAlg::kEs256);
  WriteJwks(jwks_path, {old_key});
  PlatformFixture f(FakeStart(), FixtureTokens{jwks_path, /*hs256=*/false});
  const absl::Time now = f.clock().Now();
  RequireRefused(f.Get(BearerFrom(new_key, kGajProvider, now), "jn-gaj-001"),
                 "TOKEN_UNKNOWN_KID");

  WriteJwks(jwks_path, {old_key, new_key});
  REQUIRE(f.ReloadJwks().ok());
  for (const SignedKey* key : {&old_key, &new_key}) {
    const grpc::Status read =
        f.Get(BearerFrom(*key, kGajProvider, now), "jn-gaj-001");
    INFO(Describe(read));
    CHECK(read.error_code() == grpc::StatusCode::NOT_FOUND);
  }

  WriteJwks(jwks_path, {new_key});
  REQUIRE(f.ReloadJwks().ok());
  RequireRefused(f.Get(BearerFrom(old_key, kGajProvider, now), "jn-gaj-001"),
                 "TOKEN_UNKNOWN_KID");
  // An invalid file is not taken: the keys stay as they were.
  std::ofstream(jwks_path) << R"({"keys":[{"kid":"x","kty":"oct"}]})";
  CHECK(absl::IsInvalidArgument(f.ReloadJwks()));
  CHECK(f.Get(BearerFrom(new_key, kGajProvider, now), "jn-gaj-001")
            .error_code() == grpc::StatusCode::NOT_FOUND);
}

TEST_CASE("The server refuses to start without token keys or with a bad JWKS",
          "[services][authentication][jwt]") {
  TempDir dir;
  PlatformServerConfig config;
  config.listen_address = "127.0.0.1:0";
  config.data_dir = dir.File("data");
  // The token keys are checked before the store or the calendar is touched.
  const absl::StatusOr<std::unique_ptr<PlatformServer>> none =
      PlatformServer::Start(config);
  REQUIRE_FALSE(none.ok());
  CHECK(absl::IsFailedPrecondition(none.status()));
  CHECK_THAT(std::string(none.status().message()),
             Catch::Matchers::Contains("--jwks-file"));

  config.jwks_file = dir.File("jwks.json");
  std::ofstream(config.jwks_file) << R"({"keys":[{"kid":"a","kty":"RSA"}]})";
  const absl::StatusOr<std::unique_ptr<PlatformServer>> bad =
      PlatformServer::Start(config);
  REQUIRE_FALSE(bad.ok());
  CHECK(absl::IsInvalidArgument(bad.status()));
  CHECK_THAT(std::string(bad.status().message()),
             Catch::Matchers::Contains("kid \"a\""));
}

}  // namespace
}  // namespace opendata::testing
