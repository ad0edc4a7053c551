// Runs the built opendata-admin binary (OPENDATA_ADMIN_PATH) and checks its
// keys and tokens (HS256, and RS256/ES256 with gen-jwks) with the library.
// Thread-safety: not applicable (single-threaded tests; each runs child
// processes one at a time).
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/auth/hs256_jwt.h"
#include "services/auth/jwks.h"
#include "services/auth/jwt_verifier.h"
#include "services/auth/key_file.h"
#include "tests/auth/temp_dir.h"

namespace opendata::auth {
namespace {

using testing::TempDir;

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout only; stderr goes to /dev/null.
};

// Runs opendata-admin with arguments that are already shell-quoted where
// needed.
RunResult RunAdmin(const std::string& arguments) {
  const std::string command =
      absl::StrCat("'", OPENDATA_ADMIN_PATH, "' ", arguments, " 2>/dev/null");
  RunResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t got;
  while ((got = fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    result.out.append(buffer, got);
  }
  const int status = pclose(pipe);
  if (status != -1 && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

// The claims of an HS256 token, verified the way the server does with only an
// HS256 key configured.
absl::StatusOr<TokenClaims> VerifyHs256(
    const std::string& key, const std::string& token,
    absl::string_view issuer = kDefaultIssuer,
    absl::string_view audience = kDefaultAudience) {
  JwtVerifierOptions options;
  options.hs256_key = key;
  options.issuer = std::string(issuer);
  options.audience = std::string(audience);
  absl::StatusOr<std::unique_ptr<JwtVerifier>> verifier =
      JwtVerifier::Create(std::move(options), Jwks{});
  if (!verifier.ok()) return verifier.status();
  absl::StatusOr<VerifiedToken> verified =
      (*verifier)->Verify(token, absl::Now());
  if (!verified.ok()) return verified.status();
  return verified->claims;
}

std::string MintArguments(const std::string& key_file) {
  return absl::StrCat(
      "mint-token --key-file '", key_file,
      "' --subject user-42 --role USER --org public --level COUNTY "
      "--region 370811 --person-type NATURAL --real-name-verified "
      "--name 'Zhang San' --ttl 30m");
}

TEST_CASE("opendata-admin mints a token the library verifies", "[admin]") {
  TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  const std::string key_file = dir.File("dev/hs256.key");
  REQUIRE(
      RunAdmin(absl::StrCat("gen-key --key-file '", key_file, "'")).exit_code ==
      0);

  const absl::Time before = absl::Now();
  const RunResult minted = RunAdmin(MintArguments(key_file));
  REQUIRE(minted.exit_code == 0);
  // Only the token and its newline, so that TOKEN=$(...) works.
  REQUIRE(minted.out.back() == '\n');
  const std::string token = minted.out.substr(0, minted.out.size() - 1);
  CHECK(token.find_first_of(" \t\r\n") == std::string::npos);

  const absl::StatusOr<std::string> key = ReadKeyFile(key_file);
  REQUIRE(key.ok());
  const absl::StatusOr<TokenClaims> claims = VerifyHs256(*key, token);
  REQUIRE(claims.ok());
  CHECK(claims->subject == "user-42");
  CHECK(claims->role == "USER");
  CHECK(claims->organization == "public");
  CHECK(claims->level == "COUNTY");
  CHECK(claims->region == "370811");
  CHECK(claims->name == "Zhang San");
  CHECK(claims->person_type == "NATURAL");
  CHECK(claims->real_name_verified);
  CHECK(claims->expires_at - claims->issued_at == absl::Minutes(30));
  CHECK(claims->issued_at >=
        absl::FromUnixSeconds(absl::ToUnixSeconds(before)));
}

TEST_CASE("opendata-admin honours --issuer and --audience", "[admin]") {
  TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  const std::string key_file = dir.File("hs256.key");
  REQUIRE(
      RunAdmin(absl::StrCat("gen-key --key-file='", key_file, "'")).exit_code ==
      0);
  const RunResult minted = RunAdmin(absl::StrCat(
      "mint-token --key-file '", key_file,
      "' --subject op-1 --role OPERATOR --org ops --level CITY --region 3708 "
      "--issuer=staging --audience=staging-api"));
  REQUIRE(minted.exit_code == 0);
  const absl::StatusOr<std::string> key = ReadKeyFile(key_file);
  REQUIRE(key.ok());
  const std::string token(absl::StripTrailingAsciiWhitespace(minted.out));
  CHECK(VerifyHs256(*key, token, "staging", "staging-api").ok());
  CHECK_FALSE(VerifyHs256(*key, token).ok());
}

TEST_CASE("opendata-admin exits 2 on bad usage", "[admin]") {
  TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  const std::string key_file = dir.File("hs256.key");
  REQUIRE(
      RunAdmin(absl::StrCat("gen-key --key-file '", key_file, "'")).exit_code ==
      0);
  const std::string base =
      absl::StrCat("mint-token --key-file '", key_file, "' ");
  const std::string arguments = GENERATE_COPY(
      std::string(), std::string("frobnicate"), std::string("gen-key"),
      std::string("gen-key --key-file"),
      std::string("gen-key --force=yes --key-file x"),
      base +
          "--role PROVIDER --org o --level CITY --region 3708",  // No
                                                                 // --subject.
      base + "--subject s --role ADMIN --org o --level CITY --region 3708",
      base + "--subject s --role PROVIDER --org o --level STATE --region 3708",
      base + "--subject s --role PROVIDER --org o --level CITY --region 370811",
      base + "--subject s --role USER --org o --level CITY --region 3708",
      base +
          "--subject s --role PROVIDER --org o --level CITY --region 3708 "
          "--person-type NATURAL",
      base +
          "--subject s --role PROVIDER --org o --level CITY --region 3708 "
          "--ttl 8x",
      base +
          "--subject s --role PROVIDER --org o --level CITY --region 3708 "
          "--ttl -1h",
      base +
          "--subject s --role PROVIDER --org o --level CITY --region 3708 "
          "--ttl 9000h",
      base +
          "--subject s --role PROVIDER --org o --level CITY --region 3708 "
          "--bogus",
      base +
          "--subject s --subject t --role PROVIDER --org o --level CITY "
          "--region 3708",
      base + "--subject --role PROVIDER --org o --level CITY --region 3708",
      base +
          "--subject s --role PROVIDER --org o --level CITY --region 3708 "
          "extra");
  INFO("arguments: " << arguments);
  const RunResult result = RunAdmin(arguments);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
}

TEST_CASE("opendata-admin exits 1 when the command fails", "[admin]") {
  TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  const std::string key_file = dir.File("hs256.key");
  CHECK(RunAdmin(
            absl::StrCat("mint-token --key-file '", key_file,
                         "' --subject s --role PROVIDER --org o --level CITY "
                         "--region 3708"))
            .exit_code == 1);
  REQUIRE(
      RunAdmin(absl::StrCat("gen-key --key-file '", key_file, "'")).exit_code ==
      0);
  CHECK(
      RunAdmin(absl::StrCat("gen-key --key-file '", key_file, "'")).exit_code ==
      1);
  CHECK(RunAdmin(absl::StrCat("gen-key --force --key-file '", key_file, "'"))
            .exit_code == 0);
}

TEST_CASE("opendata-admin --help describes every flag", "[admin]") {
  const RunResult main_help = RunAdmin("--help");
  CHECK(main_help.exit_code == 0);
  CHECK_THAT(main_help.out, Catch::Matchers::Contains("gen-key") &&
                                Catch::Matchers::Contains("mint-token"));
  const RunResult gen_key_help = RunAdmin("gen-key --help");
  CHECK(gen_key_help.exit_code == 0);
  for (const char* flag : {"--key-file", "--force"}) {
    CHECK_THAT(gen_key_help.out, Catch::Matchers::Contains(flag));
  }
  const RunResult mint_help = RunAdmin("mint-token --help");
  CHECK(mint_help.exit_code == 0);
  for (const char* flag :
       {"--key-file", "--subject", "--role", "--org", "--level", "--region",
        "--name", "--person-type", "--real-name-verified", "--ttl", "--issuer",
        "--audience", "--alg", "--private-key", "--kid"}) {
    CHECK_THAT(mint_help.out, Catch::Matchers::Contains(flag));
  }
  const RunResult jwks_help = RunAdmin("gen-jwks --help");
  CHECK(jwks_help.exit_code == 0);
  for (const char* flag :
       {"--alg", "--kid", "--out-private", "--out-jwks", "--append"}) {
    CHECK_THAT(jwks_help.out, Catch::Matchers::Contains(flag));
  }
}

// mint-token --alg ALG with the private key and kid written by gen-jwks.
std::string MintWithKey(const std::string& alg, const std::string& key_file,
                        const std::string& kid) {
  const RunResult minted = RunAdmin(absl::StrCat(
      "mint-token --alg=", alg, " --private-key='", key_file, "' --kid=", kid,
      " --subject op-1 --role OPERATOR --org ops --level CITY --region 3708"));
  REQUIRE(minted.exit_code == 0);
  return std::string(absl::StripTrailingAsciiWhitespace(minted.out));
}

absl::StatusOr<VerifiedToken> VerifyWithJwks(const std::string& jwks_file,
                                             const std::string& token) {
  absl::StatusOr<Jwks> jwks = ReadJwksFile(jwks_file);
  if (!jwks.ok()) return jwks.status();
  absl::StatusOr<std::unique_ptr<JwtVerifier>> verifier =
      JwtVerifier::Create({}, *std::move(jwks));
  if (!verifier.ok()) return verifier.status();
  return (*verifier)->Verify(token, absl::Now());
}

TEST_CASE("opendata-admin gen-jwks and mint-token make RS256 and ES256 tokens",
          "[admin]") {
  TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  const std::string jwks = dir.File("jwks.json");
  const std::string rsa_key = dir.File("rsa.pem");
  const std::string ec_key = dir.File("ec.pem");
  const RunResult made = RunAdmin(
      absl::StrCat("gen-jwks --alg=RS256 --kid=idp-2025 --out-private='",
                   rsa_key, "' --out-jwks='", jwks, "'"));
  REQUIRE(made.exit_code == 0);
  CHECK(made.out == "kid idp-2025\n");
  struct stat info;
  REQUIRE(stat(rsa_key.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  // Without --append an existing JWKS is never replaced.
  CHECK(RunAdmin(absl::StrCat("gen-jwks --alg=ES256 --kid=idp-2026 "
                              "--out-private='",
                              ec_key, "' --out-jwks='", jwks, "'"))
            .exit_code == 1);
  REQUIRE(RunAdmin(absl::StrCat("gen-jwks --append --alg=ES256 --kid=idp-2026 "
                                "--out-private='",
                                ec_key, "' --out-jwks='", jwks, "'"))
              .exit_code == 0);
  // A duplicate kid is refused and the file keeps its two keys.
  CHECK(
      RunAdmin(absl::StrCat("gen-jwks --append --alg=ES256 --kid=idp-2026 "
                            "--out-private='",
                            dir.File("again.pem"), "' --out-jwks='", jwks, "'"))
          .exit_code == 1);
  const absl::StatusOr<Jwks> parsed = ReadJwksFile(jwks);
  REQUIRE(parsed.ok());
  CHECK(parsed->keys.size() == 2);

  const absl::StatusOr<VerifiedToken> rs256 =
      VerifyWithJwks(jwks, MintWithKey("RS256", rsa_key, "idp-2025"));
  INFO(rs256.status().ToString());
  REQUIRE(rs256.ok());
  CHECK(rs256->alg == JwtAlg::kRs256);
  CHECK(rs256->claims.subject == "op-1");
  const absl::StatusOr<VerifiedToken> es256 =
      VerifyWithJwks(jwks, MintWithKey("ES256", ec_key, "idp-2026"));
  INFO(es256.status().ToString());
  REQUIRE(es256.ok());
  CHECK(es256->alg == JwtAlg::kEs256);
  // The kid picks the key: the RSA key under the EC kid does not verify.
  CHECK_FALSE(
      VerifyWithJwks(jwks, MintWithKey("RS256", rsa_key, "idp-2026")).ok());
}

TEST_CASE("opendata-admin gen-jwks and mint-token refuse bad usage",
          "[admin]") {
  TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  const std::string out =
      absl::StrCat(" --out-private='", dir.File("k.pem"), "' --out-jwks='",
                   dir.File("j.json"), "'");
  CHECK(RunAdmin(absl::StrCat("gen-jwks --alg=HS256 --kid=k", out)).exit_code ==
        2);
  CHECK(RunAdmin(absl::StrCat("gen-jwks --alg=RS256", out)).exit_code == 2);
  CHECK(RunAdmin(absl::StrCat("gen-jwks --append --alg=RS256 --kid=k", out))
            .exit_code == 1);
  const std::string claims =
      " --subject op-1 --role OPERATOR --org ops --level CITY --region 3708";
  CHECK(RunAdmin(absl::StrCat("mint-token --alg=PS256 --private-key=x --kid=k",
                              claims))
            .exit_code == 2);
  CHECK(RunAdmin(absl::StrCat("mint-token --alg=RS256 --private-key=x", claims))
            .exit_code == 2);
  CHECK(RunAdmin(absl::StrCat("mint-token --alg=ES256 --kid=k", claims))
            .exit_code == 2);
  CHECK(RunAdmin(absl::StrCat("mint-token --alg=ES256 --kid=k --private-key='",
                              dir.File("missing.pem"), "'", claims))
            .exit_code == 1);
}

}  // namespace
}  // namespace opendata::auth
