// Implementation of subject_key_cipher.h. Error messages never carry a value,
// a key or a subject's personal information.
#include "services/subject_key_cipher.h"

#include <cstdlib>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/aead.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "common/time_util.h"
#include "jining/opendata/v1/personal_info.pb.h"
#include "services/auth/key_file.h"

namespace opendata {

namespace pb = ::jining::opendata::v1;

namespace {

absl::Status Corrupt(absl::string_view what) {
  return MakeError(absl::StatusCode::kDataLoss, "PERSONAL_DATA_CORRUPT",
                   absl::StrCat("a sealed personal value ", what), {});
}

// What a wrapped key is bound to.
std::string WrapLabel(absl::string_view subject, absl::string_view key_id) {
  return absl::StrCat("subject-key\n", subject, "\n", key_id);
}

// What a sealed value is bound to: its field and subject.
std::string ValueLabel(absl::string_view subject, absl::string_view field) {
  return absl::StrCat("pi\n", field, "\n", subject);
}

}  // namespace

absl::StatusOr<std::string> LoadMasterKey(const std::string& path,
                                          bool create_if_missing) {
  std::string key;
  if (const char* env = std::getenv(kMasterKeyEnv); env != nullptr) {
    key = absl::HexStringToBytes(env);
    if (absl::BytesToHexString(key) != absl::AsciiStrToLower(env)) key.clear();
  } else {
    if (create_if_missing && !std::filesystem::exists(path)) {
      RETURN_IF_ERROR(auth::GenerateKeyFile(path, /*overwrite=*/false));
    }
    ASSIGN_OR_RETURN(key, auth::ReadKeyFile(path));
  }
  if (key.size() != kAeadKeySize) {
    return InvalidArgument("MASTER_KEY_INVALID",
                           {{"master_key", "64 hex digits (32 bytes)"}});
  }
  return key;
}

absl::StatusOr<std::optional<SubjectKeyCipher::DataKey>>
SubjectKeyCipher::SubjectKey(absl::string_view subject, bool create) const {
  ASSIGN_OR_RETURN(std::optional<std::string> stored,
                   store_->GetSubjectKey(subject));
  if (!stored.has_value()) {
    if (!create) return std::optional<DataKey>();
    ASSIGN_OR_RETURN(std::string id_bytes, RandomBytes(8));
    ASSIGN_OR_RETURN(std::string key, RandomBytes(kAeadKeySize));
    pb::SubjectDataKey record;
    record.set_key_id(ToHex(id_bytes));
    ASSIGN_OR_RETURN(
        *record.mutable_wrapped_key(),
        WrapKey(master_key_, key, WrapLabel(subject, record.key_id())));
    *record.mutable_create_time() = ToProto(clock_->Now());
    ASSIGN_OR_RETURN(stored, store_->PutSubjectKeyIfAbsent(
                                 subject, record.SerializeAsString()));
  }
  pb::SubjectDataKey record;
  if (!record.ParseFromString(*stored)) {
    return MakeError(absl::StatusCode::kDataLoss, "SUBJECT_KEY_CORRUPT",
                     "a stored subject key does not parse", {});
  }
  absl::StatusOr<std::string> key = UnwrapKey(
      master_key_, record.wrapped_key(), WrapLabel(subject, record.key_id()));
  if (!key.ok()) {
    return MakeError(absl::StatusCode::kDataLoss, "SUBJECT_KEY_CORRUPT",
                     "a stored subject key does not unwrap under the master "
                     "key (wrong master key?)",
                     {});
  }
  return std::optional<DataKey>(DataKey{record.key_id(), *std::move(key)});
}

absl::StatusOr<std::string> SubjectKeyCipher::Seal(
    absl::string_view subject, absl::string_view field,
    absl::string_view context, absl::string_view plaintext) const {
  ASSIGN_OR_RETURN(std::optional<DataKey> key,
                   SubjectKey(subject, /*create=*/true));
  ASSIGN_OR_RETURN(std::string sealed,
                   SealDeterministic(key->key, context, plaintext,
                                     ValueLabel(subject, field)));
  return absl::StrCat(kSealedValuePrefix, key->key_id, ":",
                      absl::WebSafeBase64Escape(sealed));
}

absl::StatusOr<std::optional<std::string>> SubjectKeyCipher::Open(
    absl::string_view subject, absl::string_view field,
    absl::string_view sealed) const {
  if (!IsSealedValue(sealed)) return Corrupt("has no seal prefix");
  const std::vector<absl::string_view> parts = absl::StrSplit(
      sealed.substr(sizeof(kSealedValuePrefix) - 1), absl::MaxSplits(':', 1));
  std::string bytes;
  if (parts.size() != 2 || !absl::WebSafeBase64Unescape(parts[1], &bytes)) {
    return Corrupt("is malformed");
  }
  ASSIGN_OR_RETURN(std::optional<DataKey> key,
                   SubjectKey(subject, /*create=*/false));
  if (!key.has_value() || key->key_id != parts[0]) {
    return std::optional<std::string>();
  }
  absl::StatusOr<std::string> plain =
      AeadOpenDeterministic(key->key, bytes, ValueLabel(subject, field));
  if (!plain.ok()) return Corrupt("does not authenticate");
  return std::optional<std::string>(*std::move(plain));
}

}  // namespace opendata
