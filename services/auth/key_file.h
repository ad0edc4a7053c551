// HS256 key files for local development: a text file holding the hex of >= 32
// random bytes, mode 0600.
// Thread-safety: the functions keep no state; concurrent GenerateKeyFile calls
// on one path race like any two writers of a file (exactly one wins when
// overwrite is false).
#ifndef OPENDATA_SERVICES_AUTH_KEY_FILE_H_
#define OPENDATA_SERVICES_AUTH_KEY_FILE_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opendata::auth {

// Size of a generated key, and the smallest key that signing and verification
// accept.
inline constexpr size_t kHs256KeyBytes = 32;

// Returns the key bytes (not the hex). Surrounding whitespace is ignored.
// Errors: NotFound / PermissionDenied / ... from the file system;
// InvalidArgument when the content is not hex or holds fewer than
// kHs256KeyBytes bytes.
absl::StatusOr<std::string> ReadKeyFile(absl::string_view path);

// Writes kHs256KeyBytes fresh bytes from OpenSSL's RAND_bytes as lowercase hex
// plus a newline, with file mode 0600, creating missing parent directories
// (mode 0700). When the file exists, returns AlreadyExists unless overwrite is
// true, in which case it is replaced atomically.
absl::Status GenerateKeyFile(absl::string_view path, bool overwrite);

}  // namespace opendata::auth

#endif  // OPENDATA_SERVICES_AUTH_KEY_FILE_H_
