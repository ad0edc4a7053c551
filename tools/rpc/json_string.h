// JSON string literals as Go's encoding/json writes them (and hence grpcurl):
// HTML-safe escapes for '<', '>' and '&', \u2028 and \u2029 escaped, other
// non-ASCII text kept as UTF-8.
// Thread-safety: stateless functions; safe to call concurrently.
#ifndef OPENDATA_TOOLS_RPC_JSON_STRING_H_
#define OPENDATA_TOOLS_RPC_JSON_STRING_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace opendata::rpc {

// Returns `text` (UTF-8; invalid bytes become U+FFFD) as a Go-style JSON string
// literal, quotes included.
std::string GoJsonQuote(absl::string_view text);

// Decodes a JSON string literal (quotes included) into UTF-8, or nullopt when
// it is malformed.
std::optional<std::string> JsonUnquote(absl::string_view literal);

}  // namespace opendata::rpc

#endif  // OPENDATA_TOOLS_RPC_JSON_STRING_H_
