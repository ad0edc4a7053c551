// Go-style flag parsing for opendata-rpc (see cli_flags.h).
// Thread-safety: stateless; safe to call concurrently.
#include "tools/rpc/cli_flags.h"

#include <type_traits>
#include <variant>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace opendata::rpc {
namespace {

using Target = std::variant<bool CliOptions::*, std::string CliOptions::*,
                            std::optional<std::string> CliOptions::*,
                            std::vector<std::string> CliOptions::*,
                            double CliOptions::*, int CliOptions::*>;

struct FlagSpec {
  const char* name;
  Target target;
  const char* help;
};

constexpr FlagSpec kFlags[] = {
    {"H", &CliOptions::headers,
     "Additional header in 'name: value' format, sent with reflection requests "
     "and the RPC. Repeatable."},
    {"allow-unknown-fields", &CliOptions::allow_unknown_fields,
     "Ignore unknown fields in the JSON request data."},
    {"authority", &CliOptions::authority,
     "The :authority pseudo-header; with TLS also the name the server "
     "certificate must match."},
    {"cacert", &CliOptions::cacert,
     "File of PEM root certificates for verifying the server."},
    {"cert", &CliOptions::cert,
     "File of the PEM client certificate, for mutual TLS (with -key)."},
    {"connect-timeout", &CliOptions::connect_timeout,
     "Seconds to wait for the connection to be established (default 10)."},
    {"d", &CliOptions::data,
     "Request data as JSON; '@' reads it from standard input. Streaming "
     "requests are several concatenated JSON messages."},
    {"emit-defaults", &CliOptions::emit_defaults,
     "Print fields that hold their default value in JSON responses."},
    {"expand-headers", &CliOptions::expand_headers,
     "Replace '${NAME}' in headers with the environment variable NAME."},
    {"format", &CliOptions::format,
     "Format of request and response data; only 'json' is supported."},
    {"help", &CliOptions::help, "Print usage instructions and exit."},
    {"insecure", &CliOptions::insecure,
     "Skip server certificate verification (not supported)."},
    {"keep-proto-names", &CliOptions::keep_proto_names,
     "Use the .proto field names instead of lowerCamelCase in JSON "
     "responses."},
    {"key", &CliOptions::key,
     "File of the PEM client private key, for mutual TLS (with -cert)."},
    {"max-msg-sz", &CliOptions::max_msg_sz,
     "Largest response message accepted, in bytes (default 4194304)."},
    {"max-time", &CliOptions::max_time,
     "Seconds the whole operation may take, including connecting."},
    {"plaintext", &CliOptions::plaintext, "Use plain-text HTTP/2 (no TLS)."},
    {"reflect-header", &CliOptions::reflect_headers,
     "Like -H, but only sent with reflection requests. Repeatable."},
    {"rpc-header", &CliOptions::rpc_headers,
     "Like -H, but only sent with the RPC. Repeatable."},
    {"user-agent", &CliOptions::user_agent,
     "Value prepended to the user agent."},
    {"version", &CliOptions::version, "Print the version and exit."},
};

const FlagSpec* FindFlag(absl::string_view name) {
  if (name == "h") name = "help";
  for (const FlagSpec& flag : kFlags) {
    if (name == flag.name) return &flag;
  }
  return nullptr;
}

bool IsBool(const FlagSpec& flag) {
  return std::holds_alternative<bool CliOptions::*>(flag.target);
}

// Go's strconv.ParseBool.
std::optional<bool> ParseBool(absl::string_view value) {
  for (const char* t : {"1", "t", "T", "TRUE", "true", "True"}) {
    if (value == t) return true;
  }
  for (const char* f : {"0", "f", "F", "FALSE", "false", "False"}) {
    if (value == f) return false;
  }
  return std::nullopt;
}

absl::Status Assign(const FlagSpec& flag, const std::string& value,
                    CliOptions* options) {
  const absl::Status invalid = absl::InvalidArgumentError(absl::StrCat(
      "invalid value \"", value, "\" for flag -", flag.name, ": parse error"));
  return std::visit(
      [&](auto member) -> absl::Status {
        auto& field = options->*member;
        using Field = std::decay_t<decltype(field)>;
        if constexpr (std::is_same_v<Field, bool>) {
          const std::optional<bool> parsed = ParseBool(value);
          if (!parsed.has_value()) {
            return absl::InvalidArgumentError(
                absl::StrCat("invalid boolean value \"", value, "\" for -",
                             flag.name, ": parse error"));
          }
          field = *parsed;
        } else if constexpr (std::is_same_v<Field, double>) {
          if (!absl::SimpleAtod(value, &field)) return invalid;
        } else if constexpr (std::is_same_v<Field, int>) {
          if (!absl::SimpleAtoi(value, &field)) return invalid;
        } else if constexpr (std::is_same_v<Field, std::vector<std::string>>) {
          field.push_back(value);
        } else {
          field = value;
        }
        return absl::OkStatus();
      },
      flag.target);
}

}  // namespace

absl::StatusOr<CliOptions> ParseCommandLine(
    const std::vector<std::string>& args) {
  CliOptions options;
  size_t i = 0;
  while (i < args.size()) {
    const std::string& arg = args[i];
    if (arg.size() < 2 || arg[0] != '-') break;
    ++i;
    if (arg == "--") break;
    absl::string_view name(arg);
    name.remove_prefix(name[1] == '-' ? 2 : 1);
    if (name.empty() || name[0] == '-' || name[0] == '=') {
      return absl::InvalidArgumentError(absl::StrCat("bad flag syntax: ", arg));
    }
    std::optional<std::string> value;
    if (const size_t eq = name.find('='); eq != absl::string_view::npos) {
      value = std::string(name.substr(eq + 1));
      name = name.substr(0, eq);
    }
    const FlagSpec* flag = FindFlag(name);
    if (flag == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag provided but not defined: -", name));
    }
    if (!value.has_value()) {
      if (IsBool(*flag)) {
        value = "true";
      } else if (i < args.size()) {
        value = args[i++];
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("flag needs an argument: -", name));
      }
    }
    if (absl::Status assigned = Assign(*flag, *value, &options);
        !assigned.ok()) {
      return assigned;
    }
  }
  options.positional.assign(args.begin() + static_cast<std::ptrdiff_t>(i),
                            args.end());
  return options;
}

std::string Usage(absl::string_view program) {
  std::string usage = absl::StrCat(
      "Usage:\n\t", program, " [flags] address [list|describe] [symbol]\n\n",
      "A grpcurl-compatible client: the server must expose the reflection "
      "service.\n\n"
      "If 'list' is given, the symbol (if present) is a fully-qualified "
      "service name\nwhose methods are listed; otherwise all exposed services "
      "are listed.\n\n"
      "If 'describe' is given, the descriptor of the symbol (a service, "
      "method,\nmessage, field, enum or enum value) is shown; without a "
      "symbol, all exposed\nservices are described.\n\n"
      "Otherwise the symbol is a method in 'service/method' or "
      "'service.method' form,\nwhich is invoked with the request data of -d "
      "(an empty message if none).\n\n"
      "Available flags:\n");
  for (const FlagSpec& flag : kFlags) {
    absl::StrAppend(&usage, "  -", flag.name, IsBool(flag) ? "" : " value",
                    "\n    \t", flag.help, "\n");
  }
  return usage;
}

}  // namespace opendata::rpc
