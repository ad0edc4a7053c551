// SHA-256 digests (OpenSSL). Stateless; safe from any thread.
#ifndef OPENDATA_COMMON_SHA256_H_
#define OPENDATA_COMMON_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace opendata {

// Size of a SHA-256 digest in bytes.
inline constexpr size_t kSha256Size = 32;

// Returns the 32-byte binary SHA-256 of `data`.
std::string Sha256(absl::string_view data);

// Returns lowercase hex of `bytes`.
std::string ToHex(absl::string_view bytes);

}  // namespace opendata

#endif  // OPENDATA_COMMON_SHA256_H_
