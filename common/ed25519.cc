// Implementation of ed25519.h. Stateless apart from the immutable keys.
#include "common/ed25519.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "openssl/evp.h"
#include "openssl/pem.h"

namespace opendata {

struct Ed25519Signer::KeyHolder {
  explicit KeyHolder(EVP_PKEY* k) : pkey(k) {}
  ~KeyHolder() { EVP_PKEY_free(pkey); }
  KeyHolder(const KeyHolder&) = delete;
  KeyHolder& operator=(const KeyHolder&) = delete;
  EVP_PKEY* pkey;
};

namespace {

constexpr char kKeyInvalid[] = "CHECKPOINT_KEY_INVALID";

absl::Status KeyError(absl::string_view what) {
  return MakeError(absl::StatusCode::kInvalidArgument, kKeyInvalid,
                   std::string(what));
}

absl::Status CryptoError(absl::string_view what) {
  return MakeError(absl::StatusCode::kInternal, "CRYPTO_FAILED",
                   std::string(what));
}

// Contents of a memory BIO.
std::string BioContents(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<size_t>(size))
                  : std::string();
}

absl::StatusOr<std::string> RawPublicKey(EVP_PKEY* pkey) {
  size_t size = kEd25519PublicKeySize;
  std::string raw(size, '\0');
  if (EVP_PKEY_get_raw_public_key(
          pkey, reinterpret_cast<unsigned char*>(raw.data()), &size) != 1 ||
      size != kEd25519PublicKeySize) {
    return KeyError("not an Ed25519 key");
  }
  return raw;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(absl::StatusCode::kNotFound, "CHECKPOINT_KEY_MISSING",
                     absl::StrCat("cannot read ", path));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Writes `data` to a new file `path` with `mode`; ALREADY_EXISTS if present.
absl::Status WriteNewFile(const std::string& path, const std::string& data,
                          mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, mode);
  if (fd < 0) {
    return MakeError(errno == EEXIST ? absl::StatusCode::kAlreadyExists
                                     : absl::StatusCode::kUnavailable,
                     "CHECKPOINT_KEY_WRITE_FAILED",
                     absl::StrCat("cannot create ", path));
  }
  const ssize_t written = ::write(fd, data.data(), data.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (written != static_cast<ssize_t>(data.size()) || !synced) {
    return MakeError(absl::StatusCode::kUnavailable,
                     "CHECKPOINT_KEY_WRITE_FAILED",
                     absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

}  // namespace

Ed25519Signer::Ed25519Signer(std::shared_ptr<KeyHolder> key)
    : key_(std::move(key)) {}

absl::StatusOr<Ed25519Signer> Ed25519Signer::FromHolder(
    std::shared_ptr<KeyHolder> key) {
  if (key->pkey == nullptr || EVP_PKEY_id(key->pkey) != EVP_PKEY_ED25519) {
    return KeyError("not an Ed25519 private key");
  }
  Ed25519Signer signer(key);
  ASSIGN_OR_RETURN(signer.raw_public_key_, RawPublicKey(key->pkey));
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()),
                                                &BIO_free);
  if (PEM_write_bio_PUBKEY(bio.get(), key->pkey) != 1) {
    return CryptoError("cannot encode the public key");
  }
  signer.public_key_pem_ = BioContents(bio.get());
  signer.key_id_ = Ed25519KeyId(signer.raw_public_key_);
  return signer;
}

absl::StatusOr<Ed25519Signer> Ed25519Signer::Generate() {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), &EVP_PKEY_CTX_free);
  EVP_PKEY* pkey = nullptr;
  if (ctx == nullptr || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_keygen(ctx.get(), &pkey) != 1) {
    return CryptoError("cannot generate an Ed25519 key");
  }
  return FromHolder(std::make_shared<KeyHolder>(pkey));
}

absl::StatusOr<Ed25519Signer> Ed25519Signer::FromPem(absl::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  EVP_PKEY* pkey =
      PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (pkey == nullptr) return KeyError("not a PEM private key");
  return FromHolder(std::make_shared<KeyHolder>(pkey));
}

absl::StatusOr<std::string> Ed25519Signer::Sign(
    absl::string_view message) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                              &EVP_MD_CTX_free);
  size_t size = kEd25519SignatureSize;
  std::string signature(size, '\0');
  if (ctx == nullptr ||
      EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_->pkey) !=
          1 ||
      EVP_DigestSign(ctx.get(),
                     reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1 ||
      size != kEd25519SignatureSize) {
    return CryptoError("Ed25519 signing failed");
  }
  return signature;
}

absl::StatusOr<std::string> Ed25519Signer::PrivateKeyPem() const {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()),
                                                &BIO_free);
  if (PEM_write_bio_PrivateKey(bio.get(), key_->pkey, nullptr, nullptr, 0,
                               nullptr, nullptr) != 1) {
    return CryptoError("cannot encode the private key");
  }
  return BioContents(bio.get());
}

std::string Ed25519KeyId(absl::string_view raw_public_key) {
  return ToHex(Sha256(raw_public_key).substr(0, 8));
}

absl::StatusOr<std::string> Ed25519RawPublicKeyFromPem(absl::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  EVP_PKEY* pkey =
      absl::StrContains(pem, "PRIVATE KEY")
          ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
          : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
  if (pkey == nullptr) return KeyError("not a PEM Ed25519 key");
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> owned(pkey,
                                                            &EVP_PKEY_free);
  if (EVP_PKEY_id(pkey) != EVP_PKEY_ED25519) {
    return KeyError("not an Ed25519 key");
  }
  return RawPublicKey(pkey);
}

bool VerifyEd25519(absl::string_view raw_public_key, absl::string_view message,
                   absl::string_view signature) {
  if (raw_public_key.size() != kEd25519PublicKeySize ||
      signature.size() != kEd25519SignatureSize) {
    return false;
  }
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
      EVP_PKEY_new_raw_public_key(
          EVP_PKEY_ED25519, nullptr,
          reinterpret_cast<const unsigned char*>(raw_public_key.data()),
          raw_public_key.size()),
      &EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                              &EVP_MD_CTX_free);
  if (pkey == nullptr || ctx == nullptr ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) !=
          1) {
    return false;
  }
  return EVP_DigestVerify(
             ctx.get(),
             reinterpret_cast<const unsigned char*>(signature.data()),
             signature.size(),
             reinterpret_cast<const unsigned char*>(message.data()),
             message.size()) == 1;
}

std::string Ed25519PublicKeyPath(const std::string& private_path) {
  if (absl::EndsWith(private_path, ".pem")) {
    return absl::StrCat(private_path.substr(0, private_path.size() - 4),
                        ".pub.pem");
  }
  return absl::StrCat(private_path, ".pub.pem");
}

absl::StatusOr<Ed25519Signer> WriteNewEd25519KeyPair(
    const std::string& private_path) {
  const std::filesystem::path parent =
      std::filesystem::path(private_path).parent_path();
  if (!parent.empty()) {
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (error) {
      return MakeError(absl::StatusCode::kUnavailable,
                       "CHECKPOINT_KEY_WRITE_FAILED",
                       absl::StrCat("cannot create ", parent.string(), ": ",
                                    error.message()));
    }
  }
  ASSIGN_OR_RETURN(Ed25519Signer signer, Ed25519Signer::Generate());
  ASSIGN_OR_RETURN(std::string pem, signer.PrivateKeyPem());
  RETURN_IF_ERROR(WriteNewFile(private_path, pem, 0600));
  const std::string public_path = Ed25519PublicKeyPath(private_path);
  std::error_code ignored;
  std::filesystem::remove(public_path, ignored);
  RETURN_IF_ERROR(WriteNewFile(public_path, signer.public_key_pem(), 0644));
  return signer;
}

absl::StatusOr<Ed25519Signer> LoadEd25519KeyFile(
    const std::string& private_path, bool create_if_missing) {
  std::error_code error;
  if (!std::filesystem::exists(private_path, error)) {
    if (create_if_missing) return WriteNewEd25519KeyPair(private_path);
    return MakeError(absl::StatusCode::kNotFound, "CHECKPOINT_KEY_MISSING",
                     absl::StrCat("no checkpoint key at ", private_path));
  }
  ASSIGN_OR_RETURN(std::string pem, ReadFile(private_path));
  ASSIGN_OR_RETURN(Ed25519Signer signer, Ed25519Signer::FromPem(pem));
  const std::string public_path = Ed25519PublicKeyPath(private_path);
  if (!std::filesystem::exists(public_path, error)) {
    RETURN_IF_ERROR(WriteNewFile(public_path, signer.public_key_pem(), 0644));
  }
  return signer;
}

}  // namespace opendata
