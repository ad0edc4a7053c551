// The opendata-admin command line: subcommands gen-key and mint-token for
// local-development HS256 tokens, gen-jwks and mint-token --alg RS256|ES256
// for identity-provider style key pairs and tokens, and checkpoint-key for the
// Ed25519 key pair that signs checkpoints.
// Thread-safety: RunAdmin uses no shared state of its own, but writes to the
// streams it is given.
#ifndef OPENDATA_TOOLS_ADMIN_ADMIN_COMMANDS_H_
#define OPENDATA_TOOLS_ADMIN_ADMIN_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

namespace opendata::admin {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure =
    1;  // The command was understood but failed (e.g. key file missing).
inline constexpr int kExitUsage =
    2;  // Bad usage: unknown subcommand or flag, missing or invalid value.

// Runs opendata-admin with its arguments (argv without the program name).
// Results go to out (mint-token prints only the token, so that
// TOKEN=$(opendata-admin mint-token ...) works), messages to err. Returns the
// process exit code.
int RunAdmin(const std::vector<std::string>& args, std::ostream& out,
             std::ostream& err);

}  // namespace opendata::admin

#endif  // OPENDATA_TOOLS_ADMIN_ADMIN_COMMANDS_H_
