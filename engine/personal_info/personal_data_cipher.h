// PersonalDataCipher: how the engine seals and opens personal information
// without knowing where keys live. The services implement it over the
// subject-key store (services/subject_key_cipher.h); the pipeline seals
// commands with it and the queries open what they return (personal_fields.h).
// A sealed value is the text "pi1:<key id>:<base64url ciphertext>" and
// replaces the plaintext in the same string field. Implementations must be
// safe to call from any thread.
#ifndef OPENDATA_ENGINE_PERSONAL_INFO_PERSONAL_DATA_CIPHER_H_
#define OPENDATA_ENGINE_PERSONAL_INFO_PERSONAL_DATA_CIPHER_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opendata {

// Prefix of every sealed value.
inline constexpr char kSealedValuePrefix[] = "pi1:";

// True if `value` is a sealed value (has the prefix).
inline bool IsSealedValue(absl::string_view value) {
  return value.substr(0, sizeof(kSealedValuePrefix) - 1) == kSealedValuePrefix;
}

class PersonalDataCipher {
 public:
  virtual ~PersonalDataCipher() = default;

  // Seals the non-empty `plaintext` of logical field `field` (e.g.
  // "applicant.phone") about `subject` under the subject's current key,
  // creating one if the subject has none. `context` (the request id) feeds the
  // deterministic nonce: the same subject key, context, field and plaintext
  // always give the same sealed value.
  virtual absl::StatusOr<std::string> Seal(
      absl::string_view subject, absl::string_view field,
      absl::string_view context, absl::string_view plaintext) const = 0;

  // The plaintext of `sealed`, which Seal made for (subject, field); nullopt
  // if the key it names is gone (shredded). DATA_LOSS (PERSONAL_DATA_CORRUPT)
  // if it is malformed or does not authenticate.
  virtual absl::StatusOr<std::optional<std::string>> Open(
      absl::string_view subject, absl::string_view field,
      absl::string_view sealed) const = 0;
};

}  // namespace opendata

#endif  // OPENDATA_ENGINE_PERSONAL_INFO_PERSONAL_DATA_CIPHER_H_
