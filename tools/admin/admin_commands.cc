// The opendata-admin subcommands gen-key, mint-token and checkpoint-key (see
// admin_commands.h).
// Thread-safety: no shared state; output goes to the streams passed in.
#include "tools/admin/admin_commands.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/ed25519.h"
#include "services/auth/hs256_jwt.h"
#include "services/auth/key_file.h"
#include "services/auth/token_claims.h"
#include "tools/admin/flag_parser.h"

namespace opendata::admin {
namespace {

constexpr char kMainHelp[] =
    R"(opendata-admin: operator tools for the Jining public data platform (local development).

Usage:
  opendata-admin gen-key --key-file PATH [--force]
  opendata-admin mint-token --key-file PATH --subject S --role ROLE --org ORG
                            --level CITY|COUNTY --region CODE [options]
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

constexpr char kMintTokenHelp[] =
    R"(opendata-admin mint-token: print a signed HS256 bearer token on stdout, e.g. for grpcurl:
  TOKEN=$(opendata-admin mint-token --key-file dev.key --subject u1 --role PROVIDER \
          --org org-1 --level CITY --region 3708)
  grpcurl -H "authorization: Bearer $TOKEN" ...

Usage: opendata-admin mint-token --key-file PATH --subject S --role ROLE --org ORG
                                 --level CITY|COUNTY --region CODE [options]

Required:
  --key-file PATH        HS256 key file written by 'opendata-admin gen-key'
  --subject S            account id (claim sub)
  --role ROLE            PROVIDER, REVIEWER, USER, AUDITOR or OPERATOR (claim role)
  --org ORG              organisation id (claim org)
  --level LEVEL          CITY or COUNTY (claim level)
  --region CODE          4-digit city code for CITY (e.g. 3708), 6-digit county code for COUNTY
                         (e.g. 370811) (claim region)
Options:
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
  std::string key_file;
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
  for (absl::string_view required :
       {"key-file", "subject", "role", "org", "level", "region"}) {
    if (value(required).empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", required, " is required"));
    }
  }
  MintRequest request;
  request.key_file = value("key-file");
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

int RunMintToken(const std::vector<std::string>& args, std::ostream& out,
                 std::ostream& err) {
  constexpr absl::string_view kCommand = "mint-token";
  if (WantsHelp(args)) {
    out << kMintTokenHelp;
    return kExitOk;
  }
  absl::StatusOr<FlagValues> flags =
      ParseFlags(args, {{"key-file", true},
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
  const absl::StatusOr<std::string> key = auth::ReadKeyFile(request->key_file);
  if (!key.ok()) return Failure(kCommand, key.status().message(), err);
  const absl::Time now = absl::Now();
  request->claims.issued_at = now;
  request->claims.not_before = now;
  request->claims.expires_at = now + request->ttl;
  const absl::StatusOr<std::string> token = auth::MintHs256(
      request->claims, *key, request->issuer, request->audience);
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
  if (command == "mint-token") return RunMintToken(rest, out, err);
  if (command == "checkpoint-key") return RunCheckpointKey(rest, out, err);
  err << "opendata-admin: unknown subcommand '" << command << "'\n"
      << "Run 'opendata-admin --help' for usage.\n";
  return kExitUsage;
}

}  // namespace opendata::admin
