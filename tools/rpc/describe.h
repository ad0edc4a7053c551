// Text for `describe`: what kind of element a symbol is, followed by its
// definition in .proto syntax.
// Thread-safety: stateless; safe to call concurrently.
#ifndef OPENDATA_TOOLS_RPC_DESCRIBE_H_
#define OPENDATA_TOOLS_RPC_DESCRIBE_H_

#include <string>

#include "tools/rpc/reflection_client.h"

namespace opendata::rpc {

// Returns e.g. "helloworld.Greeter is a service:\nservice Greeter {\n  rpc
// SayHello(...) returns (...);\n}\n".
std::string DescribeSymbol(const SymbolDescriptor& symbol);

}  // namespace opendata::rpc

#endif  // OPENDATA_TOOLS_RPC_DESCRIBE_H_
