// Implementation of aead.h (OpenSSL EVP). Stateless; safe from any thread.
#include "common/aead.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdint>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace opendata {

namespace {

using CipherCtx =
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

absl::Status KeySizeError() {
  return InvalidArgument("AEAD_KEY_INVALID",
                         {{"key", "an AES-256 key of 32 bytes"}});
}

absl::Status OpenFailed() {
  return MakeError(absl::StatusCode::kDataLoss, "AEAD_OPEN_FAILED",
                   "ciphertext does not authenticate", {});
}

// Length-prefixed (4 bytes, big-endian) so that the parts cannot slide.
std::string Framed(absl::string_view part) {
  const uint32_t n = static_cast<uint32_t>(part.size());
  std::string out;
  out.push_back(static_cast<char>(n >> 24));
  out.push_back(static_cast<char>(n >> 16));
  out.push_back(static_cast<char>(n >> 8));
  out.push_back(static_cast<char>(n));
  out.append(part.data(), part.size());
  return out;
}

}  // namespace

std::string HmacSha256(absl::string_view key, absl::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), Bytes(data),
       data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

absl::StatusOr<std::string> RandomBytes(size_t size) {
  std::string out(size, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()),
                 static_cast<int>(size)) != 1) {
    return MakeError(absl::StatusCode::kInternal, "RANDOM_FAILED",
                     "the random number generator failed", {});
  }
  return out;
}

absl::StatusOr<std::string> AeadSeal(absl::string_view key,
                                     absl::string_view nonce,
                                     absl::string_view plaintext,
                                     absl::string_view aad) {
  if (key.size() != kAeadKeySize) return KeySizeError();
  if (nonce.size() != kAeadNonceSize) {
    return InvalidArgument("AEAD_NONCE_INVALID",
                           {{"nonce", "a GCM nonce of 12 bytes"}});
  }
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  std::string out(nonce);
  out.resize(kAeadNonceSize + plaintext.size() + kAeadTagSize);
  unsigned char* cipher =
      reinterpret_cast<unsigned char*>(out.data()) + kAeadNonceSize;
  int len = 0;
  bool ok = ctx != nullptr &&
            EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                               Bytes(key), Bytes(nonce)) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(aad),
                              static_cast<int>(aad.size())) == 1 &&
            EVP_EncryptUpdate(ctx.get(), cipher, &len, Bytes(plaintext),
                              static_cast<int>(plaintext.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx.get(), cipher + len, &len) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kAeadTagSize,
                                cipher + plaintext.size()) == 1;
  if (!ok) {
    return MakeError(absl::StatusCode::kInternal, "AEAD_SEAL_FAILED",
                     "encryption failed", {});
  }
  return out;
}

absl::StatusOr<std::string> AeadOpen(absl::string_view key,
                                     absl::string_view sealed,
                                     absl::string_view aad) {
  if (key.size() != kAeadKeySize) return KeySizeError();
  if (sealed.size() < kAeadNonceSize + kAeadTagSize) return OpenFailed();
  const absl::string_view nonce = sealed.substr(0, kAeadNonceSize);
  const absl::string_view cipher = sealed.substr(
      kAeadNonceSize, sealed.size() - kAeadNonceSize - kAeadTagSize);
  std::string tag(sealed.substr(sealed.size() - kAeadTagSize));
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  std::string out(cipher.size(), '\0');
  unsigned char* plain = reinterpret_cast<unsigned char*>(out.data());
  int len = 0;
  bool ok = ctx != nullptr &&
            EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                               Bytes(key), Bytes(nonce)) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(aad),
                              static_cast<int>(aad.size())) == 1 &&
            EVP_DecryptUpdate(ctx.get(), plain, &len, Bytes(cipher),
                              static_cast<int>(cipher.size())) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kAeadTagSize,
                                tag.data()) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), plain + len, &len) == 1;
  if (!ok) return OpenFailed();
  return out;
}

absl::StatusOr<std::string> SealDeterministic(absl::string_view key,
                                              absl::string_view context,
                                              absl::string_view plaintext,
                                              absl::string_view aad) {
  if (key.size() != kAeadKeySize) return KeySizeError();
  const std::string enc_key = HmacSha256(key, "opendata-aead-enc");
  const std::string nonce_key = HmacSha256(key, "opendata-aead-nonce");
  const std::string nonce =
      HmacSha256(nonce_key,
                 absl::StrCat(Framed(context), Framed(aad), plaintext))
          .substr(0, kAeadNonceSize);
  return AeadSeal(enc_key, nonce, plaintext, aad);
}

absl::StatusOr<std::string> AeadOpenDeterministic(absl::string_view key,
                                                  absl::string_view sealed,
                                                  absl::string_view aad) {
  if (key.size() != kAeadKeySize) return KeySizeError();
  return AeadOpen(HmacSha256(key, "opendata-aead-enc"), sealed, aad);
}

absl::StatusOr<std::string> WrapKey(absl::string_view master_key,
                                    absl::string_view data_key,
                                    absl::string_view aad) {
  absl::StatusOr<std::string> nonce = RandomBytes(kAeadNonceSize);
  if (!nonce.ok()) return nonce.status();
  return AeadSeal(master_key, *nonce, data_key, aad);
}

absl::StatusOr<std::string> UnwrapKey(absl::string_view master_key,
                                      absl::string_view wrapped,
                                      absl::string_view aad) {
  return AeadOpen(master_key, wrapped, aad);
}

}  // namespace opendata
