// Claim value rules for platform bearer tokens (see token_claims.h).
// Thread-safety: stateless; safe to call concurrently.
#include "services/auth/token_claims.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace opendata::auth {
namespace {

bool IsDigits(absl::string_view text, size_t length) {
  if (text.size() != length) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status BadClaim(absl::string_view claim, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(claim, " (", why, ")"));
}

}  // namespace

bool IsKnownRole(absl::string_view role) {
  return role == kRoleProvider || role == kRoleReviewer || role == kRoleUser ||
         role == kRoleAuditor || role == kRoleOperator;
}

bool IsKnownLevel(absl::string_view level) {
  return level == kLevelCity || level == kLevelCounty;
}

bool IsKnownPersonType(absl::string_view person_type) {
  return person_type == kPersonTypeNatural || person_type == kPersonTypeLegal;
}

absl::Status ValidateClaimValues(const TokenClaims& claims) {
  if (claims.subject.empty())
    return BadClaim(kClaimSubject, "must not be empty");
  if (!IsKnownRole(claims.role)) {
    return BadClaim(
        kClaimRole,
        "must be one of PROVIDER, REVIEWER, USER, AUDITOR, OPERATOR");
  }
  if (claims.organization.empty()) {
    return BadClaim(kClaimOrganization, "must not be empty");
  }
  if (!IsKnownLevel(claims.level)) {
    return BadClaim(kClaimLevel, "must be CITY or COUNTY");
  }
  if (claims.level == kLevelCity && !IsDigits(claims.region, 4)) {
    return BadClaim(kClaimRegion, "must be a 4-digit city code for level CITY");
  }
  if (claims.level == kLevelCounty && !IsDigits(claims.region, 6)) {
    return BadClaim(kClaimRegion,
                    "must be a 6-digit county code for level COUNTY");
  }
  if (claims.role == kRoleUser) {
    if (!IsKnownPersonType(claims.person_type)) {
      return BadClaim(kClaimPersonType,
                      "must be NATURAL or LEGAL for role USER");
    }
  } else if (!claims.person_type.empty()) {
    return BadClaim(kClaimPersonType, "only allowed for role USER");
  }
  return absl::OkStatus();
}

}  // namespace opendata::auth
