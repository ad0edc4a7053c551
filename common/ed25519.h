// Ed25519 signatures (OpenSSL EVP) for signed checkpoints: key generation, PEM
// key files (PKCS#8 private key, SubjectPublicKeyInfo public key, as the
// openssl CLI reads and writes them), signing, verification and key ids.
// Ed25519Signer is immutable after construction and safe from any thread; the
// free functions are stateless.
#ifndef OPENDATA_COMMON_ED25519_H_
#define OPENDATA_COMMON_ED25519_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opendata {

// Size of a raw Ed25519 public key and of a signature, in bytes.
inline constexpr size_t kEd25519PublicKeySize = 32;
inline constexpr size_t kEd25519SignatureSize = 64;

// A private key that signs.
class Ed25519Signer {
 public:
  // A fresh random key.
  static absl::StatusOr<Ed25519Signer> Generate();
  // Parses a PEM PKCS#8 Ed25519 private key. INVALID_ARGUMENT
  // (CHECKPOINT_KEY_INVALID) if it is not one.
  static absl::StatusOr<Ed25519Signer> FromPem(absl::string_view pem);

  // 64-byte signature of `message`.
  absl::StatusOr<std::string> Sign(absl::string_view message) const;
  // The PEM PKCS#8 private key.
  absl::StatusOr<std::string> PrivateKeyPem() const;
  // The 32-byte public key, its PEM (SubjectPublicKeyInfo) and its key id.
  const std::string& raw_public_key() const { return raw_public_key_; }
  const std::string& public_key_pem() const { return public_key_pem_; }
  const std::string& key_id() const { return key_id_; }

 private:
  struct KeyHolder;
  explicit Ed25519Signer(std::shared_ptr<KeyHolder> key);
  static absl::StatusOr<Ed25519Signer> FromHolder(
      std::shared_ptr<KeyHolder> key);

  std::shared_ptr<KeyHolder> key_;
  std::string raw_public_key_;
  std::string public_key_pem_;
  std::string key_id_;
};

// Hex of the first 8 bytes of SHA-256(raw 32-byte public key).
std::string Ed25519KeyId(absl::string_view raw_public_key);

// The raw 32-byte key of a PEM Ed25519 public key (or of the public half of a
// PEM private key). INVALID_ARGUMENT (CHECKPOINT_KEY_INVALID) otherwise.
absl::StatusOr<std::string> Ed25519RawPublicKeyFromPem(absl::string_view pem);

// True if `signature` is a valid Ed25519 signature of `message` by
// `raw_public_key`.
bool VerifyEd25519(absl::string_view raw_public_key, absl::string_view message,
                   absl::string_view signature);

// The public key file written beside private key file `private_path`:
// "x/name.pem" -> "x/name.pub.pem" (any other name: private_path + ".pub.pem").
std::string Ed25519PublicKeyPath(const std::string& private_path);

// Writes a new key pair: the private key to `private_path` (mode 0600, created
// exclusively: ALREADY_EXISTS if present) and the public key to
// Ed25519PublicKeyPath(private_path). Creates missing parent directories.
absl::StatusOr<Ed25519Signer> WriteNewEd25519KeyPair(
    const std::string& private_path);

// Loads the private key at `private_path`; with `create_if_missing`, writes a
// new pair first if the file does not exist. Rewrites the public key file if it
// is missing. NOT_FOUND if absent and not created.
absl::StatusOr<Ed25519Signer> LoadEd25519KeyFile(
    const std::string& private_path, bool create_if_missing);

}  // namespace opendata

#endif  // OPENDATA_COMMON_ED25519_H_
