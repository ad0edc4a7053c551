// Which elements a FileDescriptorProto defines, by fully-qualified name (no
// leading '.').
// Thread-safety: stateless functions; safe to call concurrently.
#ifndef OPENDATA_TOOLS_RPC_DESCRIPTOR_SYMBOLS_H_
#define OPENDATA_TOOLS_RPC_DESCRIPTOR_SYMBOLS_H_

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.pb.h"

namespace opendata::rpc {

// True when `file` defines `symbol`: a message, field, oneof, enum, enum value,
// service, method or extension.
bool DefinesSymbol(const google::protobuf::FileDescriptorProto& file,
                   absl::string_view symbol);

// True when `file` declares extension `number` of message `containing_type`.
bool DefinesExtension(const google::protobuf::FileDescriptorProto& file,
                      absl::string_view containing_type, int number);

}  // namespace opendata::rpc

#endif  // OPENDATA_TOOLS_RPC_DESCRIPTOR_SYMBOLS_H_
