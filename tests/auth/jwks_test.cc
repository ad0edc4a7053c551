// Tests of JWKS parsing (RSA and EC P-256 public keys by kid) and writing, with
// a refusal for every kind of bad key that names the key.
// Thread-safety: not applicable (single-threaded tests).
#include "services/auth/jwks.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "tests/auth/jwt_test_keys.h"
#include "tests/auth/temp_dir.h"

namespace opendata::auth {
namespace {

using google::protobuf::Struct;

const std::string& RsaJwk() {
  static const std::string* jwk = [] {
    absl::StatusOr<std::string> text =
        PublicJwkJson(testing::NewRsaKey().get(), "rsa-1");
    REQUIRE(text.ok());
    return new std::string(*text);
  }();
  return *jwk;
}

const std::string& EcJwk() {
  static const std::string* jwk = [] {
    absl::StatusOr<std::string> text =
        PublicJwkJson(testing::NewEcKey().get(), "ec-1");
    REQUIRE(text.ok());
    return new std::string(*text);
  }();
  return *jwk;
}

// The JWK with member `name` set to the raw JSON `value` (removed when empty).
std::string With(const std::string& jwk, const std::string& name,
                 const std::string& value) {
  Struct object;
  REQUIRE(google::protobuf::util::JsonStringToMessage(jwk, &object).ok());
  if (value.empty()) {
    object.mutable_fields()->erase(name);
  } else {
    google::protobuf::Value parsed;
    REQUIRE(google::protobuf::util::JsonStringToMessage(value, &parsed).ok());
    (*object.mutable_fields())[name] = parsed;
  }
  std::string out;
  REQUIRE(google::protobuf::util::MessageToJsonString(object, &out).ok());
  return out;
}

std::string Set(const std::vector<std::string>& jwks) {
  std::string keys;
  for (const std::string& jwk : jwks) {
    absl::StrAppend(&keys, keys.empty() ? "" : ",", jwk);
  }
  return absl::StrCat(R"({"keys":[)", keys, "]}");
}

void RequireInvalid(const std::string& json, const std::string& needle) {
  const absl::StatusOr<Jwks> jwks = ParseJwks(json);
  INFO(json);
  REQUIRE_FALSE(jwks.ok());
  CHECK(absl::IsInvalidArgument(jwks.status()));
  CHECK_THAT(std::string(jwks.status().message()),
             Catch::Matchers::Contains(needle));
}

TEST_CASE("ParseJwks reads RSA and EC keys by kid", "[jwks]") {
  const absl::StatusOr<Jwks> jwks = ParseJwks(Set({RsaJwk(), EcJwk()}));
  INFO(jwks.status().ToString());
  REQUIRE(jwks.ok());
  REQUIRE(jwks->keys.size() == 2);
  REQUIRE(jwks->Find("rsa-1") != nullptr);
  CHECK(jwks->Find("rsa-1")->alg == "RS256");
  REQUIRE(jwks->Find("ec-1") != nullptr);
  CHECK(jwks->Find("ec-1")->alg == "ES256");
  CHECK(jwks->Find("rsa-2") == nullptr);
  // alg and use are optional; unknown members are ignored.
  CHECK(ParseJwks(Set({With(With(With(RsaJwk(), "alg", ""), "use", ""), "x5t",
                            R"("abc")")}))
            .ok());
  CHECK(ParseJwks(Set({With(EcJwk(), "key_ops", R"(["verify"])")})).ok());
}

TEST_CASE("ParseJwks refuses bad key sets", "[jwks]") {
  RequireInvalid("not json", "not a JSON object");
  RequireInvalid("[]", "not a JSON object");
  RequireInvalid("{}", "\"keys\" array");
  RequireInvalid(R"({"keys":{}})", "\"keys\" array");
  RequireInvalid(R"({"keys":[]})", "empty");
  RequireInvalid(R"({"keys":["rsa"]})", "key #0: must be a JSON object");
}

TEST_CASE("ParseJwks refuses bad keys and names them", "[jwks]") {
  const std::string rsa2 = With(RsaJwk(), "kid", R"("rsa-2")");
  RequireInvalid(Set({RsaJwk(), EcJwk(), With(EcJwk(), "kid", R"("rsa-1")")}),
                 R"(key #2 (kid "rsa-1"): duplicate kid)");
  RequireInvalid(Set({With(RsaJwk(), "kid", "")}),
                 "key #0: \"kid\" is required");
  RequireInvalid(Set({With(RsaJwk(), "kid", "7")}), "\"kid\" must be a string");
  RequireInvalid(Set({RsaJwk(), With(rsa2, "kty", R"("oct")")}),
                 R"(key #1 (kid "rsa-2"): unsupported kty "oct")");
  RequireInvalid(Set({With(RsaJwk(), "kty", R"("OKP")")}), "unsupported kty");
  RequireInvalid(Set({With(RsaJwk(), "kty", "")}), "unsupported kty");
  RequireInvalid(Set({With(EcJwk(), "crv", R"("P-384")")}),
                 R"(unsupported crv "P-384")");
  RequireInvalid(Set({With(RsaJwk(), "alg", R"("ES256")")}),
                 "verifies only RS256");
  RequireInvalid(Set({With(EcJwk(), "alg", R"("HS256")")}),
                 "verifies only ES256");
  RequireInvalid(Set({With(RsaJwk(), "use", R"("enc")")}), "not \"sig\"");
  RequireInvalid(Set({With(RsaJwk(), "key_ops", R"(["encrypt"])")}), "key_ops");
  RequireInvalid(Set({With(RsaJwk(), "d", R"("AQAB")")}),
                 "private member \"d\"");
  RequireInvalid(Set({With(RsaJwk(), "n", "")}), "\"n\" is required");
}

TEST_CASE("ParseJwks refuses bad base64url and weak or invalid keys",
          "[jwks]") {
  RequireInvalid(Set({With(RsaJwk(), "e", R"("AQAB=")")}),
                 "\"e\" is not unpadded base64url");
  RequireInvalid(Set({With(RsaJwk(), "e", R"("AQ+B")")}), "base64url");
  RequireInvalid(Set({With(RsaJwk(), "e", R"("A")")}), "base64url");
  RequireInvalid(Set({With(EcJwk(), "x", R"("a/b")")}), "\"x\" is not");
  // A 1024-bit modulus.
  RequireInvalid(
      Set({With(RsaJwk(), "n",
                absl::StrCat("\"", testing::Base64Url(std::string(128, '\xff')),
                             "\""))}),
      "RSA modulus has 1024 bits; at least 2048");
  RequireInvalid(Set({With(RsaJwk(), "e", R"("AA")")}), "exponent");
  RequireInvalid(Set({With(RsaJwk(), "e", R"("Ag")")}), "exponent");
  // Coordinates of the wrong size, and a point that is not on the curve.
  RequireInvalid(Set({With(EcJwk(), "x", R"("AQAB")")}), "32 bytes");
  RequireInvalid(
      Set({With(EcJwk(), "y",
                absl::StrCat("\"", testing::Base64Url(std::string(32, '\x01')),
                             "\""))}),
      "not a point on curve P-256");
}

TEST_CASE("ReadJwksFile names the file in its errors", "[jwks]") {
  testing::TempDir dir;
  const std::string path = dir.File("jwks.json");
  CHECK_THAT(std::string(ReadJwksFile(path).status().message()),
             Catch::Matchers::StartsWith(path));
  std::ofstream(path) << Set({With(EcJwk(), "crv", R"("P-521")")});
  const absl::Status bad = ReadJwksFile(path).status();
  CHECK(absl::IsInvalidArgument(bad));
  CHECK_THAT(std::string(bad.message()),
             Catch::Matchers::StartsWith(path) &&
                 Catch::Matchers::Contains("kid \"ec-1\""));
  std::ofstream(path) << Set({RsaJwk(), EcJwk()});
  const absl::StatusOr<Jwks> good = ReadJwksFile(path);
  REQUIRE(good.ok());
  CHECK(good->keys.size() == 2);
}

TEST_CASE("JwksJson and JwkTexts round-trip a key set", "[jwks]") {
  const absl::StatusOr<std::string> set = JwksJson({RsaJwk(), EcJwk()});
  REQUIRE(set.ok());
  const absl::StatusOr<std::vector<std::string>> texts = JwkTexts(*set);
  REQUIRE(texts.ok());
  REQUIRE(texts->size() == 2);
  const absl::StatusOr<std::string> again = JwksJson(*texts);
  REQUIRE(again.ok());
  const absl::StatusOr<Jwks> parsed = ParseJwks(*again);
  REQUIRE(parsed.ok());
  REQUIRE(parsed->keys.size() == 2);
  CHECK(parsed->keys[0].kid == "rsa-1");
  CHECK(parsed->keys[1].kid == "ec-1");
  // A duplicate kid is refused when writing as well.
  CHECK(absl::IsInvalidArgument(JwksJson({RsaJwk(), RsaJwk()}).status()));
  // PublicJwkJson writes only public members.
  CHECK(RsaJwk().find("\"d\"") == std::string::npos);
  CHECK(absl::IsInvalidArgument(
      PublicJwkJson(testing::NewEcKey().get(), "").status()));
}

}  // namespace
}  // namespace opendata::auth
