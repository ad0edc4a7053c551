// Extraction of a bearer token from an authorization value (see
// bearer_token.h).
// Thread-safety: stateless; safe to call concurrently.
#include "services/auth/bearer_token.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace opendata::auth {

absl::StatusOr<std::string> BearerToken(
    absl::string_view authorization_header_value) {
  constexpr absl::string_view kScheme = "Bearer";
  absl::string_view value =
      absl::StripAsciiWhitespace(authorization_header_value);
  const bool has_scheme = value.size() > kScheme.size() &&
                          absl::StartsWithIgnoreCase(value, kScheme) &&
                          value[kScheme.size()] == ' ';
  absl::string_view token =
      has_scheme
          ? absl::StripLeadingAsciiWhitespace(value.substr(kScheme.size()))
          : absl::string_view();
  const bool has_whitespace =
      std::any_of(token.begin(), token.end(), [](char c) {
        return absl::ascii_isspace(static_cast<unsigned char>(c));
      });
  if (token.empty() || has_whitespace) {
    return absl::UnauthenticatedError(
        "token_missing: expected \"authorization: Bearer <token>\"");
  }
  return std::string(token);
}

}  // namespace opendata::auth
