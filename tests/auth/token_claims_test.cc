// Tests of ValidateClaimValues (the claim rules shared by minting and
// verification).
// Thread-safety: not applicable (single-threaded tests).
#include "services/auth/token_claims.h"

#include <catch2/catch.hpp>
#include <string>

#include "absl/status/status.h"

namespace opendata::auth {
namespace {

TokenClaims CountyReviewer() {
  TokenClaims claims;
  claims.subject = "reviewer-7";
  claims.role = "REVIEWER";
  claims.organization = "jining-big-data-bureau";
  claims.level = "COUNTY";
  claims.region = "370811";
  return claims;
}

void RequireBadClaim(const TokenClaims& claims, const std::string& claim) {
  const absl::Status status = ValidateClaimValues(claims);
  REQUIRE(absl::IsInvalidArgument(status));
  CHECK_THAT(std::string(status.message()),
             Catch::Matchers::StartsWith(claim + " ("));
}

TEST_CASE("ValidateClaimValues accepts every role and level", "[claims]") {
  TokenClaims claims = CountyReviewer();
  claims.role = GENERATE(as<std::string>{}, "PROVIDER", "REVIEWER", "AUDITOR",
                         "OPERATOR");
  CHECK(ValidateClaimValues(claims).ok());
  claims.level = "CITY";
  claims.region = "3708";
  CHECK(ValidateClaimValues(claims).ok());
  claims.role = "USER";
  claims.person_type = GENERATE(as<std::string>{}, "NATURAL", "LEGAL");
  CHECK(ValidateClaimValues(claims).ok());
}

TEST_CASE("ValidateClaimValues names the first bad claim", "[claims]") {
  TokenClaims claims = CountyReviewer();
  SECTION("sub") {
    claims.subject.clear();
    RequireBadClaim(claims, "sub");
  }
  SECTION("role") {
    claims.role = "ROOT";
    RequireBadClaim(claims, "role");
  }
  SECTION("org") {
    claims.organization.clear();
    RequireBadClaim(claims, "org");
  }
  SECTION("level") {
    claims.level = "county";
    RequireBadClaim(claims, "level");
  }
  SECTION("region of a city for a county") {
    claims.region = "3708";
    RequireBadClaim(claims, "region");
  }
  SECTION("region of a county for a city") {
    claims.level = "CITY";
    RequireBadClaim(claims, "region");
  }
  SECTION("person_type outside role USER") {
    claims.person_type = "NATURAL";
    RequireBadClaim(claims, "person_type");
  }
  SECTION("USER without person_type") {
    claims.role = "USER";
    RequireBadClaim(claims, "person_type");
  }
}

}  // namespace
}  // namespace opendata::auth
