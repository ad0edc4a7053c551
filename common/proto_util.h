// Deterministic protobuf serialization (stable bytes for hashing, fingerprints
// and byte-identical replay). Stateless; safe from any thread.
#ifndef OPENDATA_COMMON_PROTO_UTIL_H_
#define OPENDATA_COMMON_PROTO_UTIL_H_

#include <string>

#include "google/protobuf/message.h"

namespace opendata {

// Serializes `m` with deterministic map ordering.
std::string SerializeDeterministic(const google::protobuf::Message& m);

}  // namespace opendata

#endif  // OPENDATA_COMMON_PROTO_UTIL_H_
