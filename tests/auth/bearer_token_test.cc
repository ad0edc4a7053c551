// Tests of BearerToken (authorization value parsing).
// Thread-safety: not applicable (single-threaded tests).
#include "services/auth/bearer_token.h"

#include <catch2/catch.hpp>
#include <string>

#include "absl/status/status.h"

namespace opendata::auth {
namespace {

TEST_CASE("BearerToken extracts the token", "[bearer]") {
  const std::string value =
      GENERATE(as<std::string>{}, "Bearer abc.def.ghi", "bearer abc.def.ghi",
               "BEARER abc.def.ghi", "  Bearer   abc.def.ghi \r\n");
  const absl::StatusOr<std::string> token = BearerToken(value);
  REQUIRE(token.ok());
  CHECK(*token == "abc.def.ghi");
}

TEST_CASE("BearerToken refuses anything else as token_missing", "[bearer]") {
  const std::string value =
      GENERATE(as<std::string>{}, "", "Bearer", "Bearer ", "Bearer    ",
               "abc.def.ghi", "Basic dXNlcjpwYXNz", "Bearerabc.def.ghi",
               "Bearer\tabc", "Bearer a b", "Token abc", "Bearer: abc");
  INFO("value: '" << value << "'");
  const absl::StatusOr<std::string> token = BearerToken(value);
  REQUIRE_FALSE(token.ok());
  CHECK(token.status().code() == absl::StatusCode::kUnauthenticated);
  CHECK_THAT(std::string(token.status().message()),
             Catch::Matchers::StartsWith("token_missing"));
}

}  // namespace
}  // namespace opendata::auth
