// Runs the built opendata-admin binary (OPENDATA_ADMIN_PATH) and checks its
// tokens with the library.
// Thread-safety: not applicable (single-threaded tests; each runs child
// processes one at a time).
#include <stdio.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/auth/hs256_jwt.h"
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
  const absl::StatusOr<TokenClaims> claims =
      Hs256JwtVerifier(*key).Verify(token, absl::Now());
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
  CHECK(Hs256JwtVerifier(*key, "staging", "staging-api")
            .Verify(token, absl::Now())
            .ok());
  CHECK_FALSE(Hs256JwtVerifier(*key).Verify(token, absl::Now()).ok());
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
        "--audience"}) {
    CHECK_THAT(mint_help.out, Catch::Matchers::Contains(flag));
  }
}

}  // namespace
}  // namespace opendata::auth
