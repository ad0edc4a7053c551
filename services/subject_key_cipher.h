// SubjectKeyCipher: the engine's PersonalDataCipher over the subject-key store
// (storage/subject_key_store.h) and a master key. Each subject has one 256-bit
// data key at a time, stored wrapped (AES-256-GCM) under the master key; a
// value is sealed with the subject's key by deterministic AEAD
// (common/aead.h SealDeterministic, the request id as nonce context) and
// bound to its subject and field. Unwrapped keys are not cached, so that a
// shredded key stops working with the commit that deletes it. Also: loading
// the master key (--master-key-file, OPENDATA_MASTER_KEY).
// Thread-safety: safe from any thread (the store is).
#ifndef OPENDATA_SERVICES_SUBJECT_KEY_CIPHER_H_
#define OPENDATA_SERVICES_SUBJECT_KEY_CIPHER_H_

#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "engine/personal_info/personal_data_cipher.h"
#include "storage/subject_key_store.h"

namespace opendata {

// Environment variable that may hold the master key (64 hex digits); it wins
// over the key file.
inline constexpr char kMasterKeyEnv[] = "OPENDATA_MASTER_KEY";

// The 32-byte master key: OPENDATA_MASTER_KEY if set, else the hex file at
// `path` (created with a fresh key, mode 0600, if missing and
// `create_if_missing`). INVALID_ARGUMENT (MASTER_KEY_INVALID) if it is not 32
// bytes of hex; file-system errors as auth::ReadKeyFile.
absl::StatusOr<std::string> LoadMasterKey(const std::string& path,
                                          bool create_if_missing);

class SubjectKeyCipher final : public PersonalDataCipher {
 public:
  // `store` and `clock` must outlive the cipher; `master_key` is 32 bytes.
  SubjectKeyCipher(SubjectKeyStore* store, std::string master_key,
                   const Clock* clock)
      : store_(store), master_key_(std::move(master_key)), clock_(clock) {}

  absl::StatusOr<std::string> Seal(absl::string_view subject,
                                   absl::string_view field,
                                   absl::string_view context,
                                   absl::string_view plaintext) const override;
  absl::StatusOr<std::optional<std::string>> Open(
      absl::string_view subject, absl::string_view field,
      absl::string_view sealed) const override;

 private:
  // The subject's key id and unwrapped data key; with `create`, a new key if
  // it has none, else nullopt.
  struct DataKey {
    std::string key_id;
    std::string key;
  };
  absl::StatusOr<std::optional<DataKey>> SubjectKey(absl::string_view subject,
                                                    bool create) const;

  SubjectKeyStore* store_;
  const std::string master_key_;
  const Clock* clock_;
};

}  // namespace opendata

#endif  // OPENDATA_SERVICES_SUBJECT_KEY_CIPHER_H_
