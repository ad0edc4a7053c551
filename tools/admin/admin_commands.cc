// The opendata-admin subcommands gen-key, gen-jwks, mint-token and
// checkpoint-key (see admin_commands.h).
// Thread-safety: no shared state; output goes to the streams passed in.
#include "tools/admin/admin_commands.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/ed25519.h"
#include "services/auth/hs256_jwt.h"
#include "services/auth/jwks.h"
#include "services/auth/jwt_signer.h"
#include "services/auth/key_file.h"
#include "services/auth/token_claims.h"
#include "tools/admin/flag_parser.h"

namespace opendata::admin {
namespace {

constexpr char kMainHelp[] =
    R"(opendata-admin: operator tools for the Jining public data platform (local development).

Usage:
  opendata-admin gen-key --key-file PATH [--force]
  opendata-admin gen-jwks --alg RS256|ES256 --kid K --out-private PATH --out-jwks PATH [--append]
  opendata-admin mint-token --key-file PATH --subject S --role ROLE --org ORG
                            --level CITY|COUNTY --region CODE [options]
  opendata-admin mint-token --alg RS256|ES256 --private-key PATH --kid K --subject S ...
  opendata-admin checkpoint-key --out DIR
  opendata-admin help | --help

Run 'opendata-admin <subcommand> --help' for the flags of a subcommand.
Exit codes: 0 success, 1 failure, 2 bad usage.
)";

constexpr char kGenKeyHelp[] =
    R"(opendata-admin gen-key: write a new HS256 signing key (hex of 32 random bytes, file mode 0600).

Usage: opendata-admin gen-key --key-file PATH [--force]

  --key-file PATH   where to write the key; missing parent directories are created (mode 0700)
  --force           replace an existing key file (every token signed with the old key stops working)
  --help            show this help
)";

constexpr char kGenJwksHelp[] =
    R"(opendata-admin gen-jwks: make an RS256 or ES256 signing key pair in the identity provider's place:
the private key (PKCS#8 PEM, mode 0600; mint tokens with it) and a JWKS with its public key (give it to
opendata-server --jwks-file).

Usage: opendata-admin gen-jwks --alg RS256|ES256 --kid K --out-private PATH --out-jwks PATH [--append]

  --alg ALG           RS256 (RSA 2048) or ES256 (EC P-256)
  --kid K             key id, written in the JWKS and in the header of the tokens signed with the key
  --out-private PATH  where to write the private key (never replaced)
  --out-jwks PATH     the JWKS file to write (never replaced without --append)
  --append            add the key to the existing JWKS at --out-jwks (key rotation: old and new
                      key both verify until the old one is removed from the file; then send the
                      server SIGHUP)
  --help              show this help
)";

constexpr char kMintTokenHelp[] =
    R"(opendata-admin mint-token: print a signed bearer token on stdout, e.g. for grpcurl:
  TOKEN=$(opendata-admin mint-token --key-file dev.key --subject u1 --role PROVIDER \
          --org org-1 --level CITY --region 3708)
  grpcurl -H "authorization: Bearer $TOKEN" ...

Usage: opendata-admin mint-token --key-file PATH --subject S --role ROLE --org ORG
                                 --level CITY|COUNTY --region CODE [options]

Required:
  --key-file PATH        HS256 key file written by 'opendata-admin gen-key' (for --alg HS256)
  --subject S            account id (claim sub)
  --role ROLE            PROVIDER, REVIEWER, USER, AUDITOR or OPERATOR (claim role)
  --org ORG              organisation id (claim org)
  --level LEVEL          CITY or COUNTY (claim level)
  --region CODE          4-digit city code for CITY (e.g. 3708), 6-digit county code for COUNTY
                         (e.g. 370811) (claim region)
Options:
  --alg ALG              HS256 (default; development servers only), RS256 or ES256
  --private-key PATH     RS256/ES256: the private key written by 'opendata-admin gen-jwks'
  --kid K                RS256/ES256: its key id (header kid)
  --name NAME            display name (claim name)
  --person-type TYPE     NATURAL or LEGAL; required for role USER, refused for other roles
                         (claim person_type)
  --real-name-verified   mark the account real-name verified (claim rnv; default false)
  --ttl DURATION         lifetime, e.g. 30m, 8h, 1h30m; at most 720h (default 8h)
  --issuer ISS           claim iss (default jining-opendata-local)
  --audience AUD         claim aud (default jining.opendata.v1)
  --help                 show this help
)";

constexpr char kCheckpointKeyHelp[] =
    R"(opendata-admin checkpoint-key: write a new Ed25519 key pair that signs checkpoints of the log:
DIR/checkpoint-ed25519.pem (PKCS#8 private key, mode 0600; give it to opendata-server --checkpoint-key)
and DIR/checkpoint-ed25519.pub.pem (the public key to publish for checking receipts).

Usage: opendata-admin checkpoint-key --out DIR

  --out DIR   directory to write the pair to (created if missing); an existing pair is never replaced
  --help      show this help
)";

constexpr absl::Duration kDefaultTtl = absl::Hours(8);
constexpr absl::Duration kMaxTtl = absl::Hours(720);

bool WantsHelp(const std::vector<std::string>& args) {
  return std::any_of(args.begin(), args.end(), [](const std::string& arg) {
    return arg == "--help" || arg == "-h";
  });
}

int UsageError(absl::string_view subcommand, absl::string_view message,
               std::ostream& err) {
  err << "opendata-admin " << subcommand << ": " << message << "\n"
      << "Run 'opendata-admin " << subcommand << " --help' for usage.\n";
  return kExitUsage;
}

int Failure(absl::string_view subcommand, absl::string_view message,
            std::ostream& err) {
  err << "opendata-admin " << subcommand << ": " << message << "\n";
  return kExitFailure;
}

int RunGenKey(const std::vector<std::string>& args, std::ostream& out,
              std::ostream& err) {
  constexpr absl::string_view kCommand = "gen-key";
  if (WantsHelp(args)) {
    out << kGenKeyHelp;
    return kExitOk;
  }
  absl::StatusOr<FlagValues> flags =
      ParseFlags(args, {{"key-file", true}, {"force", false}});
  if (!flags.ok()) return UsageError(kCommand, flags.status().message(), err);
  const auto key_file = flags->find("key-file");
  if (key_file == flags->end() || key_file->second.empty()) {
    return UsageError(kCommand, "--key-file is required", err);
  }
  const bool force = flags->count("force") > 0;
  const absl::Status status = auth::GenerateKeyFile(key_file->second, force);
  if (absl::IsAlreadyExists(status)) {
    return Failure(
        kCommand,
        absl::StrCat(status.message(), "; pass --force to replace it"), err);
  }
  if (!status.ok()) return Failure(kCommand, status.message(), err);
  err << "opendata-admin gen-key: wrote a new HS256 key to " << key_file->second
      << " (mode 0600)\n";
  return kExitOk;
}

int RunCheckpointKey(const std::vector<std::string>& args, std::ostream& out,
                     std::ostream& err) {
  constexpr absl::string_view kCommand = "checkpoint-key";
  if (WantsHelp(args)) {
    out << kCheckpointKeyHelp;
    return kExitOk;
  }
  absl::StatusOr<FlagValues> flags = ParseFlags(args, {{"out", true}});
  if (!flags.ok()) return UsageError(kCommand, flags.status().message(), err);
  const auto dir = flags->find("out");
  if (dir == flags->end() || dir->second.empty()) {
    return UsageError(kCommand, "--out is required", err);
  }
  const std::string path = absl::StrCat(dir->second, "/checkpoint-ed25519.pem");
  absl::StatusOr<Ed25519Signer> signer = WriteNewEd25519KeyPair(path);
  if (!signer.ok()) return Failure(kCommand, signer.status().message(), err);
  out << "key_id " << signer->key_id() << "\n";
  err << "opendata-admin checkpoint-key: wrote " << path << " (mode 0600) and "
      << Ed25519PublicKeyPath(path) << "\n";
  return kExitOk;
}

struct MintRequest {
  auth::JwtAlg alg = auth::JwtAlg::kHs256;
  // HS256: the key file; RS256/ES256: the private key PEM and its kid.
  std::string key_file;
  std::string private_key;
  std::string kid;
  auth::TokenClaims claims;  // Times are set when minting.
  absl::Duration ttl;
  std::string issuer;
  std::string audience;
};

// Turns mint-token flags into a request; every error is a usage error with a
// message for the user.
absl::StatusOr<MintRequest> ParseMintRequest(const FlagValues& flags) {
  const auto value = [&flags](absl::string_view name) -> std::string {
    const auto it = flags.find(name);
    return it == flags.end() ? std::string() : it->second;
  };
  MintRequest request;
  const std::string alg = flags.count("alg") > 0 ? value("alg") : "HS256";
  std::vector<absl::string_view> required = {"subject", "role", "org", "level",
                                             "region"};
  if (alg == auth::kAlgHs256) {
    required.push_back("key-file");
  } else if (alg == auth::kAlgRs256 || alg == auth::kAlgEs256) {
    request.alg =
        alg == auth::kAlgRs256 ? auth::JwtAlg::kRs256 : auth::JwtAlg::kEs256;
    required.push_back("private-key");
    required.push_back("kid");
  } else {
    return absl::InvalidArgumentError("--alg must be HS256, RS256 or ES256");
  }
  for (absl::string_view name : required) {
    if (value(name).empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", name, " is required"));
    }
  }
  request.key_file = value("key-file");
  request.private_key = value("private-key");
  request.kid = value("kid");
  request.claims.subject = value("subject");
  request.claims.role = value("role");
  request.claims.organization = value("org");
  request.claims.level = value("level");
  request.claims.region = value("region");
  request.claims.name = value("name");
  request.claims.person_type = value("person-type");
  request.claims.real_name_verified = flags.count("real-name-verified") > 0;
  if (const absl::Status status = auth::ValidateClaimValues(request.claims);
      !status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid claim ", status.message()));
  }
  request.ttl = kDefaultTtl;
  if (flags.count("ttl") > 0 &&
      !absl::ParseDuration(value("ttl"), &request.ttl)) {
    return absl::InvalidArgumentError(
        "--ttl must be a duration such as 30m, 8h or 1h30m");
  }
  if (request.ttl <= absl::ZeroDuration() || request.ttl > kMaxTtl) {
    return absl::InvalidArgumentError(
        "--ttl must be positive and at most 720h");
  }
  request.issuer = flags.count("issuer") > 0
                       ? value("issuer")
                       : std::string(auth::kDefaultIssuer);
  request.audience = flags.count("audience") > 0
                         ? value("audience")
                         : std::string(auth::kDefaultAudience);
  if (request.issuer.empty() || request.audience.empty()) {
    return absl::InvalidArgumentError(
        "--issuer and --audience must not be empty");
  }
  return request;
}

absl::StatusOr<std::string> Mint(const MintRequest& request) {
  if (request.alg == auth::JwtAlg::kHs256) {
    absl::StatusOr<std::string> key = auth::ReadKeyFile(request.key_file);
    if (!key.ok()) return key.status();
    return auth::MintHs256(request.claims, *key, request.issuer,
                           request.audience);
  }
  absl::StatusOr<auth::PublicKey> key =
      auth::ReadPrivateKeyPem(request.private_key);
  if (!key.ok()) return key.status();
  return auth::MintJwt(request.claims, request.alg, key->get(), request.kid,
                       request.issuer, request.audience);
}

absl::StatusOr<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot read"));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Writes text to path through a temporary file and a rename, so that a server
// reloading the file never reads half of it.
absl::Status WriteAtomically(const std::string& path, const std::string& text) {
  const std::string temporary = absl::StrCat(path, ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      return absl::PermissionDeniedError(
          absl::StrCat(temporary, ": cannot write"));
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    return absl::PermissionDeniedError(
        absl::StrCat(path, ": ", error.message()));
  }
  return absl::OkStatus();
}

int RunGenJwks(const std::vector<std::string>& args, std::ostream& out,
               std::ostream& err) {
  constexpr absl::string_view kCommand = "gen-jwks";
  if (WantsHelp(args)) {
    out << kGenJwksHelp;
    return kExitOk;
  }
  absl::StatusOr<FlagValues> flags = ParseFlags(args, {{"alg", true},
                                                       {"kid", true},
                                                       {"out-private", true},
                                                       {"out-jwks", true},
                                                       {"append", false}});
  if (!flags.ok()) return UsageError(kCommand, flags.status().message(), err);
  for (const char* name : {"alg", "kid", "out-private", "out-jwks"}) {
    if (flags->count(name) == 0 || flags->at(name).empty()) {
      return UsageError(kCommand, absl::StrCat("--", name, " is required"),
                        err);
    }
  }
  const std::string& alg = flags->at("alg");
  if (alg != auth::kAlgRs256 && alg != auth::kAlgEs256) {
    return UsageError(kCommand, "--alg must be RS256 or ES256", err);
  }
  const std::string& jwks_path = flags->at("out-jwks");
  const std::string& private_path = flags->at("out-private");
  const bool append = flags->count("append") > 0;
  std::vector<std::string> keys;
  if (append) {
    absl::StatusOr<std::string> existing = ReadText(jwks_path);
    if (!existing.ok()) {
      return Failure(kCommand, existing.status().message(), err);
    }
    absl::StatusOr<std::vector<std::string>> texts = auth::JwkTexts(*existing);
    if (!texts.ok()) {
      return Failure(kCommand,
                     absl::StrCat(jwks_path, ": ", texts.status().message()),
                     err);
    }
    keys = *std::move(texts);
  } else if (std::filesystem::exists(jwks_path)) {
    return Failure(
        kCommand,
        absl::StrCat(jwks_path, " exists (use --append to add a key)"), err);
  }
  absl::StatusOr<auth::PublicKey> key = auth::GeneratePrivateKey(
      alg == auth::kAlgRs256 ? auth::JwtAlg::kRs256 : auth::JwtAlg::kEs256);
  if (!key.ok()) return Failure(kCommand, key.status().message(), err);
  absl::StatusOr<std::string> jwk =
      auth::PublicJwkJson(key->get(), flags->at("kid"));
  if (!jwk.ok()) return Failure(kCommand, jwk.status().message(), err);
  keys.push_back(*jwk);
  // Checked (e.g. a duplicate kid) before anything is written.
  absl::StatusOr<std::string> jwks = auth::JwksJson(keys);
  if (!jwks.ok()) return Failure(kCommand, jwks.status().message(), err);
  if (absl::Status status = auth::WritePrivateKeyPem(key->get(), private_path);
      !status.ok()) {
    return Failure(kCommand, status.message(), err);
  }
  if (absl::Status status = WriteAtomically(jwks_path, *jwks + "\n");
      !status.ok()) {
    return Failure(kCommand, status.message(), err);
  }
  out << "kid " << flags->at("kid") << "\n";
  err << "opendata-admin gen-jwks: wrote " << private_path
      << " (mode 0600) and " << jwks_path << " (" << keys.size()
      << " key(s))\n";
  return kExitOk;
}

int RunMintToken(const std::vector<std::string>& args, std::ostream& out,
                 std::ostream& err) {
  constexpr absl::string_view kCommand = "mint-token";
  if (WantsHelp(args)) {
    out << kMintTokenHelp;
    return kExitOk;
  }
  absl::StatusOr<FlagValues> flags =
      ParseFlags(args, {{"key-file", true},
                        {"alg", true},
                        {"private-key", true},
                        {"kid", true},
                        {"subject", true},
                        {"role", true},
                        {"org", true},
                        {"level", true},
                        {"region", true},
                        {"name", true},
                        {"person-type", true},
                        {"real-name-verified", false},
                        {"ttl", true},
                        {"issuer", true},
                        {"audience", true}});
  if (!flags.ok()) return UsageError(kCommand, flags.status().message(), err);
  absl::StatusOr<MintRequest> request = ParseMintRequest(*flags);
  if (!request.ok()) {
    return UsageError(kCommand, request.status().message(), err);
  }
  const absl::Time now = absl::Now();
  request->claims.issued_at = now;
  request->claims.not_before = now;
  request->claims.expires_at = now + request->ttl;
  const absl::StatusOr<std::string> token = Mint(*request);
  if (!token.ok()) return Failure(kCommand, token.status().message(), err);
  out << *token << "\n";
  return kExitOk;
}

}  // namespace

int RunAdmin(const std::vector<std::string>& args, std::ostream& out,
             std::ostream& err) {
  if (args.empty()) {
    err << kMainHelp;
    return kExitUsage;
  }
  const std::string& command = args.front();
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "help" || command == "--help" || command == "-h") {
    out << kMainHelp;
    return kExitOk;
  }
  if (command == "gen-key") return RunGenKey(rest, out, err);
  if (command == "gen-jwks") return RunGenJwks(rest, out, err);
  if (command == "mint-token") return RunMintToken(rest, out, err);
  if (command == "checkpoint-key") return RunCheckpointKey(rest, out, err);
  err << "opendata-admin: unknown subcommand '" << command << "'\n"
      << "Run 'opendata-admin --help' for usage.\n";
  return kExitUsage;
}

}  // namespace opendata::admin
