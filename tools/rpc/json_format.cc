// JSON rendering, parsing and splitting for opendata-rpc (see json_format.h).
// Thread-safety: stateless; safe to call concurrently.
#include "tools/rpc/json_format.h"

#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/type_resolver.h"
#include "google/protobuf/util/type_resolver_util.h"
#include "tools/rpc/json_string.h"

namespace opendata::rpc {
namespace {

constexpr char kTypeUrlPrefix[] = "type.googleapis.com";

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

absl::Status ToAbsl(const google::protobuf::util::Status& status) {
  return absl::Status(
      static_cast<absl::StatusCode>(status.code()),
      std::string(status.message().data(), status.message().size()));
}

// Returns the index just past the string literal that starts at input[start]
// ('"'), or npos if it is not terminated.
size_t SkipString(absl::string_view input, size_t start) {
  for (size_t i = start + 1; i < input.size(); ++i) {
    if (input[i] == '\\') {
      ++i;
    } else if (input[i] == '"') {
      return i + 1;
    }
  }
  return absl::string_view::npos;
}

// Returns the index just past the object or array that starts at input[start],
// or npos if it is not closed.
size_t SkipComposite(absl::string_view input, size_t start) {
  int depth = 0;
  size_t i = start;
  while (i < input.size()) {
    const char c = input[i];
    if (c == '"') {
      i = SkipString(input, i);
      if (i == absl::string_view::npos) return i;
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
    ++i;
  }
  return absl::string_view::npos;
}

// Returns the index just past the literal (number, true, false, null or
// garbage) at input[start].
size_t SkipLiteral(absl::string_view input, size_t start) {
  size_t i = start;
  while (i < input.size() && !IsJsonSpace(input[i]) &&
         absl::string_view("{}[]\",:").find(input[i]) ==
             absl::string_view::npos) {
    ++i;
  }
  return i;
}

void AppendNewline(int depth, std::string* out) {
  out->push_back('\n');
  out->append(2 * static_cast<size_t>(depth), ' ');
}

}  // namespace

absl::StatusOr<std::string> MessageToJson(
    const google::protobuf::Message& message,
    const JsonOutputOptions& options) {
  // Deterministic serialization sorts map entries by key, as grpcurl prints
  // them.
  std::string binary;
  {
    google::protobuf::io::StringOutputStream stream(&binary);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializePartialToCodedStream(&coded);
  }
  const std::unique_ptr<google::protobuf::util::TypeResolver> resolver(
      google::protobuf::util::NewTypeResolverForDescriptorPool(
          kTypeUrlPrefix, message.GetDescriptor()->file()->pool()));
  google::protobuf::util::JsonPrintOptions print_options;
  print_options.always_print_primitive_fields = options.emit_defaults;
  print_options.preserve_proto_field_names = options.keep_proto_names;
  std::string compact;
  const google::protobuf::util::Status status =
      google::protobuf::util::BinaryToJsonString(
          resolver.get(),
          absl::StrCat(kTypeUrlPrefix, "/",
                       message.GetDescriptor()->full_name()),
          binary, &compact, print_options);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot render ", message.GetTypeName(),
                     " as JSON: ", ToAbsl(status).message()));
  }
  return IndentJson(compact);
}

absl::Status JsonToMessage(absl::string_view json, bool allow_unknown_fields,
                           google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions parse_options;
  parse_options.ignore_unknown_fields = allow_unknown_fields;
  message->Clear();
  const google::protobuf::util::Status status =
      google::protobuf::util::JsonStringToMessage(
          google::protobuf::StringPiece(json.data(), json.size()), message,
          parse_options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot parse request as ",
                                                   message->GetTypeName(), ": ",
                                                   ToAbsl(status).message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> SplitJsonValues(
    absl::string_view input) {
  std::vector<std::string> values;
  size_t i = 0;
  while (true) {
    while (i < input.size() && IsJsonSpace(input[i])) ++i;
    if (i == input.size()) return values;
    const char c = input[i];
    size_t end;
    if (c == '{' || c == '[') {
      end = SkipComposite(input, i);
    } else if (c == '"') {
      end = SkipString(input, i);
    } else if (c == '}' || c == ']' || c == ',' || c == ':') {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid character '", absl::string_view(&c, 1),
                       "' looking for beginning of value"));
    } else {
      end = SkipLiteral(input, i);
    }
    if (end == absl::string_view::npos) {
      return absl::InvalidArgumentError("unexpected end of JSON input");
    }
    values.emplace_back(input.substr(i, end - i));
    i = end;
  }
}

std::string IndentJson(absl::string_view json) {
  std::string out;
  out.reserve(json.size() * 2);
  int depth = 0;
  bool just_opened = false;  // The last token was '{' or '['.
  size_t i = 0;
  while (i < json.size()) {
    const char c = json[i];
    if (IsJsonSpace(c)) {
      ++i;
      continue;
    }
    const bool closing = c == '}' || c == ']';
    if (just_opened && !closing) AppendNewline(depth, &out);
    if (c == '"') {
      size_t end = SkipString(json, i);
      if (end == absl::string_view::npos) end = json.size();
      const absl::string_view literal = json.substr(i, end - i);
      const std::optional<std::string> text = JsonUnquote(literal);
      absl::StrAppend(&out, text.has_value() ? GoJsonQuote(*text) : literal);
      just_opened = false;
      i = end;
      continue;
    }
    if (closing) {
      --depth;
      if (!just_opened) AppendNewline(depth, &out);
      out.push_back(c);
    } else if (c == '{' || c == '[') {
      out.push_back(c);
      ++depth;
    } else if (c == ',') {
      out.push_back(',');
      AppendNewline(depth, &out);
    } else if (c == ':') {
      out.append(": ");
    } else {
      out.push_back(c);
    }
    just_opened = c == '{' || c == '[';
    ++i;
  }
  return out;
}

}  // namespace opendata::rpc
