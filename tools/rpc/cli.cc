// The opendata-rpc command (see cli.h).
// Thread-safety: no shared state; see the header.
#include "tools/rpc/cli.h"

#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tools/rpc/cli_flags.h"
#include "tools/rpc/describe.h"
#include "tools/rpc/dial.h"
#include "tools/rpc/headers.h"
#include "tools/rpc/invoke.h"
#include "tools/rpc/reflection_client.h"
#include "tools/rpc/rpc_status.h"

namespace opendata::rpc {
namespace {

constexpr char kVersion[] = "1.0.0";

enum class Verb { kList, kDescribe, kInvoke };

// What the positional arguments ask for.
struct Command {
  std::string address;
  Verb verb = Verb::kInvoke;
  std::string symbol;  // May be empty for list and describe.
};

// Everything a verb needs.
struct Session {
  const CliOptions& options;
  const Command& command;
  ReflectionClient& reflection;
  const std::shared_ptr<grpc::Channel>& channel;
  const Metadata& rpc_metadata;
  std::optional<absl::Time> deadline;
};

// A usage problem: grpcurl's wording when it has one, or "" when all is well.
std::string CheckOptions(const CliOptions& options) {
  if (options.format == "text") {
    return "The -format option 'text' is not supported by opendata-rpc; use "
           "'json'.";
  }
  if (options.format != "json") {
    return "The -format option must be 'json' or 'text'.";
  }
  if (options.connect_timeout < 0) {
    return "The -connect-timeout argument must not be negative.";
  }
  if (options.max_time < 0) {
    return "The -max-time argument must not be negative.";
  }
  if (options.max_msg_sz < 0) {
    return "The -max-msg-sz argument must not be negative.";
  }
  if (options.insecure) {
    return options.plaintext
               ? "The -insecure argument can only be used with TLS."
               : "The -insecure argument is not supported by opendata-rpc; use "
                 "-cacert to trust the server's certificate.";
  }
  if (options.plaintext && !options.cert.empty()) {
    return "The -cert argument can only be used with TLS.";
  }
  if (options.plaintext && !options.key.empty()) {
    return "The -key argument can only be used with TLS.";
  }
  if (options.cert.empty() != options.key.empty()) {
    return "The -cert and -key arguments must be used together and both be "
           "present.";
  }
  return "";
}

absl::StatusOr<Command> ParseCommand(const std::vector<std::string>& args) {
  Command command;
  size_t i = 0;
  if (!args.empty() && args[0] != "list" && args[0] != "describe") {
    command.address = args[i++];
  }
  if (i == args.size()) return absl::InvalidArgumentError("Too few arguments.");
  if (args[i] == "list" || args[i] == "describe") {
    command.verb = args[i] == "list" ? Verb::kList : Verb::kDescribe;
    ++i;
    if (i < args.size()) command.symbol = args[i++];
  } else {
    command.symbol = args[i++];
  }
  if (i < args.size()) return absl::InvalidArgumentError("Too many arguments.");
  if (command.address.empty()) {
    return absl::InvalidArgumentError("No host:port specified.");
  }
  return command;
}

int Fail(std::ostream& err, absl::string_view message) {
  err << message << "\n";
  return kExitFailure;
}

int List(const Session& session, std::ostream& out, std::ostream& err) {
  const std::string& service = session.command.symbol;
  absl::StatusOr<std::vector<std::string>> names =
      service.empty() ? session.reflection.ListServices()
                      : session.reflection.ListMethods(service);
  if (!names.ok()) {
    return Fail(err,
                service.empty()
                    ? absl::StrCat("Failed to list services: ",
                                   names.status().message())
                    : absl::StrCat("Failed to list methods for service \"",
                                   service, "\": ", names.status().message()));
  }
  if (names->empty())
    out << (service.empty() ? "(No services)\n" : "(No methods)\n");
  for (const std::string& name : *names) out << name << "\n";
  return 0;
}

int Describe(const Session& session, std::ostream& out, std::ostream& err) {
  std::vector<std::string> symbols;
  if (session.command.symbol.empty()) {
    absl::StatusOr<std::vector<std::string>> services =
        session.reflection.ListServices();
    if (!services.ok()) {
      return Fail(err, absl::StrCat("Failed to list services: ",
                                    services.status().message()));
    }
    if (services->empty()) {
      out << "Server returned an empty list of exposed services\n";
    }
    symbols = *std::move(services);
  } else {
    symbols.push_back(session.command.symbol);
  }
  for (const std::string& symbol : symbols) {
    absl::StatusOr<SymbolDescriptor> descriptor =
        session.reflection.FindSymbol(symbol);
    if (!descriptor.ok()) {
      return Fail(err, absl::StrCat("Failed to resolve symbol \"", symbol,
                                    "\": ", descriptor.status().message()));
    }
    out << DescribeSymbol(*descriptor);
  }
  return 0;
}

int Invoke(const Session& session, std::istream& in, std::ostream& out,
           std::ostream& err) {
  const CliOptions& options = session.options;
  std::string data = options.data.value_or("");
  if (data == "@") {
    data.assign(std::istreambuf_iterator<char>(in),
                std::istreambuf_iterator<char>());
  }
  InvokeOptions invoke_options;
  invoke_options.metadata = session.rpc_metadata;
  invoke_options.deadline = session.deadline;
  invoke_options.allow_unknown_fields = options.allow_unknown_fields;
  invoke_options.output = {.emit_defaults = options.emit_defaults,
                           .keep_proto_names = options.keep_proto_names};
  absl::StatusOr<grpc::Status> status =
      InvokeMethod(session.reflection, session.channel, session.command.symbol,
                   data, invoke_options, [&out](const std::string& json) {
                     out << json << "\n" << std::flush;
                   });
  if (!status.ok()) {
    return Fail(err,
                absl::StrCat("Error invoking method \"", session.command.symbol,
                             "\": ", status.status().message()));
  }
  if (!status->ok()) {
    err << FormatRpcError(*status, session.reflection.pool(),
                          invoke_options.output);
    return kExitStatusOffset + static_cast<int>(status->error_code());
  }
  return 0;
}

DialOptions MakeDialOptions(const CliOptions& options) {
  DialOptions dial;
  dial.plaintext = options.plaintext;
  dial.ca_cert_file = options.cacert;
  dial.cert_file = options.cert;
  dial.key_file = options.key;
  dial.authority = options.authority;
  dial.user_agent = options.user_agent;
  dial.max_receive_message_size = options.max_msg_sz;
  if (options.connect_timeout > 0) {
    dial.connect_timeout = absl::Seconds(options.connect_timeout);
  }
  return dial;
}

std::vector<std::string> Concat(std::vector<std::string> a,
                                const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

int RunCli(absl::string_view program, const std::vector<std::string>& args,
           std::istream& in, std::ostream& out, std::ostream& err) {
  const auto usage_error = [&](absl::string_view message) {
    err << message << "\nTry '" << program << " -help' for more details.\n";
    return kExitUsage;
  };
  absl::StatusOr<CliOptions> options = ParseCommandLine(args);
  if (!options.ok()) return usage_error(options.status().message());
  if (options->help) {
    err << Usage(program);
    return 0;
  }
  if (options->version) {
    err << program << " " << kVersion << "\n";
    return 0;
  }
  if (const std::string problem = CheckOptions(*options); !problem.empty()) {
    return usage_error(problem);
  }
  absl::StatusOr<Command> command = ParseCommand(options->positional);
  if (!command.ok()) return usage_error(command.status().message());
  if (command->verb != Verb::kInvoke) {
    if (options->data.has_value()) {
      err << "Warning: The -d argument is not used with 'list' or 'describe' "
             "verb.\n";
    }
    if (!options->rpc_headers.empty()) {
      err << "Warning: The -rpc-header argument is not used with 'list' or "
             "'describe' verb.\n";
    }
  }
  absl::StatusOr<Metadata> reflect_metadata =
      ParseHeaders(Concat(options->headers, options->reflect_headers),
                   options->expand_headers);
  if (!reflect_metadata.ok()) {
    return usage_error(reflect_metadata.status().message());
  }
  absl::StatusOr<Metadata> rpc_metadata = ParseHeaders(
      Concat(options->headers, options->rpc_headers), options->expand_headers);
  if (!rpc_metadata.ok()) return usage_error(rpc_metadata.status().message());

  std::optional<absl::Time> deadline;
  if (options->max_time > 0) {
    deadline = absl::Now() + absl::Seconds(options->max_time);
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      Dial(command->address, MakeDialOptions(*options), deadline);
  if (absl::IsInvalidArgument(channel.status())) {
    return Fail(err, absl::StrCat("Failed to create TLS config: ",
                                  channel.status().message()));
  }
  if (!channel.ok()) {
    return Fail(err,
                absl::StrCat("Failed to dial target host \"", command->address,
                             "\": ", channel.status().message()));
  }
  ReflectionClient reflection(*channel, *std::move(reflect_metadata), deadline);
  const Session session{*options, *command,      reflection,
                        *channel, *rpc_metadata, deadline};
  switch (command->verb) {
    case Verb::kList:
      return List(session, out, err);
    case Verb::kDescribe:
      return Describe(session, out, err);
    case Verb::kInvoke:
      return Invoke(session, in, out, err);
  }
  return kExitFailure;
}

}  // namespace opendata::rpc
