// TokenClaims: who a platform bearer token speaks for (subject, role,
// organisation, administrative level and region) and when it is valid, plus the
// rules the claim values must obey.
// Thread-safety: TokenClaims is a plain value type; the functions here are pure
// and safe to call concurrently.
#ifndef OPENDATA_SERVICES_AUTH_TOKEN_CLAIMS_H_
#define OPENDATA_SERVICES_AUTH_TOKEN_CLAIMS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace opendata::auth {

// JWT claim names. The registered ones (iss, aud, ...) follow RFC 7519; the
// others are the platform's.
inline constexpr char kClaimIssuer[] = "iss";
inline constexpr char kClaimAudience[] = "aud";
inline constexpr char kClaimSubject[] = "sub";
inline constexpr char kClaimRole[] = "role";
inline constexpr char kClaimOrganization[] = "org";
inline constexpr char kClaimLevel[] = "level";
inline constexpr char kClaimRegion[] = "region";
inline constexpr char kClaimName[] = "name";
inline constexpr char kClaimPersonType[] = "person_type";
inline constexpr char kClaimRealNameVerified[] = "rnv";
inline constexpr char kClaimIssuedAt[] = "iat";
inline constexpr char kClaimNotBefore[] = "nbf";
inline constexpr char kClaimExpiresAt[] = "exp";

// Claim values.
inline constexpr absl::string_view kRoleProvider = "PROVIDER";
inline constexpr absl::string_view kRoleReviewer = "REVIEWER";
inline constexpr absl::string_view kRoleUser = "USER";
inline constexpr absl::string_view kRoleAuditor = "AUDITOR";
inline constexpr absl::string_view kRoleOperator = "OPERATOR";
inline constexpr absl::string_view kLevelCity = "CITY";
inline constexpr absl::string_view kLevelCounty = "COUNTY";
inline constexpr absl::string_view kPersonTypeNatural = "NATURAL";
inline constexpr absl::string_view kPersonTypeLegal = "LEGAL";

// JWT claim names are given in front of each field.
struct TokenClaims {
  // sub: stable account id.
  std::string subject;
  // role: PROVIDER | REVIEWER | USER | AUDITOR | OPERATOR.
  std::string role;
  // org: organisation id.
  std::string organization;
  // level: CITY | COUNTY.
  std::string level;
  // region: 4-digit city code for CITY (e.g. 3708), 6-digit county code for
  // COUNTY (e.g. 370811).
  std::string region;
  // name: display name; optional.
  std::string name;
  // person_type: NATURAL | LEGAL for role USER; empty for every other role.
  std::string person_type;
  // rnv: real-name verified.
  bool real_name_verified = false;
  // iat, nbf, exp. A verified token without iat or nbf reports
  // absl::InfinitePast() for it.
  absl::Time issued_at;
  absl::Time not_before;
  absl::Time expires_at;
};

bool IsKnownRole(absl::string_view role);
bool IsKnownLevel(absl::string_view level);
bool IsKnownPersonType(absl::string_view person_type);

// Checks the identity claims (not the times). On failure returns
// InvalidArgumentError whose message starts with the JWT name of the first
// offending claim, e.g. "role (must be one of PROVIDER, ...)". Rules: sub, org
// non-empty; role and level known; region is 4 digits for CITY and 6 digits for
// COUNTY; person_type is NATURAL or LEGAL for role USER and empty for every
// other role.
absl::Status ValidateClaimValues(const TokenClaims& claims);

}  // namespace opendata::auth

#endif  // OPENDATA_SERVICES_AUTH_TOKEN_CLAIMS_H_
