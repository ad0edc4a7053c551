// Extraction of the token from an HTTP/gRPC "authorization" metadata value
// ("Bearer <token>", RFC 6750).
// Thread-safety: pure function; safe to call concurrently.
#ifndef OPENDATA_SERVICES_AUTH_BEARER_TOKEN_H_
#define OPENDATA_SERVICES_AUTH_BEARER_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opendata::auth {

// Returns the token of "Bearer <token>": the scheme is case-insensitive,
// followed by one or more spaces and a token without whitespace; surrounding
// whitespace is ignored. Anything else is UnauthenticatedError whose message
// starts with "token_missing".
absl::StatusOr<std::string> BearerToken(
    absl::string_view authorization_header_value);

}  // namespace opendata::auth

#endif  // OPENDATA_SERVICES_AUTH_BEARER_TOKEN_H_
