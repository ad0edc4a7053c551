// Implementation of jwt_signer.h on OpenSSL 3 EVP.
// Thread-safety: no shared mutable state.
#include "services/auth/jwt_signer.h"

#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace opendata::auth {
namespace {

using google::protobuf::Struct;

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};

absl::StatusOr<std::string> Base64UrlJson(const Struct& object) {
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(object, &json).ok()) {
    return absl::InternalError("could not write JSON");
  }
  return absl::WebSafeBase64Escape(json);
}

absl::Status CheckMintable(const TokenClaims& claims, absl::string_view kid,
                           absl::string_view issuer,
                           absl::string_view audience) {
  if (kid.empty() || issuer.empty() || audience.empty()) {
    return absl::InvalidArgumentError(
        "kid, issuer and audience must not be empty");
  }
  if (absl::Status status = ValidateClaimValues(claims); !status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad claim ", status.message()));
  }
  for (absl::Time time :
       {claims.issued_at, claims.not_before, claims.expires_at}) {
    if (time == absl::InfinitePast() || time == absl::InfiniteFuture()) {
      return absl::InvalidArgumentError("iat, nbf and exp must be finite");
    }
  }
  if (claims.expires_at <= claims.issued_at ||
      claims.expires_at <= claims.not_before) {
    return absl::InvalidArgumentError("exp must be after iat and nbf");
  }
  return absl::OkStatus();
}

Struct Payload(const TokenClaims& claims, absl::string_view issuer,
               absl::string_view audience) {
  Struct payload;
  auto& fields = *payload.mutable_fields();
  const std::pair<const char*, absl::string_view> strings[] = {
      {kClaimIssuer, issuer},
      {kClaimAudience, audience},
      {kClaimSubject, claims.subject},
      {kClaimRole, claims.role},
      {kClaimOrganization, claims.organization},
      {kClaimLevel, claims.level},
      {kClaimRegion, claims.region},
      {kClaimName, claims.name},
      {kClaimPersonType, claims.person_type},
  };
  for (const auto& [claim, value] : strings) {
    if (!value.empty()) fields[claim].set_string_value(std::string(value));
  }
  fields[kClaimRealNameVerified].set_bool_value(claims.real_name_verified);
  fields[kClaimIssuedAt].set_number_value(
      static_cast<double>(absl::ToUnixSeconds(claims.issued_at)));
  fields[kClaimNotBefore].set_number_value(
      static_cast<double>(absl::ToUnixSeconds(claims.not_before)));
  fields[kClaimExpiresAt].set_number_value(
      static_cast<double>(absl::ToUnixSeconds(claims.expires_at)));
  return payload;
}

absl::StatusOr<std::string> Sign(EVP_PKEY* key, absl::string_view input) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t size = 0;
  std::string signature;
  bool ok = ctx != nullptr &&
            EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
            EVP_DigestSign(ctx, nullptr, &size,
                           reinterpret_cast<const unsigned char*>(input.data()),
                           input.size()) == 1;
  if (ok) {
    signature.resize(size);
    ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()),
                        &size,
                        reinterpret_cast<const unsigned char*>(input.data()),
                        input.size()) == 1;
    signature.resize(size);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) return absl::InternalError("OpenSSL could not sign");
  return signature;
}

// DER ECDSA signature to the JOSE r||s form.
absl::StatusOr<std::string> DerToEs256(absl::string_view der) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig =
      d2i_ECDSA_SIG(nullptr, &bytes, static_cast<long>(der.size()));
  if (sig == nullptr) return absl::InternalError("bad ECDSA signature");
  std::string raw(64, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  const bool ok = BN_bn2binpad(ECDSA_SIG_get0_r(sig), out, 32) == 32 &&
                  BN_bn2binpad(ECDSA_SIG_get0_s(sig), out + 32, 32) == 32;
  ECDSA_SIG_free(sig);
  if (!ok) return absl::InternalError("bad ECDSA signature");
  return raw;
}

}  // namespace

absl::StatusOr<PublicKey> GeneratePrivateKey(JwtAlg alg) {
  EVP_PKEY* key = nullptr;
  switch (alg) {
    case JwtAlg::kRs256:
      key = EVP_RSA_gen(static_cast<unsigned int>(kMinRsaBits));
      break;
    case JwtAlg::kEs256:
      key = EVP_EC_gen("P-256");
      break;
    case JwtAlg::kHs256:
      return absl::InvalidArgumentError(
          "HS256 keys are made with opendata-admin gen-key");
  }
  if (key == nullptr) return absl::InternalError("key generation failed");
  return PublicKey(key, EVP_PKEY_free);
}

absl::Status WritePrivateKeyPem(EVP_PKEY* key, absl::string_view path) {
  const std::string file(path);
  const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    return errno == EEXIST
               ? absl::AlreadyExistsError(absl::StrCat(path, " exists"))
               : absl::PermissionDeniedError(
                     absl::StrCat(path, ": ", std::strerror(errno)));
  }
  FILE* out = fdopen(fd, "w");
  if (out == nullptr) {
    close(fd);
    return absl::InternalError(absl::StrCat(path, ": fdopen failed"));
  }
  const bool ok = PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr,
                                       nullptr) == 1;
  if (std::fclose(out) != 0 || !ok) {
    return absl::InternalError(absl::StrCat(path, ": could not write"));
  }
  return absl::OkStatus();
}

absl::StatusOr<PublicKey> ReadPrivateKeyPem(absl::string_view path) {
  std::unique_ptr<BIO, BioDeleter> bio(
      BIO_new_file(std::string(path).c_str(), "r"));
  if (bio == nullptr) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot read"));
  }
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not a PEM private key"));
  }
  return PublicKey(key, EVP_PKEY_free);
}

absl::StatusOr<std::string> MintJwt(const TokenClaims& claims, JwtAlg alg,
                                    EVP_PKEY* private_key,
                                    absl::string_view kid,
                                    absl::string_view issuer,
                                    absl::string_view audience) {
  if (absl::Status status = CheckMintable(claims, kid, issuer, audience);
      !status.ok()) {
    return status;
  }
  const int type = EVP_PKEY_get_base_id(private_key);
  if (!((alg == JwtAlg::kRs256 && type == EVP_PKEY_RSA) ||
        (alg == JwtAlg::kEs256 && type == EVP_PKEY_EC &&
         EVP_PKEY_get_bits(private_key) == 256))) {
    return absl::InvalidArgumentError(
        "RS256 needs an RSA key and ES256 an EC P-256 key");
  }
  Struct header;
  (*header.mutable_fields())["alg"].set_string_value(
      std::string(JwtAlgName(alg)));
  (*header.mutable_fields())["kid"].set_string_value(std::string(kid));
  (*header.mutable_fields())["typ"].set_string_value("JWT");
  absl::StatusOr<std::string> header_text = Base64UrlJson(header);
  if (!header_text.ok()) return header_text.status();
  absl::StatusOr<std::string> payload_text =
      Base64UrlJson(Payload(claims, issuer, audience));
  if (!payload_text.ok()) return payload_text.status();
  const std::string input = absl::StrCat(*header_text, ".", *payload_text);
  absl::StatusOr<std::string> signature = Sign(private_key, input);
  if (!signature.ok()) return signature.status();
  if (alg == JwtAlg::kEs256) {
    signature = DerToEs256(*signature);
    if (!signature.ok()) return signature.status();
  }
  return absl::StrCat(input, ".", absl::WebSafeBase64Escape(*signature));
}

}  // namespace opendata::auth
