// Symbol search in FileDescriptorProtos (see descriptor_symbols.h).
// Thread-safety: stateless; safe to call concurrently.
#include "tools/rpc/descriptor_symbols.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace opendata::rpc {
namespace {

namespace protobuf = ::google::protobuf;

// `scope` is "" or a name ending in '.'.
bool EnumDefines(const protobuf::EnumDescriptorProto& enum_type,
                 const std::string& scope, absl::string_view symbol) {
  if (symbol == absl::StrCat(scope, enum_type.name())) return true;
  for (const auto& value : enum_type.value()) {
    // Enum values are siblings of their enum, not children.
    if (symbol == absl::StrCat(scope, value.name())) return true;
  }
  return false;
}

bool MessageDefines(const protobuf::DescriptorProto& message,
                    const std::string& scope, absl::string_view symbol) {
  const std::string name = absl::StrCat(scope, message.name());
  if (symbol == name) return true;
  const std::string inner = name + ".";
  if (!absl::StartsWith(symbol, inner)) return false;
  for (const auto& field : message.field()) {
    if (symbol == inner + field.name()) return true;
  }
  for (const auto& extension : message.extension()) {
    if (symbol == inner + extension.name()) return true;
  }
  for (const auto& oneof : message.oneof_decl()) {
    if (symbol == inner + oneof.name()) return true;
  }
  for (const auto& enum_type : message.enum_type()) {
    if (EnumDefines(enum_type, inner, symbol)) return true;
  }
  for (const auto& nested : message.nested_type()) {
    if (MessageDefines(nested, inner, symbol)) return true;
  }
  return false;
}

bool ExtensionsExtend(const google::protobuf::RepeatedPtrField<
                          protobuf::FieldDescriptorProto>& extensions,
                      absl::string_view containing_type, int number) {
  for (const auto& extension : extensions) {
    if (extension.number() == number &&
        absl::StripPrefix(extension.extendee(), ".") == containing_type) {
      return true;
    }
  }
  return false;
}

bool MessageExtends(const protobuf::DescriptorProto& message,
                    absl::string_view containing_type, int number) {
  if (ExtensionsExtend(message.extension(), containing_type, number)) {
    return true;
  }
  for (const auto& nested : message.nested_type()) {
    if (MessageExtends(nested, containing_type, number)) return true;
  }
  return false;
}

}  // namespace

bool DefinesSymbol(const protobuf::FileDescriptorProto& file,
                   absl::string_view symbol) {
  const std::string scope =
      file.package().empty() ? "" : absl::StrCat(file.package(), ".");
  if (!absl::StartsWith(symbol, scope)) return false;
  for (const auto& message : file.message_type()) {
    if (MessageDefines(message, scope, symbol)) return true;
  }
  for (const auto& enum_type : file.enum_type()) {
    if (EnumDefines(enum_type, scope, symbol)) return true;
  }
  for (const auto& extension : file.extension()) {
    if (symbol == scope + extension.name()) return true;
  }
  for (const auto& service : file.service()) {
    const std::string name = scope + service.name();
    if (symbol == name) return true;
    for (const auto& method : service.method()) {
      if (symbol == absl::StrCat(name, ".", method.name())) return true;
    }
  }
  return false;
}

bool DefinesExtension(const protobuf::FileDescriptorProto& file,
                      absl::string_view containing_type, int number) {
  if (ExtensionsExtend(file.extension(), containing_type, number)) return true;
  for (const auto& message : file.message_type()) {
    if (MessageExtends(message, containing_type, number)) return true;
  }
  return false;
}

}  // namespace opendata::rpc
