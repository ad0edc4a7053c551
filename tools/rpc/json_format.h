// JSON in and out of opendata-rpc, shaped like grpcurl's: request data is a
// stream of concatenated JSON values, each response is printed with two-space
// indentation and lowerCamelCase field names.
// Thread-safety: stateless functions; safe to call concurrently (on distinct
// messages).
#ifndef OPENDATA_TOOLS_RPC_JSON_FORMAT_H_
#define OPENDATA_TOOLS_RPC_JSON_FORMAT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace opendata::rpc {

// How messages are rendered (grpcurl's -emit-defaults and -keep-proto-names).
struct JsonOutputOptions {
  bool emit_defaults = false;  // Print fields that hold their default value.
  bool keep_proto_names =
      false;  // Use the .proto field names instead of lowerCamelCase.
};

// Renders `message` as grpcurl does: indented JSON (no trailing newline), map
// entries sorted by key. Any fields resolve their types through the message's
// descriptor pool. Errors: Internal when a value cannot be rendered (e.g. an
// Any of unknown type).
absl::StatusOr<std::string> MessageToJson(
    const google::protobuf::Message& message, const JsonOutputOptions& options);

// Parses one JSON value into `message` (cleared first). Errors: InvalidArgument
// naming the problem.
absl::Status JsonToMessage(absl::string_view json, bool allow_unknown_fields,
                           google::protobuf::Message* message);

// Splits request data holding zero or more concatenated JSON values ('{"a":1}
// {"a":2}') into the values, without validating them beyond bracket and string
// structure. Errors: InvalidArgument for unterminated values or a stray closing
// bracket, comma or colon.
absl::StatusOr<std::vector<std::string>> SplitJsonValues(
    absl::string_view input);

// Re-indents JSON like Go's json.Indent(dst, src, "", "  "): one member or
// element per line, ": " after keys, empty objects and arrays kept as "{}" and
// "[]". Whitespace outside strings is dropped, and strings are re-escaped as
// Go's encoding/json does (see json_string.h).
std::string IndentJson(absl::string_view json);

}  // namespace opendata::rpc

#endif  // OPENDATA_TOOLS_RPC_JSON_FORMAT_H_
