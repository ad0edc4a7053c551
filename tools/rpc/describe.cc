// Descriptions of schema elements (see describe.h).
// Thread-safety: stateless; safe to call concurrently.
#include "tools/rpc/describe.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace opendata::rpc {
namespace {

namespace protobuf = ::google::protobuf;

const char* KindOf(const protobuf::ServiceDescriptor*) { return "a service"; }
const char* KindOf(const protobuf::MethodDescriptor*) { return "a method"; }
const char* KindOf(const protobuf::Descriptor*) { return "a message"; }
const char* KindOf(const protobuf::FieldDescriptor* field) {
  return field->is_extension() ? "an extension" : "a field";
}
const char* KindOf(const protobuf::OneofDescriptor*) { return "a one-of"; }
const char* KindOf(const protobuf::EnumDescriptor*) { return "an enum"; }
const char* KindOf(const protobuf::EnumValueDescriptor*) {
  return "an enum value";
}

// The map field whose entry type is `message`, or nullptr if `message` is no
// map entry.
const protobuf::FieldDescriptor* MapFieldOf(
    const protobuf::Descriptor* message) {
  const protobuf::Descriptor* parent = message->containing_type();
  if (!message->options().map_entry() || parent == nullptr) return nullptr;
  for (int i = 0; i < parent->field_count(); ++i) {
    if (parent->field(i)->message_type() == message) return parent->field(i);
  }
  return nullptr;
}

}  // namespace

std::string DescribeSymbol(const SymbolDescriptor& symbol) {
  // A map entry has no text of its own (like grpcurl, show the map field
  // instead).
  if (const auto* const* message =
          std::get_if<const protobuf::Descriptor*>(&symbol)) {
    if (const protobuf::FieldDescriptor* field = MapFieldOf(*message)) {
      return absl::StrCat((*message)->full_name(),
                          " is the entry type for a map field:\n",
                          absl::StripSuffix(field->DebugString(), "\n"), "\n");
    }
  }
  return std::visit(
      [](const auto* descriptor) {
        const std::string text = descriptor->DebugString();
        return absl::StrCat(descriptor->full_name(), " is ", KindOf(descriptor),
                            ":\n", absl::StripSuffix(text, "\n"), "\n");
      },
      symbol);
}

}  // namespace opendata::rpc
