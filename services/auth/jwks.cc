// JWKS parsing and writing on OpenSSL 3 keys (see jwks.h). JSON is read and
// written with protobuf's JSON support (google.protobuf.Struct).
// Thread-safety: no shared mutable state.
#include "services/auth/jwks.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace opendata::auth {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

constexpr char kP256GroupName[] = "prime256v1";
constexpr size_t kP256CoordinateBytes = 32;

struct BnDeleter {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnDeleter>;
struct ParamBldDeleter {
  void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamDeleter {
  void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter>;

// Members that only a private JWK has (RFC 7518 6.2.2 and 6.3.2).
constexpr const char* kPrivateMembers[] = {"d",  "p",  "q",   "dp",
                                           "dq", "qi", "oth", "k"};

// Strict unpadded base64url (RFC 7515 2): only the alphabet, no '='.
std::optional<std::string> DecodeBase64Url(absl::string_view text) {
  if (text.empty() || text.size() % 4 == 1) return std::nullopt;
  for (char c : text) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' &&
        c != '_') {
      return std::nullopt;
    }
  }
  std::string bytes;
  if (!absl::WebSafeBase64Unescape(text, &bytes)) return std::nullopt;
  // Canonical encoding only: the unused low bits of the last character are 0.
  if (absl::WebSafeBase64Escape(bytes) != text) return std::nullopt;
  return bytes;
}

class KeyErrors {
 public:
  KeyErrors(int index, absl::string_view kid) : index_(index), kid_(kid) {}
  absl::Status Error(absl::string_view what) const {
    return absl::InvalidArgumentError(
        kid_.empty() ? absl::StrCat("JWKS key #", index_, ": ", what)
                     : absl::StrCat("JWKS key #", index_, " (kid \"", kid_,
                                    "\"): ", what));
  }

 private:
  int index_;
  std::string kid_;
};

// The string member `name`, "" when absent; an error when not a string.
absl::StatusOr<std::string> StringMember(const Struct& jwk,
                                         absl::string_view name,
                                         const KeyErrors& errors) {
  const auto it = jwk.fields().find(std::string(name));
  if (it == jwk.fields().end()) return std::string();
  if (it->second.kind_case() != Value::kStringValue) {
    return errors.Error(absl::StrCat("\"", name, "\" must be a string"));
  }
  return it->second.string_value();
}

absl::StatusOr<std::string> Base64Member(const Struct& jwk,
                                         absl::string_view name,
                                         const KeyErrors& errors) {
  absl::StatusOr<std::string> text = StringMember(jwk, name, errors);
  if (!text.ok()) return text.status();
  if (text->empty()) {
    return errors.Error(absl::StrCat("\"", name, "\" is required"));
  }
  std::optional<std::string> bytes = DecodeBase64Url(*text);
  if (!bytes.has_value()) {
    return errors.Error(
        absl::StrCat("\"", name, "\" is not unpadded base64url"));
  }
  return *bytes;
}

BnPtr ToBignum(absl::string_view bytes) {
  return BnPtr(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                         static_cast<int>(bytes.size()), nullptr));
}

// Builds a public key of `type` ("RSA" or "EC") from OpenSSL parameters and
// checks it (an EC point must lie on the curve).
PublicKey FromParams(const char* type, OSSL_PARAM_BLD* bld) {
  std::unique_ptr<OSSL_PARAM, ParamDeleter> params(
      OSSL_PARAM_BLD_to_param(bld));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (params == nullptr || ctx == nullptr ||
      EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) !=
          1) {
    return nullptr;
  }
  PublicKey key(raw, EVP_PKEY_free);
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, raw, nullptr));
  if (check == nullptr || EVP_PKEY_public_check(check.get()) != 1) {
    return nullptr;
  }
  return key;
}

absl::StatusOr<PublicKey> RsaKey(const Struct& jwk, const KeyErrors& errors) {
  absl::StatusOr<std::string> n = Base64Member(jwk, "n", errors);
  if (!n.ok()) return n.status();
  absl::StatusOr<std::string> e = Base64Member(jwk, "e", errors);
  if (!e.ok()) return e.status();
  BnPtr modulus = ToBignum(*n);
  BnPtr exponent = ToBignum(*e);
  if (modulus == nullptr || exponent == nullptr) {
    return absl::InternalError("out of memory");
  }
  if (BN_num_bits(modulus.get()) < kMinRsaBits) {
    return errors.Error(
        absl::StrCat("RSA modulus has ", BN_num_bits(modulus.get()),
                     " bits; at least ", kMinRsaBits, " are required"));
  }
  if (!BN_is_odd(exponent.get()) || BN_num_bits(exponent.get()) < 2 ||
      BN_num_bits(exponent.get()) > 32) {
    return errors.Error("RSA exponent \"e\" must be odd, > 1 and < 2^32");
  }
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(OSSL_PARAM_BLD_new());
  if (bld == nullptr ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) !=
          1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E,
                             exponent.get()) != 1) {
    return absl::InternalError("out of memory");
  }
  PublicKey key = FromParams("RSA", bld.get());
  if (key == nullptr) return errors.Error("not a valid RSA public key");
  return key;
}

absl::StatusOr<PublicKey> EcKey(const Struct& jwk, const KeyErrors& errors) {
  absl::StatusOr<std::string> crv = StringMember(jwk, "crv", errors);
  if (!crv.ok()) return crv.status();
  if (*crv != "P-256") {
    return errors.Error(
        absl::StrCat("unsupported crv \"", *crv, "\" (only P-256)"));
  }
  absl::StatusOr<std::string> x = Base64Member(jwk, "x", errors);
  if (!x.ok()) return x.status();
  absl::StatusOr<std::string> y = Base64Member(jwk, "y", errors);
  if (!y.ok()) return y.status();
  if (x->size() != kP256CoordinateBytes || y->size() != kP256CoordinateBytes) {
    return errors.Error("\"x\" and \"y\" must be 32 bytes each for P-256");
  }
  const std::string point = absl::StrCat("\x04", *x, *y);
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(OSSL_PARAM_BLD_new());
  if (bld == nullptr ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                      kP256GroupName, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                       point.data(), point.size()) != 1) {
    return absl::InternalError("out of memory");
  }
  PublicKey key = FromParams("EC", bld.get());
  if (key == nullptr) return errors.Error("not a point on curve P-256");
  return key;
}

absl::StatusOr<Jwk> ParseKey(const Value& value, int index,
                             absl::flat_hash_set<std::string>& kids) {
  if (value.kind_case() != Value::kStructValue) {
    return KeyErrors(index, "").Error("must be a JSON object");
  }
  const Struct& jwk = value.struct_value();
  absl::StatusOr<std::string> kid =
      StringMember(jwk, "kid", KeyErrors(index, ""));
  if (!kid.ok()) return kid.status();
  const KeyErrors errors(index, *kid);
  if (kid->empty()) return errors.Error("\"kid\" is required");
  if (!kids.insert(*kid).second) return errors.Error("duplicate kid");
  for (const char* member : kPrivateMembers) {
    if (jwk.fields().contains(member)) {
      return errors.Error(
          absl::StrCat("holds the private member \"", member,
                       "\"; a JWKS must hold public keys only"));
    }
  }
  absl::StatusOr<std::string> kty = StringMember(jwk, "kty", errors);
  if (!kty.ok()) return kty.status();
  absl::StatusOr<std::string> alg = StringMember(jwk, "alg", errors);
  if (!alg.ok()) return alg.status();
  absl::StatusOr<std::string> use = StringMember(jwk, "use", errors);
  if (!use.ok()) return use.status();
  if (!use->empty() && *use != "sig") {
    return errors.Error(absl::StrCat("\"use\" is \"", *use, "\", not \"sig\""));
  }
  if (const auto ops = jwk.fields().find("key_ops");
      ops != jwk.fields().end()) {
    const bool verifies = ops->second.kind_case() == Value::kListValue &&
                          std::any_of(ops->second.list_value().values().begin(),
                                      ops->second.list_value().values().end(),
                                      [](const Value& op) {
                                        return op.string_value() == "verify";
                                      });
    if (!verifies) return errors.Error("\"key_ops\" does not allow \"verify\"");
  }
  Jwk result;
  result.kid = *kid;
  absl::StatusOr<PublicKey> key;
  if (*kty == "RSA") {
    result.alg = std::string(kAlgRs256);
    key = RsaKey(jwk, errors);
  } else if (*kty == "EC") {
    result.alg = std::string(kAlgEs256);
    key = EcKey(jwk, errors);
  } else {
    return errors.Error(
        absl::StrCat("unsupported kty \"", *kty, "\" (only RSA and EC)"));
  }
  if (!key.ok()) return key.status();
  if (!alg->empty() && *alg != result.alg) {
    return errors.Error(absl::StrCat("\"alg\" is \"", *alg, "\" but a ", *kty,
                                     " key verifies only ", result.alg));
  }
  result.key = *std::move(key);
  return result;
}

absl::StatusOr<Struct> ParseObject(absl::string_view json) {
  Struct root;
  if (!google::protobuf::util::JsonStringToMessage(std::string(json), &root)
           .ok()) {
    return absl::InvalidArgumentError("JWKS is not a JSON object");
  }
  return root;
}

absl::StatusOr<std::string> ToJson(const Struct& object, bool pretty) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = pretty;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(object, &json, options)
           .ok()) {
    return absl::InternalError("could not write JSON");
  }
  return json;
}

absl::StatusOr<std::string> BignumMember(EVP_PKEY* key, const char* param,
                                         int width) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, param, &raw) != 1) {
    return absl::InvalidArgumentError("key lacks a public parameter");
  }
  BnPtr bn(raw);
  std::string bytes(width > 0 ? width : BN_num_bytes(bn.get()), '\0');
  if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(bytes.data()),
                   static_cast<int>(bytes.size())) < 0) {
    return absl::InvalidArgumentError("key parameter too large");
  }
  return absl::WebSafeBase64Escape(bytes);
}

}  // namespace

const Jwk* Jwks::Find(absl::string_view kid) const {
  for (const Jwk& jwk : keys) {
    if (jwk.kid == kid) return &jwk;
  }
  return nullptr;
}

absl::StatusOr<Jwks> ParseJwks(absl::string_view json) {
  absl::StatusOr<Struct> root = ParseObject(json);
  if (!root.ok()) return root.status();
  const auto keys = root->fields().find("keys");
  if (keys == root->fields().end() ||
      keys->second.kind_case() != Value::kListValue) {
    return absl::InvalidArgumentError("JWKS needs a \"keys\" array");
  }
  if (keys->second.list_value().values().empty()) {
    return absl::InvalidArgumentError("JWKS \"keys\" is empty");
  }
  Jwks jwks;
  absl::flat_hash_set<std::string> kids;
  int index = 0;
  for (const Value& value : keys->second.list_value().values()) {
    absl::StatusOr<Jwk> jwk = ParseKey(value, index++, kids);
    if (!jwk.ok()) return jwk.status();
    jwks.keys.push_back(*std::move(jwk));
  }
  return jwks;
}

absl::StatusOr<Jwks> ReadJwksFile(absl::string_view path) {
  std::ifstream in{std::string(path), std::ios::binary};
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot read"));
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > kMaxJwksBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": larger than ", kMaxJwksBytes, " bytes"));
  }
  absl::StatusOr<Jwks> jwks = ParseJwks(text.str());
  if (!jwks.ok()) {
    return absl::Status(jwks.status().code(),
                        absl::StrCat(path, ": ", jwks.status().message()));
  }
  return jwks;
}

absl::StatusOr<std::string> PublicJwkJson(EVP_PKEY* key,
                                          absl::string_view kid) {
  if (kid.empty()) return absl::InvalidArgumentError("kid must not be empty");
  Struct jwk;
  auto& fields = *jwk.mutable_fields();
  fields["kid"].set_string_value(std::string(kid));
  fields["use"].set_string_value("sig");
  if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
    if (EVP_PKEY_get_bits(key) < kMinRsaBits) {
      return absl::InvalidArgumentError(
          absl::StrCat("RSA keys need at least ", kMinRsaBits, " bits"));
    }
    absl::StatusOr<std::string> n = BignumMember(key, OSSL_PKEY_PARAM_RSA_N, 0);
    absl::StatusOr<std::string> e = BignumMember(key, OSSL_PKEY_PARAM_RSA_E, 0);
    if (!n.ok()) return n.status();
    if (!e.ok()) return e.status();
    fields["kty"].set_string_value("RSA");
    fields["alg"].set_string_value(std::string(kAlgRs256));
    fields["n"].set_string_value(*n);
    fields["e"].set_string_value(*e);
  } else if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC) {
    char group[64] = {};
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                       sizeof(group), nullptr) != 1 ||
        absl::string_view(group) != kP256GroupName) {
      return absl::InvalidArgumentError("EC keys must be on curve P-256");
    }
    absl::StatusOr<std::string> x =
        BignumMember(key, OSSL_PKEY_PARAM_EC_PUB_X, kP256CoordinateBytes);
    absl::StatusOr<std::string> y =
        BignumMember(key, OSSL_PKEY_PARAM_EC_PUB_Y, kP256CoordinateBytes);
    if (!x.ok()) return x.status();
    if (!y.ok()) return y.status();
    fields["kty"].set_string_value("EC");
    fields["alg"].set_string_value(std::string(kAlgEs256));
    fields["crv"].set_string_value("P-256");
    fields["x"].set_string_value(*x);
    fields["y"].set_string_value(*y);
  } else {
    return absl::InvalidArgumentError("only RSA and EC P-256 keys");
  }
  return ToJson(jwk, /*pretty=*/false);
}

absl::StatusOr<std::string> JwksJson(const std::vector<std::string>& jwks) {
  Struct root;
  auto* keys = (*root.mutable_fields())["keys"].mutable_list_value();
  for (const std::string& text : jwks) {
    absl::StatusOr<Struct> jwk = ParseObject(text);
    if (!jwk.ok()) return jwk.status();
    *keys->add_values()->mutable_struct_value() = *std::move(jwk);
  }
  absl::StatusOr<std::string> json = ToJson(root, /*pretty=*/true);
  if (!json.ok()) return json.status();
  if (absl::StatusOr<Jwks> check = ParseJwks(*json); !check.ok()) {
    return check.status();
  }
  return json;
}

absl::StatusOr<std::vector<std::string>> JwkTexts(absl::string_view json) {
  if (absl::StatusOr<Jwks> check = ParseJwks(json); !check.ok()) {
    return check.status();
  }
  absl::StatusOr<Struct> root = ParseObject(json);
  if (!root.ok()) return root.status();
  std::vector<std::string> texts;
  for (const Value& key : root->fields().at("keys").list_value().values()) {
    absl::StatusOr<std::string> text = ToJson(key.struct_value(), false);
    if (!text.ok()) return text.status();
    texts.push_back(*std::move(text));
  }
  return texts;
}

}  // namespace opendata::auth
