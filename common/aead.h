// Authenticated encryption for data at rest (OpenSSL EVP): AES-256-GCM with a
// caller-supplied 96-bit nonce, HMAC-SHA256, a deterministic synthetic nonce
// (see SealDeterministic), key wrapping under a master key, and random keys.
// Used for personal information (per-subject data keys, docs/architecture.md
// "Personal information") and meant for any other per-record data key.
// Stateless; safe from any thread.
#ifndef OPENDATA_COMMON_AEAD_H_
#define OPENDATA_COMMON_AEAD_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opendata {

// AES-256 key size, GCM nonce size and GCM tag size, in bytes.
inline constexpr size_t kAeadKeySize = 32;
inline constexpr size_t kAeadNonceSize = 12;
inline constexpr size_t kAeadTagSize = 16;

// HMAC-SHA256(key, data): 32 bytes.
std::string HmacSha256(absl::string_view key, absl::string_view data);

// `size` bytes from OpenSSL's CSPRNG. INTERNAL if it fails.
absl::StatusOr<std::string> RandomBytes(size_t size);

// AES-256-GCM: returns nonce || ciphertext || tag. `key` must be 32 bytes and
// `nonce` 12 bytes (INVALID_ARGUMENT otherwise). `aad` is authenticated, not
// encrypted.
absl::StatusOr<std::string> AeadSeal(absl::string_view key,
                                     absl::string_view nonce,
                                     absl::string_view plaintext,
                                     absl::string_view aad);

// Opens nonce || ciphertext || tag from AeadSeal. INVALID_ARGUMENT for a bad
// key size; DATA_LOSS (AEAD_OPEN_FAILED) if the input is too short or does not
// authenticate under `key` and `aad`.
absl::StatusOr<std::string> AeadOpen(absl::string_view key,
                                     absl::string_view sealed,
                                     absl::string_view aad);

// Deterministic AEAD (a synthetic-nonce construction): two subkeys are derived
// from `key` (HMAC(key, "opendata-aead-enc") for AES-256-GCM and
// HMAC(key, "opendata-aead-nonce") for the nonce); the nonce is the first 12
// bytes of HMAC(nonce key, len(context)||context||len(aad)||aad||plaintext).
// The same (key, context, aad, plaintext) always gives the same output, which
// is what makes a retried command fingerprint-identical; a different
// plaintext, aad or context gives an unrelated nonce, so a nonce repeats under
// one key only for identical inputs (which then only reveals equality).
// Open with AeadOpenDeterministic.
absl::StatusOr<std::string> SealDeterministic(absl::string_view key,
                                              absl::string_view context,
                                              absl::string_view plaintext,
                                              absl::string_view aad);
absl::StatusOr<std::string> AeadOpenDeterministic(absl::string_view key,
                                                  absl::string_view sealed,
                                                  absl::string_view aad);

// Wraps a data key under a 32-byte master key: AES-256-GCM with a random nonce
// and the label `aad` (e.g. the key's owner) authenticated.
absl::StatusOr<std::string> WrapKey(absl::string_view master_key,
                                    absl::string_view data_key,
                                    absl::string_view aad);
// Unwraps; DATA_LOSS (AEAD_OPEN_FAILED) for a wrong master key, label or a
// damaged wrapping.
absl::StatusOr<std::string> UnwrapKey(absl::string_view master_key,
                                      absl::string_view wrapped,
                                      absl::string_view aad);

}  // namespace opendata

#endif  // OPENDATA_COMMON_AEAD_H_
